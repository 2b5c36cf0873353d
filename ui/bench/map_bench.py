"""`gridcc bench map`: the map page with 2,000 grid polygons and 10,000 case markers, offscreen.

Times the map from the pane opening to everything drawn (the first view also starts the web
engine; a second view shows the warm figure), and one marker changing colour: from the change
notification (what the database watcher delivers) to the page having recoloured the marker.
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.bench.cases_bench import NOW
from app.bench.map_data import fill_map_district
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.calendar import TimeUnit
from app.cases.lights import Light
from app.cases.queries import CaseFilter
from app.cases.service import CaseService
from ui.bench.qt_setup import NoWindow, bench_application
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.map.map_page import MapPage

CASES = 10_000
CHANGES = 7
WAIT_SECONDS = 60


def run(pg_url: str | None = None) -> list[Metric]:
    """The map metrics on SQLite, and on PostgreSQL (prefix map.pg) when a server URL is given."""
    bench_application()
    with scratch_sqlite() as database:
        metrics = _measure(database, "map")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "map.pg")
    return metrics


def _measure(database, prefix: str) -> list[Metric]:
    service = CaseService(database, now=lambda: NOW)
    grids = fill_map_district(service, CASES)
    ctx = UiContext(database=database, cases=service, hub=ChangeHub(), user="bench", now=lambda: NOW)
    metrics = [Metric(f"{prefix}.grids", grids, "polygons")]
    for label in ("ready_first_ms", "ready_ms"):
        page = _open(ctx)
        metrics.append(Metric(f"{prefix}.{label}", round(page.ready_seconds * 1000, 1), "ms"))
        if label == "ready_ms":
            metrics.append(Metric(f"{prefix}.markers", page.summary.get("markers", 0), "markers"))
            metrics += _colour_change_metrics(ctx, page, prefix)
        _close(page)
    return metrics


def _open(ctx: UiContext) -> MapPage:
    page = MapPage(ctx, NoWindow())
    page.resize(1600, 900)
    page.show()
    page.activate()
    if not page.wait_until_ready(WAIT_SECONDS):
        raise TimeoutError("地图在 60 秒内没有画完")
    return page


def _colour_change_metrics(ctx: UiContext, page: MapPage, prefix: str) -> list[Metric]:
    """Extend red cases one by one; time notification → marker recoloured on the page."""
    red = ctx.cases.list(CaseFilter(light=Light.RED), limit=CHANGES)
    timings = []
    for view in red:
        limit = "120工作日" if TimeUnit(view.limit_unit).is_working else "2000小时"
        ctx.cases.act(view.case_no, "extend", actor="bench", note="基准测试延期", limit=limit)
        started = time.perf_counter()
        updated_at = _wait_for(page.updated, ctx.hub.notify_remote)
        if updated_at is not None:
            timings.append((updated_at - started) * 1000)
    return [
        Metric(f"{prefix}.marker_change_ms", round(statistics.median(timings), 1) if timings else -1, "ms"),
        Metric(f"{prefix}.marker_change_max_ms", round(max(timings), 1) if timings else -1, "ms"),
    ]


def _wait_for(signal, action) -> float | None:
    """Do `action`, then run the event loop until `signal` fires; when it fired (None: not in time).

    A real event loop, as the desktop runs: spinning processEvents would hold the interpreter lock
    the background reads need, and time them several times slower than they are."""
    fired: list[float] = []
    loop = QEventLoop()
    timer = QTimer(singleShot=True, interval=WAIT_SECONDS * 1000)
    timer.timeout.connect(loop.quit)

    def on_signal() -> None:
        fired.append(time.perf_counter())
        loop.quit()

    signal.connect(on_signal)
    timer.start()
    action()
    if not fired:
        loop.exec()
    timer.stop()
    signal.disconnect(on_signal)
    return fired[0] if fired else None


def _close(page: MapPage) -> None:
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
