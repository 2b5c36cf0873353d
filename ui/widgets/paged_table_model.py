"""What the paged table models (the case queue, the people ledger) have in common.

Both show database rows in a fixed list of columns, read them off the UI thread and reload when
the filter changes; they differ in how they page (the queue lists every case number up front and
caches rows, the ledger grows by keyset pages as the view scrolls), and that stays in their own
modules. This base holds only the part that is the same: the column list with its translated
titles, the filter that reloads once started, the counting of reloads that lets an answer of a
superseded read be dropped, and Qt's plain answers (column count, flags, header titles).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt, Signal

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class Column:
    """A column: its key, its title as a source text (marked with QT_TRANSLATE_NOOP), its width."""

    key: str
    title: str
    width: int


class PagedTableModel(QAbstractTableModel):
    """A read-only table of `columns` whose rows a subclass reads in the background.

    A subclass sets `columns` and `translation_context` (the context its titles were marked in)
    and implements `reload()`, starting it with `_begin_reload()` and checking `_is_current()`
    before using what a background read returns.
    """

    loaded = Signal()
    """A new list of rows is in (after a filter, a sort or a reload)."""
    failed = Signal(str)
    """A background read of the current list failed; the text says why."""

    columns: ClassVar[tuple[Column, ...]] = ()
    translation_context: ClassVar[str] = ""

    def __init__(self, parent: QObject | None, *, page_size: int):
        super().__init__(parent)
        self.page_size = page_size
        self.filter: Any = None
        self.loading = False
        self.fetch_sizes: list[int] = []  # rows per read, in order (the benchmarks look at them)
        self._generation = 0

    # what to show ------------------------------------------------------
    @property
    def started(self) -> bool:
        """True once the first reload was asked for; before that, filter and sort only take note."""
        return self._generation > 0

    def set_filter(self, flt: Any) -> None:
        """Show the rows matching `flt` (read anew from the database once the model has started)."""
        self.filter = flt
        if self.started:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    # superseded reads --------------------------------------------------
    def _begin_reload(self) -> int:
        """Mark the model loading and return the new reload's generation: answers of older ones are dropped."""
        self._generation += 1
        self.loading = True
        return self._generation

    def _is_current(self, generation: int) -> bool:
        """True when no reload was asked for since the read of `generation` started."""
        return generation == self._generation

    def _failed(self, generation: int, exc: Exception) -> None:
        """Say why a read of the current list failed; a superseded read fails silently."""
        if self._is_current(generation):
            self._stop_reading()
            self.failed.emit(str(exc))

    def _stop_reading(self) -> None:
        """Forget the reads under way after one failed (a subclass adds its own kinds of read)."""
        self.loading = False

    # Qt model ------------------------------------------------------------
    def columnCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return QCoreApplication.translate(self.translation_context, self.columns[section].title)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return _FLAGS
