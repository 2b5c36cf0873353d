"""A small read-only table of whole rows (lists in cards, dialogs and tabs), made one way."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

FIT = QHeaderView.ResizeMode.ResizeToContents
STRETCH = QHeaderView.ResizeMode.Stretch


def row_table(headers: list[str], *, columns: QHeaderView.ResizeMode = FIT, wrap: bool = False) -> QTableWidget:
    """A table with `headers`, no row numbers, not editable, one whole row selected at a time;
    columns fitted to their contents with the last one taking the rest (or all stretched)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(wrap)
    header = table.horizontalHeader()
    header.setSectionResizeMode(columns)
    header.setStretchLastSection(columns == FIT)
    return table
