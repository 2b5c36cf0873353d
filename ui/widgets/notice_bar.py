"""A one-line notice above a form: information (blue), success (green) or a problem (red)."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

KINDS = {
    "info": ("mdi6.information-outline", "#1f5fae", "#e8f1fc", "#b7d0f0"),
    "success": ("mdi6.check-circle-outline", "#1e7a3a", "#e7f5ec", "#b3dcc1"),
    "error": ("mdi6.alert-circle-outline", "#b3261e", "#fdecea", "#f2b8b2"),
}


class NoticeBar(QFrame):
    """Shown with `show_notice(text, kind)`, hidden by its close button or `clear()`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notice")
        self._icon = QLabel()
        self._text = QLabel(wordWrap=True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._close = QToolButton(autoRaise=True)
        self._close.setIcon(qta.icon("mdi6.close", color="#5b6b7c"))
        self._close.setToolTip(self.tr("关闭"))
        self._close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._close)
        self.kind = ""
        self.setVisible(False)

    def show_notice(self, text: str, kind: str = "info") -> None:
        """Show `text`; kind is 'info', 'success' or 'error'."""
        icon, color, background, border = KINDS[kind]
        self.kind = kind
        self._icon.setPixmap(qta.icon(icon, color=color).pixmap(20, 20))
        self._text.setText(text)
        self.setStyleSheet(
            f"QFrame#notice {{ background: {background}; border: 1px solid {border}; border-radius: 6px; }}"
            f"QFrame#notice QLabel {{ color: {color}; font-weight: bold; background: transparent; border: none; }}"
        )
        self.setVisible(True)

    def text(self) -> str:
        """The text shown ('' when hidden)."""
        return self._text.text()

    def clear(self) -> None:
        """Hide the notice."""
        self._text.setText("")
        self.kind = ""
        self.setVisible(False)
