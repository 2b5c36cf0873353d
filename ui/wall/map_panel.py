"""The wall's map: the map page's web view and feed (ui/map) in the dark style, without controls.

The same page, loader (ui/map/page_loader.py) and live feed as 一张图 (markers relit every
second, changed cases read on every change notification), drawn dark with the grids coloured by
their worst light. The web engine starts when the wall first shows the map.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QStackedLayout, QWidget

from app.map.situation import Delta, marker_columns
from ui.context import UiContext
from ui.map.feed import MapFeed
from ui.map.page_loader import MapPageLoader, wait_until
from ui.wall import style

# the wall always colours the grids by their worst light; the heat period its feed reads
WALL_MODE, WALL_HEAT_DAYS = "light", 30
#: the body size (px) at which the page is drawn at 100 %: markers and labels grow with the wall's type
PAGE_BODY_PX = 20


class WallMap(QWidget):
    """`start()` once; `ready` fires when the page is drawn with the cases."""

    ready = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = None
        self.feed = MapFeed(ctx, self)
        self.is_ready = False
        self.zoom = 1.0
        self.loader = MapPageLoader(ctx, self.feed, mode=lambda: WALL_MODE, heat_days=lambda: WALL_HEAT_DAYS,
                                    parent=self)
        self.loader.page_ready.connect(lambda: self.view.call("setDark", True))
        self.loader.drawn.connect(self._on_drawn)
        self.placeholder = QLabel(self.tr("正在载入地图……"))
        self.placeholder.setStyleSheet(f"color: {style.MUTED}; background: {style.PANEL};")
        self.area = QStackedLayout(self)
        self.area.addWidget(self.placeholder)
        self.feed.changed.connect(self._on_feed_changed)
        ctx.hub.changed.connect(self.feed.refresh_changes)
        self.refit_timer = QTimer(self, singleShot=True, interval=300)
        self.refit_timer.timeout.connect(lambda: self.loader.page_ok and self.view.call("refit"))

    def start(self) -> None:
        """Create the web view and load the page and the data (once)."""
        if self.view is not None:
            return
        from ui.map.map_view import MapView  # the web engine: paid when the map is first shown
        self.view = MapView(self)
        self.view.page().setBackgroundColor(style.PANEL)
        self.view.setZoomFactor(self.zoom)
        self.area.addWidget(self.view)
        self.area.setCurrentWidget(self.view)
        self.loader.load(self.view)

    def _on_drawn(self, _summary) -> None:
        self.view.call("refit")
        self.is_ready = True
        self.ready.emit()

    def _on_feed_changed(self, delta: Delta) -> None:
        if self.is_ready:
            self.view.call("applyDelta", marker_columns(delta.markers), delta.removed, delta.grids, None)

    def set_body_px(self, px: int) -> None:
        """Draw the page larger on a wall with large type (markers and labels readable too)."""
        self.zoom = max(0.5, min(5.0, px / PAGE_BODY_PX))
        if self.view is not None:
            self.view.setZoomFactor(self.zoom)
            self.refit_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.refit_timer.start()

    def tick(self) -> None:
        """Relight the markers (the wall's clock calls this every second)."""
        self.feed.tick()

    def wait_until_ready(self, timeout_s: float = 20.0) -> bool:
        """Run the event loop until the map is drawn (screenshots), then let the canvas settle."""
        if wait_until(self.ready, lambda: self.is_ready, timeout_s):
            loop = QEventLoop()
            QTimer.singleShot(1500, loop.quit)
            loop.exec()
        QApplication.processEvents()
        return self.is_ready
