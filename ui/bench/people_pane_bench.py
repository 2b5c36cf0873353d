"""`gridcc bench people_pane`: the 人口台账 page on two million persons, offscreen.

Times building the page (once, with the main window), showing it until its first rows are
painted, typical filter changes (a grid, a community, two categories, an age band, a residence
type, a name search, a phone tail) until the new first rows are on screen, one scroll page
(fetchMore), the exact count asked for with "统计总数", and reports the process's resident
memory afterwards. The persons come from
app.bench.people_data (generated once, cached).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication

from app.bench.people_data import DATA_NOW, ensure_people_db
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql
from app.cases.service import CaseService
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.people.people_page import PeoplePage
from ui.theme import apply_theme
from ui.workers import wait_for_background_work

PERSONS = 2_000_000
WAIT_SECONDS = 120


class _NoWindow:
    """The page's main window, for a benchmark: opening cases goes nowhere."""

    def open_case(self, case_no: str) -> None:
        pass

    def open_person_disputes(self, person_id, name: str) -> None:
        pass

    def show_page(self, key: str) -> None:
        pass


def run(pg_url: str | None = None) -> list[Metric]:
    """The pane metrics on SQLite, and on PostgreSQL (prefix people_pane.pg) when a server URL is given."""
    _application()
    database = ensure_people_db(None, PERSONS)
    try:
        metrics = _measure(database, "people_pane")
    finally:
        database.dispose()
    if pg_url:
        with scratch_postgresql(pg_url) as scratch:
            loaded = ensure_people_db(scratch.url.render_as_string(hide_password=False), PERSONS)
            try:
                metrics += _measure(loaded, "people_pane.pg")
            finally:
                loaded.dispose()
    metrics.append(Metric("people_pane.rss_mb", _rss_mb(), "MB"))
    return metrics


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
        apply_theme(app)
    return app


def _measure(database, prefix: str) -> list[Metric]:
    service = CaseService(database, now=lambda: DATA_NOW)
    ctx = UiContext(database=database, cases=service, hub=ChangeHub(), user="bench", now=lambda: DATA_NOW)
    service.config()
    with _page(ctx) as (page, build_ms, open_ms):
        metrics = [Metric(f"{prefix}.build_ms", build_ms, "ms"), Metric(f"{prefix}.first_rows_ms", open_ms, "ms")]
        _wait(lambda: page.filters.region.count() > 1 and page.filters.category.count() > 1)
        median, worst = _filter_change_ms(page)
        metrics += [Metric(f"{prefix}.filter_change_ms", median, "ms"),
                    Metric(f"{prefix}.filter_change_max_ms", worst, "ms")]
        metrics.append(Metric(f"{prefix}.scroll_page_ms", _scroll_page_ms(page), "ms"))
        metrics.append(Metric(f"{prefix}.exact_count_ms", _exact_count_ms(page), "ms"))
    return metrics


@contextmanager
def _page(ctx: UiContext):
    """The page, shown: the time to build it (done once, when the main window is put together)
    and the time from showing it to its first rows painted (what opening the pane costs)."""
    started = time.perf_counter()
    page = PeoplePage(ctx, _NoWindow())
    page.resize(1600, 900)
    build_ms = _ms_since(started)
    started = time.perf_counter()
    page.show()
    _wait(lambda: not page.model.loading and page.model.rowCount() > 0)
    QApplication.processEvents()
    open_ms = _ms_since(started)
    try:
        yield page, build_ms, open_ms
    finally:
        page.close()
        wait_for_background_work()
        page.deleteLater()
        QApplication.processEvents()


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _wait(condition) -> None:
    deadline = time.perf_counter() + WAIT_SECONDS
    QApplication.processEvents()
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("人口台账在 120 秒内没有读出数据")
        wait_for_background_work(20)
        QApplication.processEvents()


def _timed_reload(page: PeoplePage, change) -> float:
    """Time one filter change until the new first rows are on screen (the count may come later)."""
    model = page.model
    started = time.perf_counter()
    change()
    _wait(lambda: not model.loading)
    QApplication.processEvents()
    return _ms_since(started)


def _filter_change_ms(page: PeoplePage) -> tuple[float, float]:
    """Median and worst time of typical filter changes, each undone before the next."""
    bar = page.filters
    grid = next(r.code for r in bar.regions if r.level == "grid")
    community = next(r.code for r in bar.regions if r.level == "community")
    category = bar.category.findData("dibao")
    changes = [
        lambda: bar.region.setCurrentIndex(bar.region.findData(grid)),
        lambda: bar.region.setCurrentIndex(bar.region.findData(community)),
        lambda: bar.category.setCurrentIndex(max(category, 1)),
        lambda: bar.category.setCurrentIndex(max(bar.category.findData("floating"), 1)),
        lambda: bar.age.setCurrentIndex(bar.age.findData("80+")),
        lambda: bar.residence.setCurrentIndex(bar.residence.findData("流动")),
        lambda: (bar.search.setText("zs"), bar.search.returnPressed.emit()),
        lambda: (bar.search.setText("1234"), bar.search.returnPressed.emit()),
    ]
    times = []
    for change in changes:
        times.append(_timed_reload(page, change))
        _timed_reload(page, bar.clear)
    return round(statistics.median(times), 2), max(times)


def _scroll_page_ms(page: PeoplePage) -> float:
    """Median time of reading one more page at the bottom of the list (five pages deep)."""
    model = page.model
    times = []
    for _ in range(5):
        before = model.rowCount()
        started = time.perf_counter()
        model.fetchMore()
        _wait(lambda before=before: model.rowCount() > before or model.complete)
        times.append(_ms_since(started))
    return round(statistics.median(times), 2)


def _exact_count_ms(page: PeoplePage) -> float:
    """Time of "统计总数" on the unfiltered ledger (a full count, only on request)."""
    model = page.model
    model.last_count = None
    started = time.perf_counter()
    model.count_all()
    _wait(lambda: model.last_count is not None and not model.last_count.capped)
    return _ms_since(started)


def _rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), else its peak (getrusage)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, AttributeError):
        pass
    try:
        import resource
    except ImportError:  # Windows: neither is available
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)
