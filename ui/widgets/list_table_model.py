"""A read-only table over a list of rows: what the assessment table and the visits list share.

One item of `rows` per table row, a fixed tuple of column titles translated when shown. The
subclass answers `data()` for its own cells and decides how its rows arrive (all at once through
`set_rows`, or a page at a time). The paged database lists (the case queue, the docket, the
people ledger) have their own base with widths and superseded reads, ui/widgets/paged_table_model.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()


class ListTableModel(QAbstractTableModel):
    """`rows` in order under `titles`; a subclass sets `titles` (source texts marked with
    QT_TRANSLATE_NOOP) and the `translation_context` they were marked in, and implements `data()`."""

    titles: ClassVar[tuple[str, ...]] = ()
    translation_context: ClassVar[str] = ""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Show `rows` instead of what was shown (one model reset)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return QCoreApplication.translate(self.translation_context, self.titles[section])
        return None
