"""一张图: grids coloured by load or light, live case markers, heat map, boundaries, on one map.

The web view is created the first time the page is shown (WebEngine costs seconds to start,
the other pages should not pay for it). The page and its data are loaded by ui/map/page_loader.py
(shared with the wall's map) with the administrator's basemap; the data follows as JSON once the
page says it is ready.
Clicking a case opens it; clicking a grid filters the case queue and the people ledger to it;
`show_case` centres on a case; `pick_point` lets another page ask for a point on the map.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from time import perf_counter

import qtawesome as qta
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QComboBox, QHBoxLayout, QLabel, QPushButton, QStackedLayout, QVBoxLayout, QWidget,
)

from app.cases.lookups import Choice
from app.geo.basemap import Basemap, get_basemap
from app.map.reading import case_location, from_display, grid_at, point_to_display
from app.map.situation import HEAT_PERIODS, Delta, marker_columns
from ui.context import UiContext
from ui.map.feed import MapFeed, Snapshot
from ui.map.map_view import MapView
from ui.map.page_loader import MapPageLoader, wait_until
from ui.widgets import NoticeBar, page_header
from ui.workers import run_in_background

TICK_MS = 1000  # the dispatcher view's cadence
PickCallback = Callable[[float, float, Choice | None], None]


class MapPage(QWidget):
    """The map page; `ready` fires once the page is drawn with data, `updated` after each live change."""

    ready = Signal()
    updated = Signal()

    def __init__(self, ctx: UiContext, window):
        super().__init__()
        self.ctx = ctx
        self.main_window = window
        self.view: MapView | None = None
        self.feed = MapFeed(ctx, self)
        self.is_ready = False
        self.summary: dict = {}
        self._pending_focus: tuple[str, float, float] | None = None
        self._pick: tuple[PickCallback, str] | None = None
        self._build()
        self.loader = MapPageLoader(ctx, self.feed, mode=self.mode.currentData, heat_days=self.heat_days.currentData,
                                    parent=self)
        self.loader.cases_sent.connect(self._on_cases_sent)
        self.loader.drawn.connect(self._on_drawn)
        self.feed.changed.connect(self._on_feed_changed)
        self.feed.failed.connect(lambda text: self.notice.show_notice(self.tr("读取地图数据失败：") + text, "error"))
        ctx.hub.changed.connect(self.feed.refresh_changes)
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.feed.tick)

    def _build(self) -> None:
        self.title = QLabel(self.tr("一张图"), objectName="pageTitle")
        self.counts = QLabel(objectName="mapCounts")
        self.mode = QComboBox()
        self.mode.addItem(self.tr("网格按未办结案件数着色"), "load")
        self.mode.addItem(self.tr("网格按最严重灯色着色"), "light")
        self.mode.currentIndexChanged.connect(lambda: self._call("setMode", self.mode.currentData()))
        self.heat_days = QComboBox()
        for days in HEAT_PERIODS:
            self.heat_days.addItem(self.tr("热力图：近{n}天").format(n=days), days)
        self.heat_days.setCurrentIndex(1)
        self.heat_days.currentIndexChanged.connect(self._push_heat)
        self.refresh_button = QPushButton(qta.icon("mdi6.refresh", color="#33475b"), self.tr("刷新"))
        self.refresh_button.clicked.connect(self.reload)
        top = page_header(self.title, self.counts, actions=(self.mode, self.heat_days, self.refresh_button))
        self.notice = NoticeBar()
        self.queue_button = QPushButton(qta.icon("mdi6.format-list-bulleted", color="#1f5fae"), self.tr("查看案件队列"))
        self.queue_button.clicked.connect(lambda: self.main_window.show_page("queue"))
        self.queue_button.hide()
        self.cancel_pick_button = QPushButton(qta.icon("mdi6.close", color="#b3261e"), self.tr("取消选点"))
        self.cancel_pick_button.clicked.connect(self.cancel_pick)
        self.cancel_pick_button.hide()
        notices = QHBoxLayout()
        notices.addWidget(self.notice, 1)
        notices.addWidget(self.queue_button)
        notices.addWidget(self.cancel_pick_button)
        self.placeholder = QLabel(self.tr("正在载入地图……"), objectName="muted")
        self.placeholder.setStyleSheet("color: #7b8794; font-size: 15px; background: #eef2f6;")
        self.area = QStackedLayout()
        self.area.addWidget(self.placeholder)
        holder = QWidget()
        holder.setLayout(self.area)
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 14)
        column.setSpacing(10)
        column.addLayout(top)
        column.addLayout(notices)
        column.addWidget(holder, 1)

    # starting ----------------------------------------------------------------------------
    def start(self) -> None:
        """Create the view and load the page and the data (once)."""
        if self.view is not None:
            return
        self.started_at = perf_counter()
        self.view = MapView(self)
        self.area.addWidget(self.view)
        self.area.setCurrentWidget(self.view)
        self.view.bridge.case_clicked.connect(self.open_case)
        self.view.bridge.grid_clicked.connect(self.filter_to_grid)
        self.view.bridge.point_picked.connect(self._on_point_picked)
        self.reload()

    def reload(self) -> None:
        """Read the basemap setting, then build the page and read the data again."""
        if self.view is None:
            self.start()
            return
        self.is_ready = False
        self.loader.load(self.view)

    def _on_cases_sent(self, snapshot: Snapshot) -> None:
        if snapshot.heat_days != self.heat_days.currentData():
            self._push_heat()  # the period was changed while the data was read

    def _on_drawn(self, summary) -> None:
        self.is_ready = True
        self.ready_seconds = perf_counter() - self.started_at
        self._show_summary(summary)
        if self._pending_focus:
            self._call("focusCase", *self._pending_focus)
            self._pending_focus = None
        if self._pick:
            self._call("startPick")
        self.ready.emit()

    def _show_summary(self, summary) -> None:
        self.summary = json.loads(summary) if isinstance(summary, str) else {}
        lights = self.summary.get("lights", {})
        self.counts.setText(self.tr("网格 {g} 个 · 在办案件 {m} 件 · 红灯 {r} · 黄灯 {y}").format(
            g=self.summary.get("grids", 0), m=self.summary.get("markers", 0), r=lights.get("red", 0),
            y=lights.get("yellow", 0)))

    def _push_heat(self) -> None:
        if self.feed.ready:
            self._call("setHeat", self.feed.heat_points(self.heat_days.currentData()))

    def _call(self, function: str, *args) -> None:
        if self.view is not None and self.loader.page_ok:
            self.view.call(function, *args)

    # live ----------------------------------------------------------------------------------
    def _on_feed_changed(self, delta: Delta) -> None:
        if not self.is_ready:
            return
        heat = self.feed.heat_points(self.heat_days.currentData()) if delta.heat_changed else None
        self.view.call("applyDelta", marker_columns(delta.markers), delta.removed, delta.grids, heat,
                       callback=self._on_updated)

    def _on_updated(self, summary) -> None:
        self._show_summary(summary)
        self.updated.emit()

    # clicks ----------------------------------------------------------------------------------
    def open_case(self, case_no: str) -> None:
        """A marker was clicked: show the case."""
        self.main_window.open_case(case_no)

    def filter_to_grid(self, grid_id: str, code: str, name: str) -> None:
        """A grid was clicked: the case queue (and the people ledger, when there is one) show only it."""
        filtered = []
        queue = self.main_window.pages.get("queue")
        if queue is not None and hasattr(queue, "filter_grid"):
            queue.filter_grid(code, name)
            filtered.append(self.tr("案件队列"))
        people = self.main_window.pages.get("people")
        if people is not None and hasattr(people, "filter_grid"):
            people.filter_grid(grid_id)
            filtered.append(self.tr("人口台账"))
        if filtered:
            self.notice.show_notice(self.tr("已将{what}筛选为网格“{name}”").format(
                what=self.tr("和").join(filtered), name=name), "info")
            self.queue_button.setVisible(queue is not None)

    # showing a case ---------------------------------------------------------------------------
    def show_case(self, case_no: str) -> None:
        """Show the map centred on a case (the detail page's "在地图上显示")."""
        self.main_window.show_page("map")
        run_in_background(self, lambda: case_location(self.ctx.cases, case_no), self._on_case_located)

    def _on_case_located(self, location) -> None:
        if location is None or location.lon is None:
            self.notice.show_notice(self.tr("该案件没有登记坐标，无法在地图上显示"), "error")
            return
        lon, lat = point_to_display(location.lon, location.lat, self.feed.crs)
        if self.is_ready:
            self._call("focusCase", location.case_no, lat, lon)
        else:
            self._pending_focus = (location.case_no, lat, lon)

    # picking a point -------------------------------------------------------------------------
    def pick_point(self, on_picked: PickCallback, return_to: str) -> None:
        """Let the user click a point; `on_picked(lon, lat, grid)` gets it in WGS-84, then
        the page `return_to` is shown again."""
        self._pick = (on_picked, return_to)
        self.main_window.show_page("map")
        self.notice.show_notice(self.tr("请在地图上点击事发位置"), "info")
        self.queue_button.hide()
        self.cancel_pick_button.show()
        if self.is_ready:
            self._call("startPick")

    def cancel_pick(self) -> None:
        """Stop picking and go back, leaving the form as it was."""
        if self._pick is None:
            return
        _, return_to = self._pick
        self._end_pick()
        self.main_window.show_page(return_to)

    def _end_pick(self) -> None:
        self._pick = None
        self._call("stopPick")
        self.cancel_pick_button.hide()
        self.notice.clear()

    def _on_point_picked(self, lon: float, lat: float) -> None:
        if self._pick is None:
            return
        on_picked, return_to = self._pick
        lon, lat = from_display(lon, lat, self.feed.crs)
        self._end_pick()
        service = self.ctx.cases
        run_in_background(self, lambda: grid_at(service, lon, lat),
                          lambda grid: self._deliver_pick(on_picked, return_to, lon, lat, grid),
                          lambda exc: self._deliver_pick(on_picked, return_to, lon, lat, None))

    def _deliver_pick(self, on_picked: PickCallback, return_to: str, lon, lat, grid) -> None:
        on_picked(round(lon, 7), round(lat, 7), grid)
        self.main_window.show_page(return_to)

    # the main window's hooks ---------------------------------------------------------------------
    def activate(self) -> None:
        """Shown: start the map the first time; later, rebuild it if the basemap setting changed."""
        if self.view is None:
            self.start()
            return
        run_in_background(self, lambda: get_basemap(self.ctx.database), self._on_basemap_checked, lambda exc: None)

    def _on_basemap_checked(self, basemap: Basemap) -> None:
        if self.loader.basemap is not None and basemap != self.loader.basemap and self._pick is None:
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.tick_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.tick_timer.stop()

    def wait_until_ready(self, timeout_s: float = 20.0) -> bool:
        """Run the event loop until the page is drawn (screenshots, benches, tests)."""
        return wait_until(self.ready, lambda: self.is_ready, timeout_s)

    def prepare_screenshot(self) -> bool:
        """Draw the map before the screenshot: page loaded, data drawn, tiles and canvas settled."""
        self.start()
        self.main_window.show_page("map")
        if not self.wait_until_ready():
            return True
        self.mode.setCurrentIndex(1)  # the lights show the situation best
        settle_until = perf_counter() + 1.5
        while perf_counter() < settle_until:
            QApplication.processEvents()
        return True
