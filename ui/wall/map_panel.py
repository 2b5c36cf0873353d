"""The wall's map: the map page's web view and feed (ui/map) in the dark style, without controls.

The same page and the same live feed as 一张图 (markers relit every second, changed cases read on
every change notification), drawn dark with the grids coloured by their worst light. The web
engine starts when the wall first shows the map.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEventLoop, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QStackedLayout, QWidget

from app.geo.basemap import Basemap, get_basemap
from app.map.situation import Delta, marker_columns
from ui.context import UiContext
from ui.map.feed import MapFeed, Snapshot
from ui.map.scheme import scheme_handler
from ui.workers import run_in_background
from ui.wall import style

DEFAULT_CENTER, DEFAULT_ZOOM = (36.07, 120.38), 12
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
        self._page_ok = False
        self._regions: str | None = None
        self._regions_drawn = False
        self._snapshot: Snapshot | None = None
        self.placeholder = QLabel(self.tr("正在载入地图……"))
        self.placeholder.setStyleSheet(f"color: {style.MUTED}; background: {style.PANEL};")
        self.area = QStackedLayout(self)
        self.area.addWidget(self.placeholder)
        self.feed.regions_loaded.connect(self._on_regions_loaded)
        self.feed.loaded.connect(self._on_feed_loaded)
        self.feed.changed.connect(self._on_feed_changed)
        ctx.hub.changed.connect(self.feed.refresh_changes)
        self.refit_timer = QTimer(self, singleShot=True, interval=300)
        self.refit_timer.timeout.connect(lambda: self._page_ok and self.view.call("refit"))

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
        self.view.bridge.page_ready.connect(self._on_page_ready)
        run_in_background(self, lambda: get_basemap(self.ctx.database), self._on_basemap,
                          lambda _exc: self._on_basemap(Basemap()))

    def _on_basemap(self, basemap: Basemap) -> None:
        scheme_handler().set_tiles(basemap.path if basemap.kind == "mbtiles" else None)
        self.feed.load(basemap.crs, 30)
        from ui.map.page_html import LayerNames, build_page
        names = LayerNames(basemap=self.tr("底图"), grids=self.tr("网格"), cases=self.tr("案件"),
                           heat=self.tr("热力图"), communities=self.tr("社区边界"), streets=self.tr("街道边界"))
        self.view.show_html(build_page(names, center=DEFAULT_CENTER, zoom=DEFAULT_ZOOM, basemap=basemap.as_dict()))

    def _on_page_ready(self) -> None:
        self._page_ok = True
        self.view.call("setDark", True)
        self._push_data()

    def _on_regions_loaded(self, regions: str) -> None:
        self._regions = regions
        self._push_data()

    def _on_feed_loaded(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._push_data()

    def _push_data(self) -> None:
        if not self._page_ok:
            return
        if self._regions is not None:
            self.view.call_json("loadRegions", self._regions)
            self._regions, self._regions_drawn = None, True
        if self._regions_drawn and self._snapshot is not None:
            snapshot, self._snapshot = self._snapshot, None
            self.view.call_json("load", snapshot.cases_data, json.dumps("light"), callback=self._on_drawn)

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
        if not self.is_ready:
            loop = QEventLoop()
            timer = QTimer(singleShot=True, interval=round(timeout_s * 1000))
            timer.timeout.connect(loop.quit)
            self.ready.connect(loop.quit)
            timer.start()
            loop.exec()
            timer.stop()
            self.ready.disconnect(loop.quit)
        if self.is_ready:
            loop = QEventLoop()
            QTimer.singleShot(1500, loop.quit)
            loop.exec()
        QApplication.processEvents()
        return self.is_ready
