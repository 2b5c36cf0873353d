"""The ledger's filters: search, region (street, community or grid), building, category,
residence type and age band.

The region list is the tree, indented; the building list follows the chosen region (read in the
background; two million persons live in thousands of buildings, so the list waits for a region).
`changed` fires whenever the filter changes, the search box after a short pause — unless the
text is past the search limits (app.people.search_input), which the box shows in red with the
message as its tooltip.
"""

from __future__ import annotations

import uuid

import qtawesome as qta
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.people.ledger_choices import (
    RESIDENCE_TYPES,
    CategoryInfo,
    RegionChoice,
    building_choices,
    category_choices,
    region_choices,
)
from app.people.ledger_filters import AGE_BANDS, LedgerFilter
from app.people.search_input import SearchTextError, checked_search_text
from db.engine import Database
from ui.cases.filter_bar import ChoiceCombo
from ui.widgets import INVALID_STYLE, mark_invalid
from ui.workers import run_in_background

SEARCH_PAUSE_MS = 300
_LEVEL_MARKS = {"street": "▪ ", "community": "▫ ", "grid": "· "}


class PeopleFilterBar(QWidget):
    """One row of filters above the ledger; emits `changed`."""

    changed = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.search = QLineEdit(placeholderText=self.tr("姓名、拼音首字母、身份证号或电话后几位"),
                                clearButtonEnabled=True)
        self.search.addAction(qta.icon("mdi6.magnify", color="#6b7a8c"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(260)
        self.search.setStyleSheet(INVALID_STYLE)
        self.search_tip = self.search.placeholderText()
        self.region = ChoiceCombo(self.tr("全部街道/社区/网格"), searchable=True)
        self.region.setMinimumContentsLength(12)
        self.building = ChoiceCombo(self.tr("全部楼栋"), searchable=True)
        self.building.setEnabled(False)
        self.building.setToolTip(self.tr("先选择街道、社区或网格"))
        self.category = ChoiceCombo(self.tr("全部人员类别"))
        self.residence = ChoiceCombo(self.tr("全部人员类型"))
        for kind in RESIDENCE_TYPES:
            self.residence.addItem(kind, kind)
        self.age = ChoiceCombo(self.tr("全部年龄段"))
        for band in AGE_BANDS:
            self.age.addItem(self.tr("{band}岁").format(band=band.replace("-", "–")), band)
        self.clear_button = QPushButton(qta.icon("mdi6.filter-remove-outline", color="#33475b"), self.tr("清除筛选"))
        self.clear_button.clicked.connect(self.clear)
        self.regions: list[RegionChoice] = []
        self.categories: list[CategoryInfo] = []
        self._codes_by_id: dict[str, str] = {}
        self._pending_region: str | None = None
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.changed)
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        row.setSpacing(6)
        row.addWidget(self.search, 3)
        for label, widget, stretch in ((self.tr("区域"), self.region, 3), (self.tr("楼栋"), self.building, 2),
                                       (self.tr("类别"), self.category, 2), (self.tr("类型"), self.residence, 1),
                                       (self.tr("年龄"), self.age, 1)):
            row.addSpacing(6)
            row.addWidget(QLabel(label))
            row.addWidget(widget, stretch)
        row.addSpacing(6)
        row.addWidget(self.clear_button)

    def _connect(self) -> None:
        self.region.currentIndexChanged.connect(self._on_region_changed)
        for combo in (self.building, self.category, self.residence, self.age):
            combo.currentIndexChanged.connect(self.changed)
        self.search.textChanged.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._search_now)

    def search_error(self) -> str:
        """Why the search text cannot be used ('' when it can)."""
        try:
            checked_search_text(self.search.text())
        except SearchTextError as exc:
            return str(exc)
        return ""

    def _on_search_edited(self) -> None:
        error = self.search_error()
        mark_invalid(self.search, bool(error))
        self.search.setToolTip(error or self.search_tip)
        if error:
            self._search_timer.stop()
        else:
            self._search_timer.start()

    def _search_now(self) -> None:
        self._search_timer.stop()
        if not self.search_error():
            self.changed.emit()

    # choices -------------------------------------------------------------
    def load_choices(self) -> None:
        """Read the region tree and the categories in the background and offer them."""
        database = self.database
        run_in_background(self, lambda: (region_choices(database), category_choices(database)),
                          lambda result: self.set_choices(*result), lambda _exc: None)

    def set_choices(self, regions: list[RegionChoice], categories: list[CategoryInfo]) -> None:
        """Offer these regions (indented by depth) and categories; a pending region is chosen now."""
        self.regions, self.categories = regions, categories
        self._codes_by_id = {str(r.region_id): r.code for r in regions}
        kept = self.region.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(self.region.everything, "")
        for region in regions:
            self.region.addItem("　" * region.depth + _LEVEL_MARKS.get(region.level, "") + region.name, region.code)
        self.region.setCurrentIndex(max(self.region.findData(kept), 0))
        self.region.blockSignals(False)
        self.category.blockSignals(True)
        kept = self.category.currentData()
        self.category.clear()
        self.category.addItem(self.category.everything, "")
        for category in categories:
            self.category.addItem(category.name, category.code)
        self.category.setCurrentIndex(max(self.category.findData(kept), 0))
        self.category.blockSignals(False)
        if self._pending_region:
            pending, self._pending_region = self._pending_region, None
            self.choose_region(pending)

    def choose_region(self, region: str | uuid.UUID) -> bool:
        """Filter to a region given by code or id; before the list is read, it is chosen once it is."""
        code = self._codes_by_id.get(str(region), str(region))
        if not self.regions:
            self._pending_region = code
            return True
        index = self.region.findData(code)
        if index < 0:
            return False
        self.region.setCurrentIndex(index)
        return True

    def _on_region_changed(self) -> None:
        """A new region: its buildings are offered (none chosen), then the ledger reads again."""
        code = self.region.currentData() or None
        self.building.blockSignals(True)
        self.building.choose("")
        self.building.blockSignals(False)
        self.building.setEnabled(False)
        self.changed.emit()
        if code:
            database = self.database
            run_in_background(self, lambda: building_choices(database, code),
                              lambda found: self._offer_buildings(code, found), lambda _exc: None)

    def _offer_buildings(self, code: str, buildings: list[tuple[uuid.UUID, str]]) -> None:
        if code != (self.region.currentData() or None):
            return
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem(self.building.everything, "")
        for building_id, name in buildings:
            self.building.addItem(name, str(building_id))
        self.building.blockSignals(False)
        self.building.setEnabled(bool(buildings))

    # the filter ----------------------------------------------------------
    def current_filter(self) -> LedgerFilter:
        """The LedgerFilter the widgets describe."""
        building = self.building.currentData()
        return LedgerFilter(
            region_code=self.region.currentData() or None,
            building_id=uuid.UUID(building) if building else None,
            category_code=self.category.currentData() or None,
            residence_type=self.residence.currentData() or None,
            age_band=self.age.currentData() or None,
            search=self.search.text().strip() or None,
        )

    def clear(self) -> None:
        """Nothing filtered; emits `changed` once."""
        self.blockSignals(True)
        try:
            self.search.clear()
            self._search_timer.stop()
            for combo in (self.region, self.building, self.category, self.residence, self.age):
                combo.choose("")
        finally:
            self.blockSignals(False)
        self.building.setEnabled(False)
        self.changed.emit()
