"""The docket's table view: a record table with the light drawn as the queue's badge."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.cases.light_badge import LightBadgeDelegate
from ui.mediation.docket_model import COLUMNS, LIGHT_COLUMN, DocketModel
from ui.widgets.record_table import RecordTable


class DocketTable(RecordTable):
    def __init__(self, model: DocketModel, parent: QWidget | None = None):
        super().__init__(model, COLUMNS, parent)
        self.setItemDelegateForColumn(LIGHT_COLUMN, LightBadgeDelegate(self))
