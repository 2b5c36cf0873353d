"""Painted stand-in photos (a sky, a street, a caption) for demo screenshots and tests."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

from ui.widgets.thumbnails import png_bytes


def painted_photo(caption: str, top: str, bottom: str, width: int = 800, height: int = 600) -> bytes:
    """A PNG 'photo': a vertical gradient from `top` to `bottom`, a few shapes and a caption."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, height)
    gradient.setColorAt(0, QColor(top))
    gradient.setColorAt(1, QColor(bottom))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(60, 66, 74, 200))
    painter.drawRect(0, int(height * 0.72), width, height)
    painter.setBrush(QColor(120, 98, 70, 230))
    for n in range(5):
        x = int(width * (0.18 + n * 0.12))
        painter.drawEllipse(x, int(height * 0.6), int(width * 0.16), int(height * 0.18))
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(max(18, height // 12))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(0, int(height * 0.08), width, height // 5), Qt.AlignmentFlag.AlignCenter, caption)
    painter.end()
    return png_bytes(image)
