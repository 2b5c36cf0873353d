"""The status bar: which database, whether it answers, who is working, and the time."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from app.accounts.principal import SYSTEM
from ui.context import UiContext

#: weekday names, Monday first (source texts, translated when shown)
WEEKDAYS = (QT_TRANSLATE_NOOP("StatusBar", "星期一"), QT_TRANSLATE_NOOP("StatusBar", "星期二"),
            QT_TRANSLATE_NOOP("StatusBar", "星期三"), QT_TRANSLATE_NOOP("StatusBar", "星期四"),
            QT_TRANSLATE_NOOP("StatusBar", "星期五"), QT_TRANSLATE_NOOP("StatusBar", "星期六"),
            QT_TRANSLATE_NOOP("StatusBar", "星期日"))


class StatusBar(QStatusBar):
    """Also says so while a write waits for another workstation's lock on a shared SQLite file."""

    write_waiting = Signal(bool)

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.write_waiting.connect(self._show_write_waiting)
        ctx.database.write_wait_listener = self._hear_write_wait
        self.database = QLabel(self.tr("数据库：") + ctx.database.describe())
        self.connection = QLabel()
        self.user = QLabel(self.tr("当前用户：") + self._who(ctx), objectName="statusUser")
        self.clock = QLabel(objectName="statusClock")
        for label in (self.database, self.connection, self.user, self.clock):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        ctx.hub.connection_lost.connect(lambda _reason: self._show_connected(False))
        ctx.hub.connection_restored.connect(lambda: self._show_connected(True))
        self._show_connected(ctx.hub.connected)
        timer = QTimer(self)
        timer.timeout.connect(self._tick)
        timer.start(1000)
        self._tick()

    def _who(self, ctx: UiContext) -> str:
        """张三（派遣员 · 全区）: the logged-in account's name, role and scope."""
        principal = ctx.principal
        if principal is SYSTEM:
            return ctx.user
        return self.tr("{name}（{role} · {scope}）").format(name=principal.name, role=principal.role_name,
                                                         scope=principal.scope.label)

    def _tick(self) -> None:
        """The district's date, weekday and time (the --now clock when one is set)."""
        now = self.ctx.now().astimezone(self.ctx.cases.config().tz)
        weekday = self.tr(WEEKDAYS[now.weekday()])
        self.clock.setText(self.tr("{date} {weekday} {time}").format(
            date=f"{now:%Y-%m-%d}", weekday=weekday, time=f"{now:%H:%M:%S}"))

    def _show_connected(self, connected: bool) -> None:
        if connected:
            self.connection.setText("● " + self.tr("已连接"))
            self.connection.setStyleSheet("color: #1e8e3e;")
        else:
            self.connection.setText("● " + self.tr("连接中断"))
            self.connection.setStyleSheet("color: #d93025; font-weight: bold;")

    def _hear_write_wait(self, waiting: bool) -> None:
        """Called in the worker thread that waits; the bar may be gone by then (window closed)."""
        try:
            self.write_waiting.emit(waiting)
        except RuntimeError:
            pass

    def _show_write_waiting(self, waiting: bool) -> None:
        if waiting:
            self.showMessage(self.tr("数据库正被另一工作站写入，等待中…"))
        else:
            self.clearMessage()
