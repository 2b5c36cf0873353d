"""A card of labelled form rows, each field with its inline error line beneath it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.widgets.card import make_card
from ui.widgets.field_error import FieldError

#: style for the row labels (add to the form's style sheet)
FORM_LABEL_STYLE = "QLabel#formLabel { color: #33475b; min-width: 64px; }"


def add_form_card(column: QVBoxLayout, title: str, icon: str,
                  rows: Sequence[tuple[str, QWidget, FieldError | None]], *, labels: bool = True) -> None:
    """Append a card to `column` with one row per (label, field, error line or None).

    Without `labels` the fields span the whole width (a strip of photos, a note).
    """
    frame, body, _ = make_card(title, icon)
    column.addWidget(frame)
    grid = QGridLayout()
    body.addLayout(grid)
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(3)
    grid.setColumnStretch(1, 1)
    row = 0
    for label, widget, error in rows:
        if labels:
            top = Qt.AlignmentFlag.AlignTop if isinstance(widget, QPlainTextEdit) else Qt.AlignmentFlag(0)
            grid.addWidget(QLabel(label, objectName="formLabel"), row, 0, top)
        grid.addWidget(widget, row, 1 if labels else 0, 1, 1 if labels else 2)
        row += 1
        if error is not None:
            grid.addWidget(error, row, 1)
            row += 1
        grid.setRowMinimumHeight(row, 7)
        row += 1
