"""The ledger's table view: whole rows, fixed row height, sorting only where the database can."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.people.ledger_model import COLUMNS, PeopleModel

ROW_HEIGHT = 34


class PeopleTable(QTableView):
    """The ledger's table: whole rows, fixed row height, columns sized by the user."""

    def __init__(self, model: PeopleModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for number, column in enumerate(COLUMNS):
            self.setColumnWidth(number, column.width)
        header.setSortIndicator(model.sort_column(), model.sort_order())
        self.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_sortable)

    def _keep_sortable(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column the database cannot sort puts the indicator back."""
        model: PeopleModel = self.model()
        if COLUMNS[column].sort_key is None:
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(model.sort_column(), model.sort_order())
            header.blockSignals(False)
