"""A row of buttons of which exactly one is chosen (urgency: 一般 | 紧急 | 特急)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

#: checked colour per value; values not listed use the accent colour
DEFAULT_COLOR = "#1f5fae"


class SegmentedChoice(QWidget):
    """One checkable button per value; `value()` is the checked one."""

    value_changed = Signal(str)

    def __init__(self, values: Sequence[str], colors: dict[str, str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        last = len(values) - 1
        for n, value in enumerate(values):
            button = QPushButton(value, checkable=True)
            button.setMinimumWidth(72)
            color = (colors or {}).get(value, DEFAULT_COLOR)
            left = "4px" if n == 0 else "0"
            right = "4px" if n == last else "0"
            button.setStyleSheet(
                f"QPushButton {{ border-radius: 0; border-top-left-radius: {left};"
                f" border-bottom-left-radius: {left}; border-top-right-radius: {right};"
                f" border-bottom-right-radius: {right}; }}"
                f"QPushButton:checked {{ background: {color}; color: white; border-color: {color};"
                " font-weight: bold; }"
            )
            self._group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, v=value: on and self.value_changed.emit(v))
        layout.addStretch(1)
        self.set_value(values[0])

    def value(self) -> str:
        """The chosen value."""
        return next(v for v, b in self.buttons.items() if b.isChecked())

    def set_value(self, value: str) -> None:
        """Choose `value` (ignored when it is not one of the values)."""
        if value in self.buttons:
            self.buttons[value].setChecked(True)
