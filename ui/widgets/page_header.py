"""The top row of a list page (case queue, docket, people ledger, map, reports): the page title,
what the page shows now (counts, the period), and the page's buttons at the right end."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QHBoxLayout, QWidget

#: the gap between the title and each group of information after it
GROUP_GAP = 16


def page_header(title: QWidget, *groups: QWidget | tuple[QWidget, ...],
                actions: Iterable[QWidget] = ()) -> QHBoxLayout:
    """The title, then each group (a widget, or widgets that belong together such as a label and
    its picker) `GROUP_GAP` apart, a stretch, then `actions` in order at the right."""
    row = QHBoxLayout()
    row.addWidget(title)
    for group in groups:
        row.addSpacing(GROUP_GAP)
        for widget in group if isinstance(group, tuple) else (group,):
            row.addWidget(widget)
    row.addStretch(1)
    for widget in actions:
        row.addWidget(widget)
    return row
