"""A combo box one can type into: typing filters the entries by any part of their text, their
group, their code or their pinyin initials (垃圾, 0101, ljt all find 暴露垃圾 / 垃圾满溢 …)."""

from __future__ import annotations

import functools

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.cases.lookups import Choice

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def search_text(*parts: str) -> str:
    """Lower-case text a query is matched against: the parts, their pinyin and pinyin initials."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load in ~0.4 s: not at start-up

    words = [p for p in parts if p]
    spelled = ["".join(lazy_pinyin(p)) for p in words]
    initials = ["".join(lazy_pinyin(p, style=Style.FIRST_LETTER)) for p in words]
    return " ".join(words + spelled + initials).lower()


class _QueryFilter(QSortFilterProxyModel):
    """Keeps the rows whose search text contains every word of the query."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._words = text.lower().split()
            self.endFilterChange()
        else:
            self._words = text.lower().split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 - Qt's name
        if not self._words:
            return True
        parts = self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE) or ()
        text = _cached_search_text(tuple(parts))
        return all(word in text for word in self._words)


@functools.lru_cache(maxsize=4096)
def _cached_search_text(parts: tuple) -> str:
    """search_text, worked out the first time somebody types (pinyin is slow to load and run;
    filling the combo at start-up must not pay for it)."""
    return search_text(*parts)


class SearchableCombo(QComboBox):
    """Choices (app.cases.lookups.Choice) by their label; `current_key()` is the chosen key."""

    key_changed = Signal(object)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(14)
        self.lineEdit().setPlaceholderText(placeholder)
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        self._filter = _QueryFilter(self)
        self._filter.setSourceModel(self._items)
        self.setCompleter(None)
        self._completer = QCompleter(self._filter, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self.lineEdit())
        self._completer.activated[QModelIndex].connect(self._on_completer_activated)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self.lineEdit().editingFinished.connect(self._commit_typed_text)
        self.currentIndexChanged.connect(self._on_current_index_changed)
        self.setCurrentIndex(-1)

    # content -------------------------------------------------------------
    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Replace the entries, keeping the chosen key when it is still offered."""
        kept = self.current_key()
        self.blockSignals(True)
        self._items.clear()
        for choice in choices:
            item = QStandardItem(choice.label)
            item.setData(choice.key, KEY_ROLE)
            item.setData((choice.label, choice.group, choice.key), SEARCH_ROLE)
            if choice.group:
                item.setToolTip(choice.group)
            self._items.appendRow(item)
        self.setCurrentIndex(self._row_of(kept))
        self.blockSignals(False)
        if self.current_key() != kept:
            self.key_changed.emit(self.current_key())

    def current_key(self) -> str | None:
        """The key of the chosen entry, or None when nothing is chosen."""
        row = self.currentIndex()
        return None if row < 0 else self._items.item(row).data(KEY_ROLE)

    def set_current_key(self, key: str | None) -> bool:
        """Choose the entry with `key` (None clears); False when no entry has it."""
        row = self._row_of(key)
        self.setCurrentIndex(row)
        return row >= 0 or key is None

    def matching_labels(self, query: str) -> list[str]:
        """The labels a query would offer, in order (what the popup shows)."""
        self._filter.set_query(query)
        return [self._filter.index(r, 0).data() for r in range(self._filter.rowCount())]

    def search(self, query: str) -> None:
        """Type `query` as a user would and open the filtered list."""
        self.lineEdit().setText(query)
        self._on_text_edited(query)

    # behaviour -----------------------------------------------------------
    def _row_of(self, key: str | None) -> int:
        if key is None:
            return -1
        for row in range(self._items.rowCount()):
            if self._items.item(row).data(KEY_ROLE) == key:
                return row
        return -1

    def _on_text_edited(self, text: str) -> None:
        self._filter.set_query(text)
        if text.strip() and self._filter.rowCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        if index.model() is not self._filter:
            index = self._completer.completionModel().mapToSource(index)
        source = self._filter.mapToSource(index)
        if source.isValid():
            self.setCurrentIndex(source.row())
            self.lineEdit().setText(self.itemText(source.row()))

    def _commit_typed_text(self) -> None:
        """On leaving the field: a unique or exact match is chosen, anything else is undone."""
        text = self.lineEdit().text().strip()
        if not text:
            self.setCurrentIndex(-1)
            return
        if self.currentIndex() >= 0 and text == self.itemText(self.currentIndex()):
            return
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        matches = self.matching_labels(text)
        if exact >= 0:
            self.setCurrentIndex(exact)
        elif len(matches) == 1:
            self.setCurrentIndex(self.findText(matches[0], Qt.MatchFlag.MatchFixedString))
        self.lineEdit().setText(self.itemText(self.currentIndex()) if self.currentIndex() >= 0 else "")

    def _on_current_index_changed(self, _row: int) -> None:
        self.key_changed.emit(self.current_key())
