"""The wall window: borderless, full screen on the chosen monitor, dark, hands-off.

Header (district, title, page, clock), the stale banner and the alarm announcement, the five
headline tiles, then the pages (ui/wall/pages.py), rotating when asked. Data comes only from the
refresher's snapshots (ui/wall/refresher.py). Timers are made once here: the clock (every second:
clock, flash expiry, the map's relight, dimming and drift at each new minute), the page rotation,
and the flasher, which runs only while something flashes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.cases.board import BoardAlerts
from app.wall.options import WallOptions
from app.wall.readability import TypeScale
from app.wall.snapshot import Snapshot
from ui.context import UiContext
from ui.wall.effects import DimOverlay, Flasher, drift_offset
from ui.wall.pages import WallPages
from ui.wall.panel import ElidedLabel
from ui.wall.refresher import FULL_MS, RETRY_MS, WallRefresher
from ui.wall.screens import chosen_screen, scale_for
from ui.wall.style import style_sheet
from ui.wall.tiles import TileRow, set_style_property

WEEKDAYS = (QT_TRANSLATE_NOOP("WallWindow", "星期一"), QT_TRANSLATE_NOOP("WallWindow", "星期二"),
            QT_TRANSLATE_NOOP("WallWindow", "星期三"), QT_TRANSLATE_NOOP("WallWindow", "星期四"),
            QT_TRANSLATE_NOOP("WallWindow", "星期五"), QT_TRANSLATE_NOOP("WallWindow", "星期六"),
            QT_TRANSLATE_NOOP("WallWindow", "星期日"))
#: announcements shown at once at most (the newest)
MAX_ANNOUNCED = 3


class WallWindow(QWidget):
    """`open_on_screen()` shows it full screen; it then refreshes itself until closed."""

    def __init__(self, ctx: UiContext, options: WallOptions, *, with_map: bool = True,
                 full_ms: int = FULL_MS, retry_ms: int = RETRY_MS):
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.ctx, self.options = ctx, options
        self.setObjectName("wall")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(self.tr("网格化管理指挥中心 · 大屏"))
        self.tz = ctx.cases.config().tz
        self.scale: TypeScale | None = None
        self.announced: list[tuple[str, datetime]] = []
        self._minute = -1
        self._build(with_map)
        self.refresher = WallRefresher(ctx, self, full_ms=full_ms, retry_ms=retry_ms)
        self.refresher.refreshed.connect(self._on_refresher_refreshed)
        self.refresher.failed.connect(self._on_refresher_failed)
        self.flasher = Flasher(self._on_flash_phase, self._flashing, self)
        self.flasher.set_rate(options.flash_hz)
        self.clock_timer = QTimer(self, interval=1000)
        self.clock_timer.timeout.connect(self._on_clock_tick)
        self.rotate_timer = QTimer(self)
        self.rotate_timer.timeout.connect(self.next_page)
        self.overlay = DimOverlay(self)

    def _build(self, with_map: bool) -> None:
        self.district = QLabel(objectName="wallDistrict")
        self.title = ElidedLabel(self.tr("网格化管理指挥中心 · 城市运行态势"))
        self.title.setObjectName("wallTitle")
        self.page_label = QLabel(objectName="wallTitle")
        self.clock = QLabel(objectName="wallClock")
        header = QHBoxLayout()
        header.addWidget(self.district)
        header.addSpacing(24)
        header.addWidget(self.title, 1)
        header.addWidget(self.page_label)
        header.addSpacing(24)
        header.addWidget(self.clock)
        self.banner = ElidedLabel()
        self.banner.setObjectName("wallBanner")
        self.banner.hide()
        self.announce = ElidedLabel()
        self.announce.setObjectName("wallAnnounce")
        self.announce.hide()
        self.tiles = TileRow()
        self.pages = WallPages(self.ctx, with_map=with_map)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages.overview)
        self.stack.addWidget(self.pages.analysis)
        self.column = QVBoxLayout(self)
        self.column.addLayout(header)
        self.column.addWidget(self.banner)
        self.column.addWidget(self.announce)
        self.column.addWidget(self.tiles)
        self.column.addWidget(self.stack, 1)
        self._show_page_label()

    # placing and sizing ----------------------------------------------------------------------
    def open_on_screen(self) -> QScreen:
        """Full screen on the chosen monitor, text sized for it; returns the screen."""
        screen = chosen_screen(self.options)
        self.apply_scale(scale_for(screen, self.options))
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        return screen

    def apply_scale(self, scale: TypeScale) -> None:
        """Size every text and gap for this scale."""
        self.scale = scale
        self.setStyleSheet(style_sheet(scale))
        self.column.setSpacing(scale.spacing)
        self.tiles.set_spacing(scale.spacing)
        self.pages.apply_scale(scale)
        self._apply_drift(0)

    def _apply_drift(self, minute: int) -> None:
        """Shift everything a few pixels (burn-in); the room the shift takes is kept on the other side."""
        base = self.scale.spacing if self.scale else 8
        dx, dy = drift_offset(minute)
        reserve = 4 * 2
        self.column.setContentsMargins(base + dx, base // 2 + dy, base + reserve - dx, base // 2 + reserve - dy)

    # running ----------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.clock_timer.isActive():
            self._on_clock_tick()
            self.clock_timer.start()
            self.refresher.start()
            if self.pages.map is not None:
                self.pages.map.start()
            if self.options.rotate_seconds:
                self.rotate_timer.start(self.options.rotate_seconds * 1000)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Esc closes the wall (nothing else on it takes input)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        """Stop every timer (the window may still be drawn, e.g. for a screenshot)."""
        for timer in (self.clock_timer, self.rotate_timer, self.flasher.timer):
            timer.stop()
        self.refresher.stop()

    def next_page(self) -> None:
        self.stack.setCurrentIndex((self.stack.currentIndex() + 1) % self.stack.count())
        self._show_page_label()

    def _show_page_label(self) -> None:
        index = self.stack.currentIndex()
        self.page_label.setText(f"{self.pages.titles[index]}  {index + 1}/{self.stack.count()}")

    def _on_clock_tick(self) -> None:
        now = self.ctx.now().astimezone(self.tz)
        weekday = QCoreApplication.translate("WallWindow", WEEKDAYS[now.weekday()])
        self.clock.setText(f"{now:%Y-%m-%d} {weekday} {now:%H:%M:%S}")
        self.pages.alarms.expire(now)
        self._expire_announcements(now)
        if self.pages.map is not None:
            self.pages.map.tick()
        minute = now.hour * 60 + now.minute
        if minute != self._minute:
            self._minute = minute
            self._apply_drift(minute)
            self.overlay.set_level(self.options.dim_percent if self.options.dimmed_at(now.hour) else None)

    # data -------------------------------------------------------------------------------------
    def _on_refresher_refreshed(self, snapshot: Snapshot) -> None:
        self.district.setText(snapshot.district)
        self.tiles.show_figures(snapshot.figures)
        self.pages.show(snapshot, self.tz)
        self.banner.hide()
        if snapshot.alerts:
            self._raise_alarm(snapshot.alerts, snapshot.read_at)

    def _on_refresher_failed(self, reason: str) -> None:
        snapshot = self.refresher.snapshot
        since = snapshot.read_at.astimezone(self.tz).strftime("%H:%M:%S") if snapshot else "—"
        text = self.tr("数据库连接中断，正在自动重连…… 画面数字截至 {time}，可能已过时").format(time=since)
        self.banner.setText(text + (f"（{reason}）" if reason else ""))
        self.banner.show()
        self.tiles.set_stale()
        self.pages.set_stale(self.tz)

    # alarms -----------------------------------------------------------------------------------
    def _raise_alarm(self, alerts: BoardAlerts, at: datetime) -> None:
        """Flash the cases that turned red or arrived urgent, and announce them, for the set time."""
        until = at + timedelta(seconds=self.options.flash_seconds)
        numbers = [case.case_no for case in alerts.turned_red + alerts.urgent_arrived]
        self.pages.alarms.flash(numbers, until)
        lines = [self.tr("紧急案件到达：{no} {category} · {grid}").format(
                     no=case.case_no, category=case.view.category, grid=case.view.grid or "")
                 for case in alerts.urgent_arrived]
        lines += [self.tr("案件转为红灯：{no} {category} · {grid}").format(
                      no=case.case_no, category=case.view.category, grid=case.view.grid or "")
                  for case in alerts.turned_red]
        self.announced = ([(line, until) for line in lines] + self.announced)[:MAX_ANNOUNCED]
        self._show_announcements()
        if self.options.flash_seconds:
            self.flasher.start()

    def _show_announcements(self) -> None:
        self.announce.setText("    ".join(line for line, _until in self.announced))
        self.announce.setVisible(bool(self.announced))

    def _expire_announcements(self, now: datetime) -> None:
        if self.announced:
            kept = [(line, until) for line, until in self.announced if until > now]
            if len(kept) != len(self.announced):
                self.announced = kept
                self._show_announcements()

    def _flashing(self) -> bool:
        return bool(self.pages.alarms.flashing or self.announced)

    def _on_flash_phase(self, on: bool) -> None:
        self.pages.alarms.set_flash_phase(on)
        set_style_property(self.announce, "flash", "on" if on else "off")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.rect())
