"""A wall panel: a title, "数据更新于 HH:MM:SS" (or, when the last read failed, that the figures are
stale), and its content below."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget


class Panel(QFrame):
    """A titled box whose stamp tells how fresh its content is."""

    def __init__(self, title: str, content: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent, objectName="wallPanel")
        self.title = QLabel(title, objectName="panelTitle")
        self.extra = QLabel(objectName="panelTitle")
        self.stamp = QLabel(objectName="panelStamp")
        self.read_at: datetime | None = None
        self.stale = False
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.extra)
        head.addStretch(1)
        head.addWidget(self.stamp)
        self.column = QVBoxLayout(self)
        self.column.addLayout(head)
        if content is not None:
            self.column.addWidget(content, 1)

    def set_spacing(self, spacing: int) -> None:
        self.column.setContentsMargins(spacing, spacing // 2, spacing, spacing // 2)
        self.column.setSpacing(spacing // 2)

    def set_read(self, read_at: datetime, tz) -> None:
        """The content now shows data read at `read_at`."""
        self.read_at, self.stale = read_at, False
        self.stamp.setText(self.tr("数据更新于 {time}").format(time=read_at.astimezone(tz).strftime("%H:%M:%S")))
        self._restyle()

    def set_stale(self, tz) -> None:
        """The last read failed: keep the content, say since when it has not been updated."""
        self.stale = True
        if self.read_at is None:
            self.stamp.setText(self.tr("暂无数据"))
        else:
            self.stamp.setText(self.tr("数据未更新（截至 {time}）").format(
                time=self.read_at.astimezone(tz).strftime("%H:%M:%S")))
        self._restyle()

    def _restyle(self) -> None:
        self.stamp.setProperty("stale", "true" if self.stale else "false")
        self.stamp.style().unpolish(self.stamp)
        self.stamp.style().polish(self.stamp)


class ElidedLabel(QLabel):
    """One line of text that ends in '…' when it does not fit (never widens the layout)."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.width() - self.contentsMargins().left() - self.contentsMargins().right()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, width))
        if shown != super().text():
            super().setText(shown)
