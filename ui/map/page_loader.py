"""Loading the map page into a web view and handing it its data: shared by 一张图 and the wall's map.

The page HTML comes from folium (ui/map/page_html.py) with the administrator's basemap, built while
the feed reads the data. The data goes in once the page says it is ready: the boundaries first
(they set the view), then the cases; the page answers with a summary of what it drew. The pages
that show the map keep their controls, clicks and live changes; this is only the loading.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal, SignalInstance

from app.geo.basemap import Basemap, get_basemap
from ui.context import UiContext
from ui.map.feed import MapFeed, Snapshot
from ui.map.scheme import scheme_handler
from ui.workers import run_in_background

if TYPE_CHECKING:  # the web engine is imported only where the map is first shown
    from ui.map.map_view import MapView

DEFAULT_CENTER, DEFAULT_ZOOM = (36.07, 120.38), 12


class MapPageLoader(QObject):
    """`load(view)` (again after a basemap change); `drawn` carries the page's summary (JSON text)."""

    page_ready = Signal()  # the page is there, before any data goes in: the moment to style it
    cases_sent = Signal(object)  # the Snapshot whose cases were just handed to the page
    drawn = Signal(object)

    def __init__(self, ctx: UiContext, feed: MapFeed, *, mode: Callable[[], str],
                 heat_days: Callable[[], int], parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.feed = feed
        self.mode = mode
        self.heat_days = heat_days
        self.view: MapView | None = None
        self.basemap: Basemap | None = None
        self.page_ok = False
        self._regions: str | None = None
        self._regions_drawn = False
        self._snapshot: Snapshot | None = None
        feed.regions_loaded.connect(self._on_regions_loaded)
        feed.loaded.connect(self._on_feed_loaded)

    def load(self, view: MapView) -> None:
        """Read the basemap setting, then build the page in `view` and read the data again."""
        if view is not self.view:
            self.view = view
            view.bridge.page_ready.connect(self._on_page_ready)
        self.page_ok = self._regions_drawn = False
        self._regions = self._snapshot = None
        database = self.ctx.database
        run_in_background(self, lambda: get_basemap(database), self._on_basemap,
                          lambda _exc: self._on_basemap(Basemap()))

    def _on_basemap(self, basemap: Basemap) -> None:
        self.basemap = basemap
        scheme_handler().set_tiles(basemap.path if basemap.kind == "mbtiles" else None)
        self.feed.load(basemap.crs, self.heat_days())  # first: the reading goes on while the page loads
        from ui.map.page_html import LayerNames, build_page  # folium: paid when the map is first shown

        translate = QCoreApplication.translate  # the layer names are the map page's strings, on every map
        names = LayerNames(basemap=translate("MapPage", "底图"), grids=translate("MapPage", "网格"),
                           cases=translate("MapPage", "案件"), heat=translate("MapPage", "热力图"),
                           communities=translate("MapPage", "社区边界"), streets=translate("MapPage", "街道边界"))
        self.view.show_html(build_page(names, center=DEFAULT_CENTER, zoom=DEFAULT_ZOOM, basemap=basemap.as_dict()))

    def _on_page_ready(self) -> None:
        self.page_ok = True
        self.page_ready.emit()
        self._push_data()

    def _on_regions_loaded(self, regions: str) -> None:
        self._regions = regions
        self._push_data()

    def _on_feed_loaded(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._push_data()

    def _push_data(self) -> None:
        """Draw what has arrived once the page is there: the boundaries first, then the cases."""
        if not self.page_ok:
            return
        if self._regions is not None:
            self.view.call_json("loadRegions", self._regions)
            self._regions, self._regions_drawn = None, True
        if self._regions_drawn and self._snapshot is not None:
            snapshot, self._snapshot = self._snapshot, None
            self.view.call_json("load", snapshot.cases_data, json.dumps(self.mode()), callback=self.drawn.emit)
            self.cases_sent.emit(snapshot)


def wait_until(ready: SignalInstance, is_ready: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until `ready` fires or the timeout (screenshots, benches, tests). A real
    loop, as the desktop's: blocking on the background jobs instead would hold up the page's loading."""
    if not is_ready():
        loop = QEventLoop()
        timer = QTimer(singleShot=True, interval=round(timeout_s * 1000))
        timer.timeout.connect(loop.quit)
        ready.connect(loop.quit)
        timer.start()
        loop.exec()
        timer.stop()
        ready.disconnect(loop.quit)
    return is_ready()
