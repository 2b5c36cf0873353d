"""The case queue as a Qt table model: case numbers in the database's order plus a row cache.

Like Anki's browser table, the model holds the sorted case numbers of the whole queue and reads
rows a page at a time when the view asks for them in `data()`; a reload marks the cache stale
(old rows stay on screen until their page is read again) instead of clearing it. Lights and
countdowns are recomputed in memory by `tick()`, never by asking the database.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from app.calendar import WorkingCalendar
from app.cases.lights import Light
from app.cases.queries import CaseFilter
from app.cases.queue_query import Countdown, QueueKeys, QueueRow, row_light, rows_for, sorted_keys
from app.cases.service import CaseService
from ui.theme import LIGHT_TEXT
from ui.widgets.countdown_text import remaining_text
from ui.widgets.paged_table_model import Column, PagedTableModel
from ui.workers import run_in_background

PAGE_SIZE = 200
SCREENFUL = 60
"""Rows read together with the list: a full screen, so the first paint shows data."""
MAX_CACHED_ROWS = 4000

LIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
"""'red' / 'yellow' / 'green' at the last tick, None for a closed case or a row not read yet."""
REMAINING_ROLE = Qt.ItemDataRole.UserRole + 2
"""Seconds left at the last tick (negative when overdue), None when closed."""
RUNNING_ROLE = Qt.ItemDataRole.UserRole + 3
"""True while the case's clock runs (False when parked or closed)."""
PARKED_ROLE = Qt.ItemDataRole.UserRole + 4
CASE_NO_ROLE = Qt.ItemDataRole.UserRole + 5

_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ANSWERED = frozenset({_DISPLAY, _FOREGROUND, _ALIGNMENT, _TOOLTIP, LIGHT_ROLE, REMAINING_ROLE, RUNNING_ROLE,
                       PARKED_ROLE, CASE_NO_ROLE})


COLUMNS = (
    Column("case_no", QT_TRANSLATE_NOOP("QueueModel", "编号"), 150),
    Column("light", QT_TRANSLATE_NOOP("QueueModel", "亮灯"), 64),
    Column("remaining", QT_TRANSLATE_NOOP("QueueModel", "剩余时间"), 180),
    Column("category", QT_TRANSLATE_NOOP("QueueModel", "类别"), 170),
    Column("urgency", QT_TRANSLATE_NOOP("QueueModel", "紧急程度"), 84),
    Column("grid", QT_TRANSLATE_NOOP("QueueModel", "网格"), 170),
    Column("department", QT_TRANSLATE_NOOP("QueueModel", "处置部门"), 170),
    Column("status", QT_TRANSLATE_NOOP("QueueModel", "状态"), 90),
    Column("reported_at", QT_TRANSLATE_NOOP("QueueModel", "上报时间"), 150),
    Column("source", QT_TRANSLATE_NOOP("QueueModel", "来源"), 110),
)
"""The columns in order; titles are source texts, translated when shown."""
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
LIGHT_COLUMN = COLUMN_KEYS.index("light")
REMAINING_COLUMN = COLUMN_KEYS.index("remaining")
URGENCY_COLUMN = COLUMN_KEYS.index("urgency")
_CENTERED = frozenset({LIGHT_COLUMN, URGENCY_COLUMN, COLUMN_KEYS.index("status")})
_URGENCY_COLORS = {"特急": QColor("#c5221f"), "紧急": QColor("#c26401")}
_DONE_COLOR = QColor("#7b8794")
_ROOT = QModelIndex()
_NEWEST_FIRST = frozenset({"light", "urgency", "reported_at"})


class _Entry(NamedTuple):
    """A cached row with the texts of its columns that do not tick."""

    row: QueueRow
    texts: tuple[str, ...]


def countdown_text(seconds: float | None, limit_unit: str, standard_day_seconds: float) -> str:
    """The countdown: '剩 3工作日2时15分'; under an hour to the second ('剩 12分05秒', '超 3分40秒')."""
    return remaining_text(seconds, limit_unit, standard_day_seconds, to_the_second=True, spaced=True)


