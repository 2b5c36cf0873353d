"""The map page in a real QtWebEngine: offline loading, clicks, live colours, MBTiles, picking a point."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.cases.states import CaseStatus
from app.geo.basemap import Basemap, set_basemap
from app.geo.mbtiles_write import solid_png, write_mbtiles
from app.cases.draft_store import DraftStore
from db.schema import Region
from ui.cases.detail_page import CaseDetailPage
from ui.cases.intake_page import IntakePage
from ui.cases.queue_page import QueuePage
from ui.main_window import MainWindow
from ui.map.map_page import MapPage
from ui.map.scheme import scheme_handler

WEST, SOUTH, CELL = 120.0, 36.0, 0.01
GRID_CODES = [f"370299001001{i:03d}" for i in range(1, 5)]


def _square(west: float, south: float, size: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[west, south], [west + size, south], [west + size, south + size],
                                                [west, south + size], [west, south]]]}


def _create(service: CaseService, lon: float, lat: float, days_ago: float, text: str) -> str:
    draft = CaseDraft(source="12345热线", category="0101", description=text, reported_at=service.now() - timedelta(days=days_ago),
                      lon=lon, lat=lat, status=CaseStatus.REGISTERED)
    return service.create(draft, "tester").case_no


@pytest.fixture
def district(service):
    """A street, a community of four grids (2×2 cells of 0.01°) and three cases: red, green, green."""
    with service.database.write() as session:
        street = Region(code="370299001", name="海棠街道", level="street", boundary=_square(WEST, SOUTH, 2 * CELL))
        session.add(street)
        session.flush()
        community = Region(code="370299001001", name="海棠社区", level="community", parent_id=street.id,
                           boundary=_square(WEST, SOUTH, 2 * CELL))
        session.add(community)
        session.flush()
        for code, (dx, dy) in zip(GRID_CODES, ((0, 0), (1, 0), (0, 1), (1, 1))):
            session.add(Region(code=code, name=f"海棠社区第{code[-2:]}网格", level="grid", parent_id=community.id,
                               boundary=_square(WEST + dx * CELL, SOUTH + dy * CELL, CELL)))
    return {
        "red": _create(service, WEST + 0.005, SOUTH + 0.005, 20, "井盖缺失，行人易跌落"),
        "green": _create(service, WEST + 0.015, SOUTH + 0.005, 0, "路灯不亮"),
        "other": _create(service, WEST + 0.015, SOUTH + 0.015, 0, "绿化带垃圾堆积"),
    }


@pytest.fixture
def window(qtbot, ui_ctx, tmp_path, district, blocked_requests):
    """A main window with the queue, map, intake and detail pages, the map shown and drawn."""
    main = MainWindow(ui_ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.add_page("queue", lambda: QueuePage(ui_ctx, main), "案件队列", "mdi6.format-list-bulleted")
    main.add_page("map", lambda: MapPage(ui_ctx, main), "一张图", "mdi6.map-outline")
    main.add_page("intake", lambda: IntakePage(ui_ctx, main, drafts=DraftStore(tmp_path / "drafts")), "受理登记",
                  "mdi6.file-document-edit-outline")
    main.add_page("case", lambda: CaseDetailPage(ui_ctx, main))
    main.resize(1000, 700)
    main.show()
    main.show_page("map")
    qtbot.waitUntil(lambda: main.pages["map"].is_ready, timeout=30_000)
    return main


def run_js(qtbot, page: MapPage, script: str):
    """Evaluate a script in the map page and return its result."""
    results = []
    page.view.page().runJavaScript(script, 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5_000)
    return results[0]


def test_map_loads_complete_with_the_network_blocked(qtbot, window, blocked_requests):
    """Grids, boundaries and markers are drawn from local assets only: no http(s) request at all."""
    page = window.pages["map"]
    summary = page.summary
    assert summary["grids"] == 4 and summary["gridShapes"] == 4
    assert summary["communities"] == 1 and summary["streets"] == 1
    assert summary["markers"] == 3
    assert summary["lights"]["red"] == 1 and summary["lights"]["green"] == 2
    assert run_js(qtbot, page, "document.querySelectorAll('.leaflet-control-layers-overlays label').length") == 5
    assert run_js(qtbot, page, "typeof L.markerClusterGroup + typeof L.heatLayer + typeof jQuery") == \
        "functionfunctionfunction"
    assert blocked_requests == []


def test_grids_are_coloured_by_their_cases(qtbot, window):
    """The grid figures come after the shapes: each grid is filled by its open cases, or by its worst light."""
    page = window.pages["map"]

    def fill(code: str) -> str:
        return run_js(qtbot, page, "(function () { var layers = window.gridcc.gridLayers; return layers["
                                   "Object.keys(layers).find(id => layers[id].feature.properties.code === '%s')]"
                                   ".options.fillColor; })()" % code)

    assert [fill(code) for code in GRID_CODES] == ["#a9c9ec", "#a9c9ec", "#f4f6f9", "#a9c9ec"]
    page.mode.setCurrentIndex(1)
    assert [fill(code) for code in GRID_CODES] == ["#d93025", "#1e8e3e", "#eef1f5", "#1e8e3e"]


def test_marker_click_opens_the_case(qtbot, window, district):
    """Clicking a case marker (its own click handler) opens the case's detail page."""
    page = window.pages["map"]
    run_js(qtbot, page, f"window.gridcc.markers['{district['green']}'].fire('click'); true")
    qtbot.waitUntil(lambda: window.current_page() == "case", timeout=5_000)
    assert window.pages["case"].case_no == district["green"]


