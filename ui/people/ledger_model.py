"""The people ledger as a Qt table model: pages read by keyset as the view scrolls down.

Two million persons cannot be listed as keys up front the way the case queue lists case
numbers, so the model grows instead: Qt calls `fetchMore` when the view reaches the bottom and
the next page is read off the UI thread from the cursor the last page ended at. A reload keeps
the old rows on screen until the new first page is in (no blank flash), and results of an
older reload are dropped by generation.

The rows show the age, never the birth date (it is the masked part of the ID number); the age
column sorts by birth date the other way round, youngest first when ascending. A filter on a
sensitive category is read as `viewer` (refused and audited without the reveal permission).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt, Signal

from app.people.ledger_filters import LedgerFilter
from app.people.privacy import Viewer
from app.people.ledger_query import (
    COUNT_CAP,
    Cursor,
    LedgerCount,
    LedgerPage,
    LedgerRow,
    count,
    fetch_page,
)
from db.engine import Database
from ui.widgets import paged_table_model
from ui.widgets.paged_table_model import PagedTableModel
from ui.workers import run_in_background

PAGE_SIZE = 200
FIRST_PAGE = 80
"""Rows read with a new filter: a full screen and some, so the first paint shows data."""

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column(paged_table_model.Column):
    """A column of the ledger, with the key the database sorts it by (None: it cannot be sorted);
    `inverted`: ascending in the column is descending in the key (the age by birth date)."""

    sort_key: str | None = None
    inverted: bool = False


COLUMNS = (
    Column("name", QT_TRANSLATE_NOOP("PeopleModel", "姓名"), 96, "name"),
    Column("sex", QT_TRANSLATE_NOOP("PeopleModel", "性别"), 56),
    Column("age", QT_TRANSLATE_NOOP("PeopleModel", "年龄"), 64, "birth_date", inverted=True),
    Column("id", QT_TRANSLATE_NOOP("PeopleModel", "身份证号"), 170),
    Column("phone", QT_TRANSLATE_NOOP("PeopleModel", "联系电话"), 118),
    Column("residence", QT_TRANSLATE_NOOP("PeopleModel", "人员类型"), 84),
    Column("grid", QT_TRANSLATE_NOOP("PeopleModel", "网格"), 130),
    Column("place", QT_TRANSLATE_NOOP("PeopleModel", "楼栋/房号"), 160),
    Column("categories", QT_TRANSLATE_NOOP("PeopleModel", "人员类别"), 150),
    Column("address", QT_TRANSLATE_NOOP("PeopleModel", "现住址"), 200),
)
"""The columns in order; titles are source texts, translated when shown."""
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def row_texts(row: LedgerRow) -> tuple[str, ...]:
    """The texts of a row's cells, in column order."""
    age = "" if row.age is None else QCoreApplication.translate("PeopleModel", "{age}岁").format(age=row.age)
    place = " ".join(part for part in (row.building, row.room) if part)
    values = {"name": row.name, "sex": row.sex or "", "age": age, "id": row.id_masked,
              "phone": row.phone_masked, "residence": row.residence_type, "grid": row.grid, "place": place,
              "categories": "、".join(row.categories), "address": row.current_address}
    return tuple(values[key] for key in COLUMN_KEYS)


