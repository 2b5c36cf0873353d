"""A rounded badge: the deadline light of a case (红灯/黄灯/绿灯) or a status, in one colour."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.theme import LIGHT_COLORS

STATUS_COLOR = "#1f5fae"
CLOSED_COLOR = "#6b7785"
LIGHT_LABELS = {"red": QT_TRANSLATE_NOOP("LightBadge", "● 红灯"), "yellow": QT_TRANSLATE_NOOP("LightBadge", "● 黄灯"),
                "green": QT_TRANSLATE_NOOP("LightBadge", "● 绿灯")}


class Badge(QLabel):
    """White text on a coloured, rounded background; `set_badge(text, colour)` changes both."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(26)
        self.set_badge("", CLOSED_COLOR)

    def set_badge(self, text: str, color: str) -> None:
        """Show `text` on `color` (a CSS colour); an empty text hides the badge."""
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ background: {color}; color: white; border-radius: 12px; padding: 3px 12px;"
            " font-weight: bold; }"
        )
        self.setVisible(bool(text))


class LightBadge(Badge):
    """The light of an open case; closed cases show a grey '已办结'."""

    def set_light(self, light: str | None) -> None:
        """'red', 'yellow', 'green' or None (closed)."""
        self.setProperty("light", light or "")
        if light is None:
            self.set_badge(QCoreApplication.translate("LightBadge", "● 已办结"), CLOSED_COLOR)
            return
        self.set_badge(QCoreApplication.translate("LightBadge", LIGHT_LABELS[light]), LIGHT_COLORS[light].name())

    def light(self) -> str | None:
        return self.property("light") or None
