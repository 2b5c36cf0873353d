"""The cases behind one figure of one unit, read a page at a time as the view scrolls.

`show(query)` starts a new list (the unit, the figure and the period in a `UnitCasesQuery`);
the first page says how many cases there are in all, later pages are read by Qt's
canFetchMore/fetchMore when the view nears the end. Answers of a superseded list are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.assessment.unit_cases import UnitCasePage, unit_cases
from ui.widgets.paged_table_model import Column, PagedTableModel
from ui.workers import run_in_background

PAGE_SIZE = 200
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()


@dataclass(frozen=True)
class UnitCasesQuery:
    """Which cases: the unit (level and code, with its name for the heading), the figure, the period,
    among the cases of the account's `scope` (the table's figures count only those)."""

    level: str
    unit_code: str
    unit: str
    figure: str
    start: date
    end: date
    now: datetime
    scope: Scope = WHOLE_DISTRICT


class UnitCasesModel(PagedTableModel):
    """Case number, title, category, status, department, grid, reported, deadline, closed, on time."""

    counted = Signal(int)
    columns = (
        Column("case_no", QT_TRANSLATE_NOOP("UnitCasesModel", "编号"), 150),
        Column("title", QT_TRANSLATE_NOOP("UnitCasesModel", "标题"), 220),
        Column("category", QT_TRANSLATE_NOOP("UnitCasesModel", "类别"), 110),
        Column("status", QT_TRANSLATE_NOOP("UnitCasesModel", "状态"), 80),
        Column("department", QT_TRANSLATE_NOOP("UnitCasesModel", "责任部门"), 150),
        Column("grid", QT_TRANSLATE_NOOP("UnitCasesModel", "网格"), 150),
        Column("reported_at", QT_TRANSLATE_NOOP("UnitCasesModel", "上报时间"), 140),
        Column("due_at", QT_TRANSLATE_NOOP("UnitCasesModel", "处置时限"), 140),
        Column("closed_at", QT_TRANSLATE_NOOP("UnitCasesModel", "结案时间"), 140),
        Column("overrun", QT_TRANSLATE_NOOP("UnitCasesModel", "超时"), 60),
    )
    translation_context = "UnitCasesModel"

    def __init__(self, database, tz, parent=None):
        super().__init__(parent, page_size=PAGE_SIZE)
        self.database, self.tz = database, tz
        self.cases: list = []
        self.total = 0

    def show(self, query: UnitCasesQuery) -> None:
        """List the cases of `query` from the first page."""
        self.filter = query
        self.reload()

    def clear(self) -> None:
        """No list: drop the rows and any read still under way."""
        self._begin_reload()
        self.loading = False
        self.beginResetModel()
        self.cases, self.total = [], 0
        self.endResetModel()

    def reload(self) -> None:
        generation = self._begin_reload()
        self.beginResetModel()
        self.cases, self.total = [], 0
        self.endResetModel()
        self._read(generation, 0)

    def canFetchMore(self, parent: QModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self.loading and len(self.cases) < self.total

    def fetchMore(self, parent: QModelIndex = _ROOT) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent):
            self.loading = True
            self._read(self._generation, len(self.cases))

    def _read(self, generation: int, offset: int) -> None:
        query, database = self.filter, self.database

        def work() -> UnitCasePage:
            return unit_cases(database, level=query.level, unit_code=query.unit_code, figure=query.figure,
                              start=query.start, end=query.end, now=query.now, offset=offset, limit=PAGE_SIZE,
                              scope=query.scope)

        self.fetch_sizes.append(PAGE_SIZE)
        run_in_background(self, work, lambda page: self._on_page(generation, page),
                          lambda exc: self._failed(generation, exc))

    def _on_page(self, generation: int, page: UnitCasePage) -> None:
        if not self._is_current(generation):
            return
        first = not self.cases
        self.loading = False
        self.total = page.total
        if page.cases:
            self.beginInsertRows(_ROOT, len(self.cases), len(self.cases) + len(page.cases) - 1)
            self.cases.extend(page.cases)
            self.endInsertRows()
        if first:
            self.counted.emit(page.total)
            self.loaded.emit()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.cases)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        case, key = self.cases[index.row()], self.columns[index.column()].key
        if role == _DISPLAY:
            value = getattr(case, key)
            if key == "overrun":
                return QCoreApplication.translate("UnitCasesModel", "超时") if value else ""
            if isinstance(value, datetime):
                return value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and key == "overrun" and case.overrun:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.UserRole:
            return case.case_no
        return None


def with_figure(query: UnitCasesQuery, figure: str) -> UnitCasesQuery:
    """The same unit and period, another figure."""
    return replace(query, figure=figure)
