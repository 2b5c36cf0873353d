"""The audit log as a Qt table model: newest first, grown by keyset pages as the view scrolls.

The log holds millions of entries, so nothing is counted and nothing listed up front: the first
page is read off the UI thread when the filter changes, and Qt's `fetchMore` reads the next one
from where the last ended when the view reaches the bottom. Answers of a superseded filter are
dropped by generation; a failed read empties the list (its rows belonged to another filter).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt

from app.audit.query import AuditFilter, AuditPage, AuditRow
from app.audit.service import AuditService
from ui.widgets.paged_table_model import Column, PagedTableModel
from ui.workers import run_in_background

PAGE_SIZE = 200
DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole

COLUMNS = (
    Column("at", QT_TRANSLATE_NOOP("AuditModel", "时间"), 150),
    Column("actor", QT_TRANSLATE_NOOP("AuditModel", "登录名"), 110),
    Column("workstation", QT_TRANSLATE_NOOP("AuditModel", "工作站"), 110),
    Column("action", QT_TRANSLATE_NOOP("AuditModel", "操作"), 150),
    Column("entity", QT_TRANSLATE_NOOP("AuditModel", "对象"), 70),
    Column("record", QT_TRANSLATE_NOOP("AuditModel", "记录"), 150),
    Column("detail", QT_TRANSLATE_NOOP("AuditModel", "详情"), 300),
)


def local_time(at: datetime) -> str:
    """YYYY-MM-DD HH:MM:SS in district time."""
    return at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M:%S")


def row_texts(row: AuditRow) -> tuple[str, ...]:
    return (local_time(row.at), row.actor, row.workstation, row.action_label, row.entity_label, row.record,
            row.detail)


class AuditModel(PagedTableModel):
    """Entries of the current filter, read as the view scrolls."""

    columns = COLUMNS
    translation_context = "AuditModel"

    def __init__(self, service: AuditService, parent: QObject | None = None):
        super().__init__(parent, page_size=PAGE_SIZE)
        self.service = service
        self.filter = AuditFilter()
        self.fetching = False
        self._rows: list[tuple[AuditRow, tuple[str, ...]]] = []
        self._next = None

    def reload(self) -> None:
        """Read the first page of the current filter."""
        generation = self._begin_reload()
        service, flt, size = self.service, self.filter, self.page_size
        run_in_background(self, lambda: service.page(flt, limit=size),
                          lambda page: self._first_arrived(generation, page),
                          lambda exc: self._failed(generation, exc))

    def _first_arrived(self, generation: int, page: AuditPage) -> None:
        if not self._is_current(generation):
            return
        self.beginResetModel()
        try:
            self._rows = [(row, row_texts(row)) for row in page.rows]
            self._next = page.next
        finally:
            self.endResetModel()
            self.loading = self.fetching = False
        self.loaded.emit()

    def _stop_reading(self) -> None:
        super()._stop_reading()
        self.fetching = False

    def _failed(self, generation: int, exc: Exception) -> None:
        if self._is_current(generation) and self.loading:
            self.beginResetModel()
            self._rows, self._next = [], None
            self.endResetModel()
        super()._failed(generation, exc)

    # growing -------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._next is not None and not self.loading and not self.fetching

    def fetchMore(self, parent: QModelIndex = _ROOT) -> None:  # noqa: N802 - Qt's name
        """Read the page after the last row, in the background."""
        if not self.canFetchMore(parent):
            return
        self.fetching = True
        generation, service, flt, after, size = self._generation, self.service, self.filter, self._next, self.page_size
        run_in_background(self, lambda: service.page(flt, limit=size, after=after),
                          lambda page: self._more_arrived(generation, page),
                          lambda exc: self._failed(generation, exc))

    def _more_arrived(self, generation: int, page: AuditPage) -> None:
        if not self._is_current(generation):
            return
        self.fetching = False
        self._next = page.next
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(_ROOT, first, first + len(page.rows) - 1)
            self._rows += [(row, row_texts(row)) for row in page.rows]
            self.endInsertRows()

    # rows ----------------------------------------------------------------
    def entry(self, row: int) -> AuditRow | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    @property
    def complete(self) -> bool:
        """True when every matching entry has been read."""
        return self._next is None and not self.loading

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        texts = self._rows[index.row()][1]
        if role == _DISPLAY:
            return texts[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()].key == "detail":
            return texts[index.column()] or None
        return None
