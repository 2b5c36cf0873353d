"""`gridcc bench wall [--soak N]`: one wall refresh — the queries of the snapshot and the repaint
of the whole 3840×2160 board — on the demo district and on a year of 500 cases a day
(app/bench/report_data.py), SQLite and PostgreSQL (target < 500 ms, best of a few): the full
refresh of every minute, and the live one a change notification starts.

`--soak N` refreshes the demo wall N times in one process and reports the resident memory after
the 100th and after the last refresh (target: within 5 %), and the Qt objects and scene items
the wall holds at both moments (flat: nothing is made per refresh). The map is left out: it
refreshes by its own feed, measured by `gridcc bench map`.
"""

from __future__ import annotations

import gc
import resource
import time
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.bench import report_data
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.cases.service import CaseService
from app.wall.options import WallOptions
from app.wall.readability import px_per_mm, type_scale
from app.wall.snapshot import read_snapshot
from ui.bench.qt_setup import bench_application
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.wall.window import WallWindow
from ui.workers import wait_for_background_work

REPEATS = 5
SIZE = (3840, 2160)
SOAK_MARK = 100
#: the demo district's clock: a working afternoon, so today has figures
DEMO_NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)


def run(pg_url: str | None = None, soak: int = 0) -> list[Metric]:
    """Refresh metrics on SQLite (and PostgreSQL, prefix wall.pg); the soak on SQLite when asked."""
    bench_application()
    metrics: list[Metric] = []
    with scratch_sqlite() as database:
        metrics += _demo(database, "wall.demo", soak)
    with scratch_sqlite() as database:
        metrics += _year(database, "wall.year")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _demo(database, "wall.pg.demo", 0)
        with scratch_postgresql(pg_url) as database:
            metrics += _year(database, "wall.pg.year")
    return metrics


def _demo(database, prefix: str, soak: int) -> list[Metric]:
    from app.demo.builder import ensure_demo
    service = CaseService(database, now=lambda: DEMO_NOW)
    ensure_demo(service, persons=200)
    wall = _wall(service)
    try:
        metrics = _refresh_metrics(wall, prefix)
        if soak:
            metrics += _soak(wall, prefix, soak)
    finally:
        _close(wall)
    return metrics


def _year(database, prefix: str) -> list[Metric]:
    metrics = report_data.prepare_year(database, prefix)
    service = CaseService(database, now=lambda: report_data.NOW + timedelta(hours=1))
    wall = _wall(service)
    try:
        metrics += _refresh_metrics(wall, prefix)
    finally:
        _close(wall)
    return metrics


def _wall(service: CaseService) -> WallWindow:
    service.config()
    ctx = UiContext(database=service.database, cases=service, hub=ChangeHub(), user="bench", now=service.now)
    options = WallOptions(diagonal_inches=98)
    wall = WallWindow(ctx, options, with_map=False)
    wall.apply_scale(type_scale(options.distance_m, SIZE[1], px_per_mm(*SIZE, diagonal_inches=98)))
    wall.resize(*SIZE)
    wall.show()
    wall.stop()  # the bench drives the refreshes; no timer of the wall's own runs
    wait_for_background_work()
    QApplication.processEvents()
    return wall


def _close(wall: WallWindow) -> None:
    wall.stop()
    wall.close()
    wall.deleteLater()
    QApplication.processEvents()


class _Refresh:
    """One refresh as the wall does it: read the snapshot, feed the panels, repaint the board.
    `full`: every read (the minute's); else the live read a change notification starts."""

    def __init__(self, wall: WallWindow, full: bool = True):
        self.wall, self.previous, self.full = wall, None, full
        self.read_ms = self.total_ms = float("inf")

    def __call__(self) -> None:
        started = time.perf_counter()
        snapshot = read_snapshot(self.wall.ctx.cases, self.wall.refresher.mediation, self.previous,
                                 full=self.full or self.previous is None)
        read = time.perf_counter()
        self.wall._on_refresher_refreshed(snapshot)
        self.wall.grab()
        done = time.perf_counter()
        self.previous = snapshot
        self.read_ms = min(self.read_ms, (read - started) * 1000)
        self.total_ms = min(self.total_ms, (done - started) * 1000)


def _refresh_metrics(wall: WallWindow, prefix: str) -> list[Metric]:
    metrics = []
    for full, name in ((True, "full"), (False, "live")):
        refresh = _Refresh(wall, full)
        refresh()  # the first paint lays everything out (and the live read needs a previous snapshot)
        refresh.read_ms = refresh.total_ms = float("inf")
        for _ in range(REPEATS):
            refresh()
        metrics += [Metric(f"{prefix}.{name}_refresh_ms", round(refresh.total_ms, 1), "ms"),
                    Metric(f"{prefix}.{name}_queries_ms", round(refresh.read_ms, 1), "ms")]
    return metrics


def _soak(wall: WallWindow, prefix: str, count: int) -> list[Metric]:
    """Every tenth refresh a full one, the rest live (as a busy minute of changes goes)."""
    refresh = _Refresh(wall)
    marks = {}
    for number in range(1, count + 1):
        refresh.full = number % 10 == 1
        refresh()
        if number in (min(SOAK_MARK, count), count):
            gc.collect()
            marks[number] = (_rss_mb(), _qt_objects(wall), _scene_items(wall))
    first, last = marks[min(SOAK_MARK, count)], marks[count]
    return [
        Metric(f"{prefix}.soak_refreshes", count, "refreshes"),
        Metric(f"{prefix}.soak_rss_after_{min(SOAK_MARK, count)}_mb", first[0], "MB"),
        Metric(f"{prefix}.soak_rss_after_{count}_mb", last[0], "MB"),
        Metric(f"{prefix}.soak_rss_growth_pct", round((last[0] - first[0]) / first[0] * 100, 2), "%"),
        Metric(f"{prefix}.soak_qt_objects_after_{min(SOAK_MARK, count)}", first[1], "objects"),
        Metric(f"{prefix}.soak_qt_objects_after_{count}", last[1], "objects"),
        Metric(f"{prefix}.soak_scene_items_after_{min(SOAK_MARK, count)}", first[2], "items"),
        Metric(f"{prefix}.soak_scene_items_after_{count}", last[2], "items"),
    ]


def _rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak, which cannot shrink)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return round(pages * resource.getpagesize() / 2**20, 1)
    except OSError:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _qt_objects(wall: WallWindow) -> int:
    """The wall's QObjects (itself, its widgets, timers, models) and the application's top-level widgets."""
    return 1 + len(wall.findChildren(QObject)) + len(QApplication.topLevelWidgets())


def _scene_items(wall: WallWindow) -> int:
    charts = (wall.pages.trend, wall.pages.ranking, wall.pages.categories, wall.pages.sources)
    return sum(len(chart.scene().items()) for chart in charts)
