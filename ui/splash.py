"""The splash shown while the program prepares: product name, what it is doing, how far it got.

Opening the database may migrate it, and the first `--demo` start builds a whole district (many
seconds); without a splash nothing would be on screen meanwhile. `StartupSplash.wait_for(work)`
runs `work(progress)` on a worker thread while the splash stays responsive; `work` reports with
`progress(message, done, total)` from that thread (total 0: no count known, the bar just moves).
The caller closes the splash once the main window is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

import qtawesome as qta

from ui.theme import ACCENT, HEADER
from ui.workers import run_in_background

T = TypeVar("T")
#: progress(message, done, total), callable from any thread
Progress = Callable[[str, int, int], None]

SIZE = (520, 300)
STYLE = f"""
QWidget#splash {{ background: {HEADER}; border: 1px solid #2b5383; }}
QLabel#splashTitle {{ color: white; font-size: 26px; font-weight: bold; }}
QLabel#splashSub {{ color: #b8c7dc; font-size: 14px; }}
QLabel#splashMessage {{ color: #dfe7f2; font-size: 13px; }}
QProgressBar#splashBar {{ background: #16365c; border: none; border-radius: 3px; max-height: 6px; }}
QProgressBar#splashBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
"""


class StartupSplash(QWidget):
    """A small frameless window centred on the primary screen, shown until the main window is."""

    _progress = Signal(str, int, int)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("splash")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setFixedSize(*SIZE)
        icon = QLabel()
        icon.setPixmap(qta.icon("mdi6.radar", color="white").pixmap(56, 56))
        self.title = QLabel(self.tr("网格化管理指挥中心"), objectName="splashTitle")
        subtitle = QLabel(self.tr("案件调度 · 红黄绿灯督办 · 人口台账"), objectName="splashSub")
        self.message = QLabel(self.tr("正在启动…"), objectName="splashMessage")
        self.bar = QProgressBar(objectName="splashBar")
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 36, 36, 30)
        layout.addWidget(icon)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(subtitle)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(self.bar)
        self._progress.connect(self.show_progress)

    def show(self) -> None:
        """Show centred on the primary screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        super().show()

    @Slot(str, int, int)
    def show_progress(self, message: str, done: int = 0, total: int = 0) -> None:
        """Say what is being done; with a total, how far it got."""
        self.message.setText(message)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def report(self, message: str, done: int = 0, total: int = 0) -> None:
        """The `progress` handed to the work: safe to call from the worker thread."""
        self._progress.emit(message, done, total)

    def wait_for(self, work: Callable[[Progress], T]) -> T:
        """Run `work(progress)` on a worker thread and return its result (or raise its error),
        keeping the splash painted meanwhile."""
        loop = QEventLoop()
        outcome: dict[str, Any] = {}

        def finished(key: str, value) -> None:
            outcome[key] = value
            loop.quit()

        run_in_background(self, lambda: work(self.report), lambda result: finished("result", result),
                          lambda exc: finished("error", exc), long=True)
        loop.exec()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]