class QueueModel(PagedTableModel):
    """Cases matching a filter, sorted by the database, read a page at a time.

    `loaded` says a new list of cases is in; `failed` that reading the list or a page failed.
    """

    counts_changed = Signal(int, int, int)
    """total, red, yellow of the queue as last read."""
    lights_changed = Signal()
    """A row changed colour at a tick (the counts and a light sort are out of date)."""

    columns = COLUMNS
    translation_context = "QueueModel"

    def __init__(self, service: CaseService, now: Callable[[], datetime], parent: QObject | None = None, *,
                 page_size: int = PAGE_SIZE):
        super().__init__(parent, page_size=page_size)
        self.service = service
        self.now = now
        self.filter = CaseFilter(open_only=True)
        self.sort_key, self.descending = "light", True
        self._keys: list[str] = []
        self._rows_of_key: dict[str, int] | None = None
        self._cache: OrderedDict[str, _Entry | None] = OrderedDict()
        self._fresh: set[str] = set()
        self._pending: set[int] = set()
        self._counts = (0, 0)
        self._counted_filter: CaseFilter | None = None
        self._calendar: WorkingCalendar | None = None
        self._countdown: Countdown | None = None
        self._live: dict[str, tuple[Light | None, float | None]] = {}

    # what to show ------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column, in the database (called by the view's header)."""
        self.set_sort(COLUMN_KEYS[column], order == Qt.SortOrder.DescendingOrder)

    def set_sort(self, sort_key: str, descending: bool) -> None:
        """Sort by a key of app.cases.queue_query.SORT_KEYS (read anew once the model has started)."""
        if (sort_key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = sort_key, descending
        if self.started:
            self.reload(counted=self._counted_filter != self.filter)

    def reload(self, around: int = 0, *, counted: bool = True) -> None:
        """Read the list again with a screenful of rows from row `around`; rows read before stay on
        screen, marked stale, until read again.

        `counted=False` keeps the red and yellow counts of the last read (a new sort of the same cases).
        """
        generation = self._begin_reload()
        service, flt, key, descending = self.service, self.filter, self.sort_key, self.descending
        first, size = max(around, 0), min(SCREENFUL, self.page_size)

        def work():
            keys = sorted_keys(service, flt, key, descending, counted=counted)
            wanted = keys.case_nos[first:first + size]
            return keys, wanted, rows_for(service, wanted), service.config().calendar

        run_in_background(self, work, lambda result: self._keys_arrived(generation, flt, *result),
                          lambda exc: self._failed(generation, exc))

    def _keys_arrived(self, generation: int, flt: CaseFilter, keys: QueueKeys, wanted: list[str],
                      rows: dict[str, QueueRow], calendar: WorkingCalendar) -> None:
        if not self._is_current(generation):
            return
        self.beginResetModel()
        try:
            self._keys = keys.case_nos
            self._rows_of_key = None
            self._fresh.clear()
            self._pending.clear()
            self._live.clear()
            self._calendar = calendar
            self._countdown = Countdown(calendar, self.now())
            self.fetch_sizes.append(len(wanted))
            self._store(wanted, rows, fresh=True)
        finally:
            self.endResetModel()
            self.loading = False
        if keys.red is not None:
            self._counts, self._counted_filter = (keys.red, keys.yellow), flt
        self.counts_changed.emit(keys.total, *self._counts)
        self.loaded.emit()

    # rows ----------------------------------------------------------------
    def case_no_at(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, case_no: str) -> int | None:
        """The row showing a case, or None when it is not in the queue."""
        if self._rows_of_key is None:
            self._rows_of_key = {key: n for n, key in enumerate(self._keys)}
        return self._rows_of_key.get(case_no)

    def queue_row(self, row: int) -> QueueRow | None:
        """The cached row (possibly stale), asking for its page when it is not fresh."""
        entry = self._entry(row, self._keys[row])
        return entry.row if entry else None

    def is_fresh(self, row: int) -> bool:
        """True once the row was read since the last reload."""
        return 0 <= row < len(self._keys) and self._keys[row] in self._fresh

    def prefetch(self, first: int, last: int) -> None:
        """Ask for the pages holding rows first..last that were not all read since the last reload."""
        first, last = max(first, 0), min(last, len(self._keys) - 1)
        size = self.page_size
        for page in range(first // size, last // size + 1 if last >= first else 0):
            wanted = self._keys[max(first, page * size):min(last + 1, (page + 1) * size)]
            if not all(key in self._fresh for key in wanted):
                self._request_page(page)

    def _entry(self, row: int, key: str) -> _Entry | None:
        if key not in self._fresh:
            self._request_page(row // self.page_size)
        return self._cache.get(key)

    def _request_page(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        keys = self._keys[page * self.page_size:(page + 1) * self.page_size]
        generation, service = self._generation, self.service
        self.fetch_sizes.append(len(keys))
        run_in_background(self, lambda: rows_for(service, keys),
                          lambda rows: self._page_arrived(generation, page, keys, rows),
                          lambda exc: self._page_failed(generation, page, exc))

    def _page_arrived(self, generation: int, page: int, keys: list[str], rows: dict[str, QueueRow]) -> None:
        current = self._is_current(generation)
        if current:
            self._pending.discard(page)
        self._store(keys, rows, fresh=current)
        if current and keys:
            first = page * self.page_size
            self.dataChanged.emit(self.index(first, 0), self.index(first + len(keys) - 1, len(COLUMNS) - 1))

    def _page_failed(self, generation: int, page: int, exc: Exception) -> None:
        """Let the page be asked for again at the next paint, and say what went wrong."""
        if self._is_current(generation):
            self._pending.discard(page)
            self.failed.emit(str(exc))

    def _store(self, keys: Sequence[str], rows: dict[str, QueueRow], *, fresh: bool) -> None:
        """Cache rows just read (a case deleted meanwhile is cached as None), evicting the oldest."""
        cache = self._cache
        for key in keys:
            row = rows.get(key)
            cache[key] = _Entry(row, self._static_texts(row)) if row else None
            cache.move_to_end(key)
            self._live.pop(key, None)
        if fresh:
            self._fresh.update(keys)
        while len(cache) > MAX_CACHED_ROWS:
            evicted, _entry = cache.popitem(last=False)
            self._fresh.discard(evicted)

    def _static_texts(self, row: QueueRow) -> tuple[str, ...]:
        view = row.view
        values = {"case_no": view.case_no, "category": view.category, "urgency": view.urgency,
                  "grid": view.grid, "department": view.department, "status": view.status_label,
                  "reported_at": view.reported_at.astimezone(self._calendar.tz).strftime("%Y-%m-%d %H:%M"),
                  "source": view.source}
        return tuple(values.get(key) or "" for key in COLUMN_KEYS)

    # ticking -------------------------------------------------------------
    def tick(self, now: datetime, first: int, last: int) -> None:
        """Re-light and count down rows first..last at `now` from memory; repaint those two columns."""
        last = min(last, len(self._keys) - 1)
        if self._calendar is None or first < 0 or last < first:
            return
        self._countdown = Countdown(self._calendar, now)
        previous, live, cache = self._live, {}, self._cache
        remaining_of = self._countdown.remaining
        turned = False
        for key in self._keys[first:last + 1]:
            entry = cache.get(key)
            if entry is None:
                continue
            row = entry.row
            light = row_light(row, now) if row.is_open else None
            live[key] = (light, remaining_of(row))
            if not turned:
                before = previous.get(key)
                turned = before is not None and before[0] != light
        self._live = live
        self.dataChanged.emit(self.index(first, LIGHT_COLUMN), self.index(last, REMAINING_COLUMN),
                              [_DISPLAY, LIGHT_ROLE, REMAINING_ROLE])
        if turned:
            self.lights_changed.emit()

    def _live_values(self, key: str, row: QueueRow) -> tuple[Light | None, float | None]:
        live = self._live.get(key)
        if live is None:
            countdown = self._countdown
            live = self._live[key] = (row_light(row, countdown.now), countdown.remaining(row))
        return live

    # Qt model ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == _ALIGNMENT:
            centered = section in _CENTERED
            return int(Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignHCenter if centered
                                                        else Qt.AlignmentFlag.AlignLeft))
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.InitialSortOrderRole:
            newest_first = COLUMN_KEYS[section] in _NEWEST_FIRST
            return Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        key = self._keys[number]
        if role == CASE_NO_ROLE:
            return key
        column = index.column()
        entry = self._entry(number, key)
        if entry is None:
            if role == _DISPLAY and column == 0:
                return key if key in self._cache else QCoreApplication.translate("QueueModel", "读取中…")
            return None
        if role == _DISPLAY:
            if column == LIGHT_COLUMN or column == REMAINING_COLUMN:
                return self._ticking_text(key, entry.row, column)
            return entry.texts[column]
        if role == LIGHT_ROLE:
            light = self._live_values(key, entry.row)[0]
            return light.value if light else None
        if role == REMAINING_ROLE:
            return self._live_values(key, entry.row)[1]
        return self._decoration(entry.row, column, role)

    def _ticking_text(self, key: str, row: QueueRow, column: int) -> str:
        light, remaining = self._live_values(key, row)
        if column == LIGHT_COLUMN:
            return QCoreApplication.translate("LightText", LIGHT_TEXT[light.value]) if light else ""
        view = row.view
        text = countdown_text(remaining, view.limit_unit, self._calendar.office_hours.standard_day_seconds)
        return text + QCoreApplication.translate("QueueModel", "（暂停）") if text and view.running_since is None else text

    def _decoration(self, row: QueueRow, column: int, role: int):
        view = row.view
        if role == _ALIGNMENT:
            return int(Qt.AlignmentFlag.AlignCenter) if column in _CENTERED else None
        if role == _FOREGROUND:
            if not row.is_open:
                return _DONE_COLOR
            return _URGENCY_COLORS.get(view.urgency) if column == URGENCY_COLUMN else None
        if role == RUNNING_ROLE:
            return view.running_since is not None
        if role == PARKED_ROLE:
            return row.parked_light is not None
        return "\n".join(part for part in (view.title, view.address) if part)
