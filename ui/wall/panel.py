"""A wall panel: a title, "数据更新于 HH:MM:SS" (or, when the last read failed, that the figures are
stale), and its content below."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget


class Panel(QFrame):
    """A titled box whose stamp tells how fresh its content is."""

    def __init__(self, title: str, content: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent, objectName="wallPanel")
        self.title = QLabel(title, objectName="panelTitle")
        self.extra = ElidedLabel()
        self.extra.setObjectName("panelTitle")
        self.stamp = QLabel(objectName="panelStamp")
        self.stamp.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.read_at: datetime | None = None
        self.stale = False
        self.two_rows = False
        self.head = QGridLayout()
        self.head.setContentsMargins(0, 0, 0, 0)
        self.head.addWidget(self.title, 0, 0)
        self.head.addWidget(self.extra, 0, 1)
        self.head.addWidget(self.stamp, 0, 2)
        self.head.setColumnStretch(1, 1)
        self.column = QVBoxLayout(self)
        self.column.addLayout(self.head)
        if content is not None:
            self.column.addWidget(content, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_stamp()

    def _place_stamp(self) -> None:
        """The stamp beside the title when both fit, else on a line of its own (never cut)."""
        margins = self.column.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        needed = self.title.sizeHint().width() + self.stamp.sizeHint().width() + self.head.horizontalSpacing() * 2
        two_rows = needed > room
        if two_rows == self.two_rows:
            return
        self.two_rows = two_rows
        self.head.removeWidget(self.stamp)
        if two_rows:
            self.head.addWidget(self.stamp, 1, 0, 1, 3)
        else:
            self.head.addWidget(self.stamp, 0, 2)

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
        self._place_stamp()


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
