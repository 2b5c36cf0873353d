"""The wall's map in a real QtWebEngine: the same page and data as 一张图, drawn dark by worst light."""

from __future__ import annotations

import json

from tests.ui.map.test_map_page import GRID_CODES, district  # noqa: F401 - the fixture
from ui.wall.map_panel import WallMap


def _run_js(qtbot, wall_map: WallMap, script: str):
    results = []
    wall_map.view.page().runJavaScript(script, 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5_000)
    return results[0]


def test_wall_map_draws_the_cases_dark_by_light(qtbot, ui_ctx, district, blocked_requests):  # noqa: F811
    """Boundaries and cases arrive once the page is ready, grids coloured by light, the empty one dark."""
    wall_map = WallMap(ui_ctx)
    qtbot.addWidget(wall_map)
    wall_map.resize(800, 600)
    wall_map.show()
    wall_map.start()
    qtbot.waitUntil(lambda: wall_map.is_ready, timeout=30_000)
    assert _run_js(qtbot, wall_map, "document.body.classList.contains('gcc-dark') && window.gridcc.mode") == "light"
    assert json.loads(_run_js(qtbot, wall_map, "JSON.stringify(Object.keys(window.gridcc.markers).sort())")) == \
        sorted(district.values())
    fills = json.loads(_run_js(qtbot, wall_map, "JSON.stringify(Object.values(window.gridcc.gridLayers).map(l => "
                                                "[l.feature.properties.code, l.options.fillColor]))"))
    assert sorted(fills) == [list(pair) for pair in zip(GRID_CODES, ["#d93025", "#1e8e3e", "#16304f", "#1e8e3e"])]
    assert blocked_requests == []
