"""The ledger's table view: whole rows, fixed row height, sorting only where the database can."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.people.ledger_model import COLUMNS, PeopleModel
from ui.widgets.record_table import RecordTable


class PeopleTable(RecordTable):
    """The ledger's table: a record table sorted only by the columns the database can sort."""

    def __init__(self, model: PeopleModel, parent: QWidget | None = None):
        super().__init__(model, COLUMNS, parent)
        header = self.horizontalHeader()
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
