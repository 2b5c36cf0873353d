"""A dialog showing one picture as large as the screen allows (an attachment opened from a strip)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


class ImageViewer(QDialog):
    """The picture scaled down to fit about 85 % of the screen, its file name as the title."""

    def __init__(self, pixmap: QPixmap, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        limit_w, limit_h = int(screen.width() * 0.85), int(screen.height() * 0.8)
        shown = pixmap
        if pixmap.width() > limit_w or pixmap.height() > limit_h:
            shown = pixmap.scaled(limit_w, limit_h, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.image.setPixmap(shown)
        area = QScrollArea(widgetResizable=True)
        area.setWidget(self.image)
        area.setStyleSheet("QScrollArea { background: #1b1f24; border: none; }"
                           "QLabel { background: #1b1f24; }")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        self.resize(min(shown.width() + 40, limit_w + 40), min(shown.height() + 80, limit_h + 80))
