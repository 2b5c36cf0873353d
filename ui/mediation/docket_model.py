"""The docket as a Qt table model: disputes matching a DisputeFilter, newest first, read a page
at a time off the UI thread as the view scrolls down.

A docket holds thousands of disputes, not millions, so pages are read by offset; the count is
read with the first page. A reload keeps the old rows on screen until the new first page is in,
and answers of an older reload are dropped by generation (PagedTableModel).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from app.mediation.clocks import last_day
from app.mediation.queries import DisputeFilter
from app.mediation.service import MediationService
from app.mediation.views import DisputeView
from ui.cases.queue_model import LIGHT_ROLE
from ui.theme import LIGHT_TEXT
from ui.widgets.paged_table_model import Column, PagedTableModel
from ui.workers import run_in_background

PAGE_SIZE = 200
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 5
"""The dispute number of a row (the same role number as the case queue's CASE_NO_ROLE)."""

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()
_ALERT_COLOR = QColor("#c5221f")
_DONE_COLOR = QColor("#7b8794")

COLUMNS = (
    Column("number", QT_TRANSLATE_NOOP("DocketModel", "纠纷编号"), 215),
    Column("light", QT_TRANSLATE_NOOP("DocketModel", "亮灯"), 64),
    Column("status", QT_TRANSLATE_NOOP("DocketModel", "状态"), 96),
    Column("type", QT_TRANSLATE_NOOP("DocketModel", "纠纷类型"), 130),
    Column("level", QT_TRANSLATE_NOOP("DocketModel", "层级"), 110),
    Column("committee", QT_TRANSLATE_NOOP("DocketModel", "调解组织"), 200),
    Column("community", QT_TRANSLATE_NOOP("DocketModel", "社区/村"), 110),
    Column("mediator", QT_TRANSLATE_NOOP("DocketModel", "调解员"), 80),
    Column("risk", QT_TRANSLATE_NOOP("DocketModel", "风险"), 130),
    Column("due", QT_TRANSLATE_NOOP("DocketModel", "调解期限"), 110),
    Column("registered", QT_TRANSLATE_NOOP("DocketModel", "登记时间"), 140),
    Column("facts", QT_TRANSLATE_NOOP("DocketModel", "简要案情"), 320),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
LIGHT_COLUMN = COLUMN_KEYS.index("light")


def row_texts(view: DisputeView, tz) -> tuple[str, ...]:
    """The texts of a dispute's cells, in column order (times in district time)."""
    risk = "、".join(([view.warning + QCoreApplication.translate("DocketModel", "色预警")] if view.warning else [])
                     + list(view.risk_flags))
    values = {
        "number": view.dispute_no, "status": view.status_label, "type": view.type, "level": view.level_label,
        "committee": view.committee or "", "community": view.community or "", "mediator": view.mediator or "",
        "risk": risk, "due": last_day(view.due_at, tz).isoformat() if view.due_at else "",
        "registered": view.registered_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        "facts": " ".join(view.facts.split()),
        "light": QCoreApplication.translate("LightText", LIGHT_TEXT[view.light.value]) if view.light else "",
    }
    return tuple(values[key] for key in COLUMN_KEYS)


class DocketModel(PagedTableModel):
    """Disputes matching `filter`, newest first; `counted` carries the total of the last reload."""

    counted = Signal(int)

    columns = COLUMNS
    translation_context = "DocketModel"

    def __init__(self, service: MediationService, parent: QObject | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent, page_size=page_size)
        self.service = service
        self.filter = DisputeFilter()
        self.total = 0
        self.fetching = False
        self._rows: list[tuple[DisputeView, tuple[str, ...]]] = []

    def reload(self) -> None:
        """Read the count and the first page again."""
        generation = self._begin_reload()
        service, flt, size = self.service, self.filter, self.page_size

        def work():
            return service.count(flt), service.list(flt, limit=size), service.tz

        run_in_background(self, work, lambda result: self._first_arrived(generation, *result),
                          lambda exc: self._failed(generation, exc))

    def _first_arrived(self, generation: int, total: int, views: list[DisputeView], tz) -> None:
        if not self._is_current(generation):
            return
        self.beginResetModel()
        try:
            self._tz, self.total = tz, total
            self._rows = [(view, row_texts(view, tz)) for view in views]
            self.fetch_sizes.append(len(views))
        finally:
            self.endResetModel()
            self.loading = self.fetching = False
        self.counted.emit(total)
        self.loaded.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        """A failed reload empties the list: its rows belong to the previous filter."""
        if self._is_current(generation) and self.loading:
            self.beginResetModel()
            self._rows, self.total = [], 0
            self.endResetModel()
        self.fetching = False
        super()._failed(generation, exc)

    # growing -------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        return (not parent.isValid() and not self.loading and not self.fetching
                and len(self._rows) < self.total)

    def fetchMore(self, parent: QModelIndex = _ROOT) -> None:  # noqa: N802 - Qt's name
        """Read the next page after the last row, in the background."""
        if not self.canFetchMore(parent):
            return
        self.fetching = True
        generation, service, flt = self._generation, self.service, self.filter
        offset, size = len(self._rows), self.page_size
        run_in_background(self, lambda: service.list(flt, limit=size, offset=offset),
                          lambda views: self._more_arrived(generation, views),
                          lambda exc: self._failed(generation, exc))

    def _more_arrived(self, generation: int, views: list[DisputeView]) -> None:
        if not self._is_current(generation):
            return
        self.fetching = False
        self.fetch_sizes.append(len(views))
        if not views:
            self.total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(_ROOT, first, first + len(views) - 1)
        self._rows += [(view, row_texts(view, self._tz)) for view in views]
        self.endInsertRows()

    # rows ----------------------------------------------------------------
    def view_at(self, row: int) -> DisputeView | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, dispute_no: str) -> int | None:
        return next((n for n, (view, _t) in enumerate(self._rows) if view.dispute_no == dispute_no), None)

    # Qt model ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        view, texts = self._rows[index.row()]
        if role == _DISPLAY:
            return texts[index.column()]
        if role == LIGHT_ROLE:
            return view.light.value if view.light else None
        if role == NUMBER_ROLE:
            return view.dispute_no
        if role == Qt.ItemDataRole.ForegroundRole:
            if COLUMN_KEYS[index.column()] == "risk" and view.alert:
                return _ALERT_COLOR
            if view.status in ("closed", "filed"):
                return _DONE_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and COLUMN_KEYS[index.column()] in ("facts", "committee", "risk"):
            return texts[index.column()] or None
        return None