def test_grid_click_filters_the_queue(qtbot, window):
    """Clicking a grid shows only that grid's cases in the queue, and says so on the map page."""
    page = window.pages["map"]
    grid_id = run_js(qtbot, page, "Object.keys(window.gridcc.gridLayers).find(id => "
                                  "window.gridcc.gridLayers[id].feature.properties.code === '%s')" % GRID_CODES[1])
    run_js(qtbot, page, f"window.gridcc.gridLayers['{grid_id}'].fire('click'); true")
    queue = window.pages["queue"]
    qtbot.waitUntil(lambda: queue.filters.current_filter().grid_code == GRID_CODES[1], timeout=5_000)
    assert "海棠社区第02网格" in page.notice.text()
    window.show_page("queue")
    qtbot.waitUntil(lambda: not queue.model.loading and queue.model.rowCount() == 1, timeout=10_000)


def test_marker_colour_follows_case_changes_live(qtbot, window, district, ui_ctx, clock, database):
    """An extension turns a red marker green, another workstation's new case appears, time turns lights."""
    page = window.pages["map"]
    light = lambda no: run_js(qtbot, page, f"window.gridcc.markerLight('{no}')")  # noqa: E731
    assert light(district["red"]) == "red"
    ui_ctx.cases.act(district["red"], "extend", actor="tester", note="需协调多个部门", limit="30工作日")
    ui_ctx.hub.notify_local()
    qtbot.waitUntil(lambda: light(district["red"]) == ui_ctx.cases.view(district["red"]).light.value, timeout=10_000)
    assert light(district["red"]) != "red"

    other = CaseService(database, now=clock, workstation="other-desk")
    new_no = _create(other, WEST + 0.005, SOUTH + 0.015, 0, "占道经营")
    ui_ctx.hub.notify_remote()
    qtbot.waitUntil(lambda: light(new_no) == "green", timeout=10_000)

    clock.set(clock() + timedelta(days=30))
    page.feed.tick()
    qtbot.waitUntil(lambda: light(district["green"]) == "red", timeout=10_000)


def test_show_case_centres_the_map_on_it(qtbot, window, district):
    """The detail page's 在地图上显示 brings up the map on the case."""
    window.open_case(district["other"])
    detail = window.pages["case"]
    qtbot.waitUntil(lambda: detail.map_button.isEnabled(), timeout=10_000)
    detail.map_button.click()
    assert window.current_page() == "map"
    qtbot.waitUntil(lambda: run_js(qtbot, window.pages["map"], "!!window.gridcc.focusRing"), timeout=10_000)
    centre = run_js(qtbot, window.pages["map"], "JSON.stringify(window.gridcc.focusRing.getLatLng())")
    assert json.loads(centre) == pytest.approx({"lat": SOUTH + 0.015, "lng": WEST + 0.015})


def test_pick_on_map_fills_the_intake_form(qtbot, window):
    """A point clicked on the map fills the coordinates and the grid, keeping what was typed."""
    intake = window.pages["intake"]
    qtbot.waitUntil(lambda: intake.choices is not None, timeout=10_000)
    intake.address.setText("海棠路18号")
    window.show_page("intake")
    intake.point.pick_button.click()
    assert window.current_page() == "map"
    page = window.pages["map"]
    run_js(qtbot, page, f"window.gridcc.map.fire('click', {{latlng: L.latLng({SOUTH + 0.015}, {WEST + 0.015})}}); true")
    qtbot.waitUntil(lambda: window.current_page() == "intake", timeout=10_000)
    assert intake.point.point() == pytest.approx((WEST + 0.015, SOUTH + 0.015))
    assert intake.grid.current_key() == GRID_CODES[3]
    assert intake.address.text() == "海棠路18号"
    assert intake.fields()["lon"] == pytest.approx(WEST + 0.015)


def _tiles_over_district(zooms) -> dict:
    """Solid tiles covering the test district at each zoom (XYZ addresses)."""
    tiles = {}
    for z in zooms:
        n = 1 << z
        xs = {int((lon + 180) / 360 * n) for lon in (WEST, WEST + 2 * CELL)}
        ys = {int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n) for lat in (SOUTH, SOUTH + 2 * CELL)}
        for x in range(min(xs) - 1, max(xs) + 2):
            for y in range(min(ys) - 1, max(ys) + 2):
                tiles[(z, x, y)] = solid_png((200, 220, 190), size=256)
    return tiles


@pytest.fixture
def mbtiles_basemap(database, district, tmp_path):
    """The administrator chose an MBTiles basemap covering the district."""
    tiles = _tiles_over_district(range(12, 18))
    path = write_mbtiles(tmp_path / "城区.mbtiles", tiles)
    set_basemap(database, Basemap(kind="mbtiles", path=str(path), crs="wgs84"))
    return tiles


def test_mbtiles_tiles_are_served_to_the_page(qtbot, mbtiles_basemap, window, blocked_requests):
    """The page's tile layer gets the MBTiles file's own bytes through gridcc://tiles/."""
    handler = scheme_handler()
    page = window.pages["map"]
    qtbot.waitUntil(lambda: run_js(qtbot, page, "document.querySelectorAll('img.leaflet-tile-loaded').length") > 0,
                    timeout=10_000)
    assert handler.served_tiles
    for z, x, y, data in handler.served_tiles:
        assert data == mbtiles_basemap[(z, x, y)]
    assert blocked_requests == []
