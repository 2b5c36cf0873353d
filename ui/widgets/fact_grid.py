"""Label–value pairs laid out in columns, as on a printed case sheet (案件编号: 2025…)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

EMPTY = "—"


class FactGrid(QWidget):
    """`set_facts([(key, label, value), …])` fills the grid row by row, `columns` pairs per row."""

    def __init__(self, columns: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns
        self.values: dict[str, QLabel] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(10)
        for column in range(columns):
            self._grid.setColumnStretch(column * 2 + 1, 1)
        self.setStyleSheet("QLabel#factLabel { color: #6b7785; } QLabel#factValue { color: #1a2b3c; }")

    def set_facts(self, facts: list[tuple[str, str, str | None]], wide: frozenset[str] = frozenset()) -> None:
        """Show the facts in order; keys in `wide` take a whole row. Blank values show '—'."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.values = {}
        row = column = 0
        for key, label, value in facts:
            if key in wide and column:
                row, column = row + 1, 0
            name = QLabel(label, objectName="factLabel")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value if value not in (None, "") else EMPTY, objectName="factValue", wordWrap=True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            span = self.columns * 2 - 1 if key in wide else 1
            self._grid.addWidget(name, row, column * 2)
            self._grid.addWidget(shown, row, column * 2 + 1, 1, span)
            self.values[key] = shown
            if key in wide:
                row, column = row + 1, 0
            else:
                column += 1
                if column == self.columns:
                    row, column = row + 1, 0

    def value(self, key: str) -> str:
        """The text shown for a fact."""
        return self.values[key].text()
