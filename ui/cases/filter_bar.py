"""The queue's filters: state, light, category, grid, department, source, report dates and search.

Choices come from app.cases.lookups, read in the background. `changed` fires whenever the filter
changes (the search box after a short pause); `current_filter()` says what to show.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import qtawesome as qta
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cases.lights import Light
from app.cases.lookups import SOURCES, Choice, category_choices, department_choices, grid_choices
from app.cases.queries import CaseFilter
from app.cases.service import CaseService
from app.cases.states import CaseStatus
from ui.theme import LIGHT_COLORS
from ui.workers import run_in_background

OPEN = "open"
SEARCH_PAUSE_MS = 300
_NO_DATE = QDate(2000, 1, 1)


class ChoiceCombo(QComboBox):
    """A combo of "all" plus choices; long lists can be typed into to find an entry."""

    def __init__(self, everything: str, *, searchable: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.everything = everything
        self.addItem(everything, "")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.lineEdit().editingFinished.connect(self._snap_to_entry)

    def set_choices(self, choices: list[Choice]) -> None:
        """Replace the entries, keeping the chosen key when it is still offered."""
        kept = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.everything, "")
        for choice in choices:
            self.addItem(f"{choice.group} · {choice.label}" if choice.group else choice.label, choice.key)
        found = self.findData(kept)
        self.setCurrentIndex(max(found, 0))
        self.blockSignals(False)

    def choose(self, key: str) -> None:
        """Select the entry with that key ('' for all)."""
        self.setCurrentIndex(max(self.findData(key), 0))

    def _snap_to_entry(self) -> None:
        """Typed text that names no entry goes back to the chosen one."""
        if self.findText(self.currentText()) < 0:
            self.setEditText(self.itemText(self.currentIndex()))


class FilterBar(QWidget):
    """Two rows of filters above the queue; emits `changed`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz = ZoneInfo("Asia/Shanghai")
        self.search = QLineEdit(placeholderText=self.tr("搜索编号、内容、地址、举报人电话"), clearButtonEnabled=True)
        self.search.addAction(qta.icon("mdi6.magnify", color="#6b7a8c"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(280)
        self.state = ChoiceCombo(self.tr("全部状态"))
        self.state.insertItem(0, self.tr("未办结"), OPEN)
        self.state.insertSeparator(2)
        for status in CaseStatus:
            self.state.addItem(status.label, status.value)
        self.state.setCurrentIndex(0)
        self.light = ChoiceCombo(self.tr("全部灯色"))
        for light in (Light.RED, Light.YELLOW, Light.GREEN):
            self.light.addItem(qta.icon("mdi6.circle", color=LIGHT_COLORS[light.value].name()),
                               light.label, light.value)
        self.category = ChoiceCombo(self.tr("全部类别"), searchable=True)
        self.grid = ChoiceCombo(self.tr("全部网格"), searchable=True)
        self.department = ChoiceCombo(self.tr("全部处置部门"), searchable=True)
        self.source = ChoiceCombo(self.tr("全部来源"))
        for source in SOURCES:
            self.source.addItem(source, source)
        self.reported_from = self._date_edit()
        self.reported_to = self._date_edit()
        self.clear_button = QPushButton(qta.icon("mdi6.filter-remove-outline", color="#33475b"), self.tr("清除筛选"))
        self.clear_button.clicked.connect(self.clear)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.changed)
        self._lay_out()
        self._connect()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(self.tr("不限"))
        edit.setDate(_NO_DATE)
        edit.setMinimumWidth(120)
        return edit

    def _lay_out(self) -> None:
        first = QHBoxLayout()
        first.addWidget(self.search, 3)
        for label, widget in ((self.tr("状态"), self.state), (self.tr("亮灯"), self.light),
                              (self.tr("来源"), self.source)):
            first.addSpacing(6)
            first.addWidget(QLabel(label))
            first.addWidget(widget, 1)
        first.addSpacing(6)
        first.addWidget(QLabel(self.tr("上报时间")))
        first.addWidget(self.reported_from)
        first.addWidget(QLabel(self.tr("至")))
        first.addWidget(self.reported_to)
        second = QHBoxLayout()
        for label, widget in ((self.tr("类别"), self.category), (self.tr("网格"), self.grid),
                              (self.tr("处置部门"), self.department)):
            second.addWidget(QLabel(label))
            second.addWidget(widget, 2)
            second.addSpacing(6)
        second.addStretch(1)
        second.addWidget(self.clear_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        column.setSpacing(8)
        column.addLayout(first)
        column.addLayout(second)

    def _connect(self) -> None:
        for combo in (self.state, self.light, self.category, self.grid, self.department, self.source):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.reported_from, self.reported_to):
            edit.dateChanged.connect(self.changed)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._search_now)

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.changed.emit()

    # choices -------------------------------------------------------------
    def load_choices(self, service: CaseService) -> None:
        """Read categories, grids and departments in the background and offer them."""
        def work():
            return (category_choices(service), grid_choices(service), department_choices(service),
                    service.config().tz)

        run_in_background(self, work, lambda result: self.set_choices(*result), lambda _exc: None)

    def set_choices(self, categories: list[Choice], grids: list[Choice], departments: list[Choice],
                    tz: ZoneInfo) -> None:
        """Offer these entries (the chosen ones stay chosen when still offered)."""
        self.tz = tz
        self.category.set_choices(categories)
        self.grid.set_choices(grids)
        self.department.set_choices(departments)

    # the filter ----------------------------------------------------------
    def current_filter(self) -> CaseFilter:
        """The CaseFilter the widgets describe."""
        state = self.state.currentData()
        light = self.light.currentData()
        return CaseFilter(
            status=(state,) if state and state != OPEN else (),
            open_only=state == OPEN,
            light=Light(light) if light else None,
            category_code=self.category.currentData() or None,
            grid_code=self.grid.currentData() or None,
            department=self.department.currentData() or None,
            source=self.source.currentData() or None,
            reported_from=self._day_start(self.reported_from.date()),
            reported_to=self._day_start(self.reported_to.date(), days_after=1),
            search=self.search.text().strip() or None,
        )

    def _day_start(self, day: QDate, days_after: int = 0) -> datetime | None:
        """Local midnight of a chosen day (plus some days), or None for 不限."""
        if day == _NO_DATE:
            return None
        local = date(day.year(), day.month(), day.day()) + timedelta(days=days_after)
        return datetime.combine(local, time(0, 0), tzinfo=self.tz)

    def clear(self) -> None:
        """Back to the default: open cases, nothing else filtered; emits `changed` once."""
        self.blockSignals(True)
        try:
            self.search.clear()
            self._search_timer.stop()
            self.state.setCurrentIndex(0)
            for combo in (self.light, self.category, self.grid, self.department, self.source):
                combo.choose("")
            self.reported_from.setDate(_NO_DATE)
            self.reported_to.setDate(_NO_DATE)
        finally:
            self.blockSignals(False)
        self.changed.emit()