class PeopleModel(PagedTableModel):
    """Persons matching a filter, sorted by the database, read a page at a time as they scroll.

    `loaded` says a new first page is in; `failed` that reading a page or the count failed.
    """

    counted = Signal(object)
    """A LedgerCount for the current filter."""

    columns = COLUMNS
    translation_context = "PeopleModel"

    def __init__(self, database: Database, today: Callable[[], date], parent: QObject | None = None, *,
                 page_size: int = PAGE_SIZE, first_page: int = FIRST_PAGE, viewer: Viewer | None = None):
        super().__init__(parent, page_size=page_size)
        self.first_page = first_page
        self.database = database
        self.viewer = viewer
        self.today = today
        self.filter = LedgerFilter()
        self.sort_key, self.descending = "name", False
        self.fetching = False
        self.last_count: LedgerCount | None = None
        self._rows: list[tuple[LedgerRow, tuple[str, ...]]] = []
        self._cursor: Cursor | None = None

    # what to show ------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column the database can sort on; other columns keep the current order."""
        key = COLUMNS[column].sort_key
        if key is None:
            return
        descending = (order == Qt.SortOrder.DescendingOrder) != COLUMNS[column].inverted
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        if self.started:
            self.reload(counted=False)

    def sort_column(self) -> int:
        """The column the rows are sorted by."""
        return next(n for n, c in enumerate(COLUMNS) if c.sort_key == self.sort_key)

    def sort_order(self) -> Qt.SortOrder:
        """The header's sort indicator for the current order."""
        descending = self.descending != COLUMNS[self.sort_column()].inverted
        return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder

    def reload(self, *, counted: bool = True) -> None:
        """Read the first page again (and the count, unless only the order changed)."""
        generation = self._begin_reload()
        database, flt, key, descending = self.database, self.filter, self.sort_key, self.descending
        today, size, viewer = self.today(), self.first_page, self.viewer

        def first_page():
            return fetch_page(database, flt, today=today, sort_key=key, descending=descending, limit=size,
                              viewer=viewer)

        run_in_background(self, first_page, lambda page: self._first_arrived(generation, page),
                          lambda exc: self._failed(generation, exc))
        if counted:
            run_in_background(self, lambda: count(database, flt, today=today, cap=COUNT_CAP, viewer=viewer),
                              lambda result: self._counted(generation, result),
                              lambda exc: self._failed(generation, exc))

    def count_all(self) -> None:
        """Count every matching person, however many (on request: it reads the whole filter)."""
        generation, database, flt, today = self._generation, self.database, self.filter, self.today()
        viewer = self.viewer
        run_in_background(self, lambda: count(database, flt, today=today, cap=None, viewer=viewer),
                          lambda result: self._counted(generation, result),
                          lambda exc: self._failed(generation, exc), long=True)

    def _first_arrived(self, generation: int, page: LedgerPage) -> None:
        if not self._is_current(generation):
            return
        self.beginResetModel()
        try:
            self._rows = [(row, row_texts(row)) for row in page.rows]
            self._cursor = page.next_cursor
            self.fetch_sizes.append(len(page.rows))
        finally:
            self.endResetModel()
            self.loading = False
            self.fetching = False
        self.loaded.emit()

    def _counted(self, generation: int, result: LedgerCount) -> None:
        if self._is_current(generation):
            self.last_count = result
            self.counted.emit(result)

    def _stop_reading(self) -> None:
        super()._stop_reading()
        self.fetching = False

    def _failed(self, generation: int, exc: Exception) -> None:
        """A failed reload also empties the list: the rows on screen belong to the previous filter
        and must not pass for the members of one that was refused."""
        if self._is_current(generation) and self.loading:
            self.beginResetModel()
            self._rows, self._cursor, self.last_count = [], None, None
            self.endResetModel()
        super()._failed(generation, exc)

    # growing -------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._cursor is not None and not self.loading and not self.fetching

    def fetchMore(self, parent: QModelIndex = _ROOT) -> None:  # noqa: N802 - Qt's name
        """Read the next page after the last row, in the background."""
        if not self.canFetchMore(parent):
            return
        self.fetching = True
        generation, cursor = self._generation, self._cursor
        database, flt, key, descending = self.database, self.filter, self.sort_key, self.descending
        today, size, viewer = self.today(), self.page_size, self.viewer

        def next_page():
            return fetch_page(database, flt, today=today, sort_key=key, descending=descending, after=cursor,
                              limit=size, viewer=viewer)

        run_in_background(self, next_page, lambda page: self._more_arrived(generation, page),
                          lambda exc: self._failed(generation, exc))

    def _more_arrived(self, generation: int, page: LedgerPage) -> None:
        if not self._is_current(generation):
            return
        self.fetching = False
        self.fetch_sizes.append(len(page.rows))
        self._cursor = page.next_cursor
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(_ROOT, first, first + len(page.rows) - 1)
            self._rows += [(row, row_texts(row)) for row in page.rows]
            self.endInsertRows()

    # rows ----------------------------------------------------------------
    def ledger_row(self, row: int) -> LedgerRow | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, person_id) -> int | None:
        """The row listing a person, or None when not (yet) read."""
        return next((n for n, (row, _texts) in enumerate(self._rows) if row.person_id == person_id), None)

    @property
    def complete(self) -> bool:
        """True when every matching person has been read."""
        return self._cursor is None and not self.loading

    # Qt model ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if COLUMNS[section].sort_key:
                return None
            return QCoreApplication.translate("PeopleModel", "此列不能排序（可用上方的筛选）")
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        row, texts = self._rows[index.row()]
        if role == _DISPLAY:
            return texts[index.column()]
        if role == PERSON_ID_ROLE:
            return str(row.person_id)
        if role == Qt.ItemDataRole.ToolTipRole and COLUMN_KEYS[index.column()] in ("address", "categories"):
            return texts[index.column()] or None
        return None
