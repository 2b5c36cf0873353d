"""`gridcc bench queue`: the case queue page on 100,000 cases (10,000 open), offscreen.

Times the first rows, a filter change and a sort change (each until the rows on screen are read),
counts the page reads of a scroll from the top to the bottom of all 100,000 cases, and times one
countdown tick of 1,000 rows. The cases are made by the case benchmark's own helpers.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.bench.cases_bench import NOW, TOTAL_CASES, _close_all_but_open, _insert_cases
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.cases.service import CaseService
from ui.bench.qt_setup import NoWindow, bench_application
from ui.cases.queue_model import COLUMN_KEYS, PAGE_SIZE
from ui.cases.queue_page import QueuePage
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.workers import wait_for_background_work

TICK_ROWS = 1000
TICK_REPEATS = 20
WAIT_SECONDS = 60


def run(pg_url: str | None = None) -> list[Metric]:
    """The queue metrics on SQLite, and on PostgreSQL (prefix queue.pg) when a server URL is given."""
    bench_application()
    with scratch_sqlite() as database:
        metrics = _measure(database, "queue")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "queue.pg")
    return metrics


def _measure(database, prefix: str) -> list[Metric]:
    service = CaseService(database, now=lambda: NOW)
    _insert_cases(service)
    _close_all_but_open(database)
    ctx = UiContext(database=database, cases=service, hub=ChangeHub(), user="bench", now=lambda: NOW)
    page = QueuePage(ctx, NoWindow())
    page.resize(1600, 900)
    try:
        started = time.perf_counter()
        page.show()
        _wait_for_screen(page)
        metrics = [Metric(f"{prefix}.first_rows_ms", _ms_since(started), "ms")]
        metrics.append(Metric(f"{prefix}.filter_change_ms", _filter_change_ms(page), "ms"))
        metrics.append(Metric(f"{prefix}.sort_change_ms", _sort_change_ms(page), "ms"))
        metrics += _scroll_metrics(page, prefix)
        metrics.append(Metric(f"{prefix}.tick_1000_ms", _tick_ms(page), "ms"))
    finally:
        page.close()
        wait_for_background_work()
        page.deleteLater()
        QApplication.processEvents()
    return metrics


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _screen_ready(page: QueuePage) -> bool:
    """The list is read and every row on screen holds fresh data."""
    model = page.model
    if model.loading:
        return False
    first, last = page.table.visible_rows()
    return model.rowCount() == 0 or all(model.is_fresh(row) for row in range(max(first, 0), last + 1))


def _wait_for_screen(page: QueuePage) -> None:
    """Let the event loop run (paint, background reads) until the rows on screen are read and painted."""
    deadline = time.perf_counter() + WAIT_SECONDS
    QApplication.processEvents()
    while not _screen_ready(page):
        if time.perf_counter() > deadline:
            raise TimeoutError("队列页面在 60 秒内没有读出屏幕上的行")
        wait_for_background_work(50)
        QApplication.processEvents()
    QApplication.processEvents()  # the paint the last data asked for


def _timed(page: QueuePage, change) -> float:
    started = time.perf_counter()
    change()
    _wait_for_screen(page)
    return _ms_since(started)


def _filter_change_ms(page: QueuePage) -> float:
    """Median time of typical filter changes on the open queue, each undone afterwards."""
    bar = page.filters
    deadline = time.perf_counter() + WAIT_SECONDS
    while bar.category.count() < 2 and time.perf_counter() < deadline:
        wait_for_background_work(50)
        QApplication.processEvents()
    changes = [(bar.light, bar.light.findData("red")), (bar.light, bar.light.findData("yellow")),
               (bar.source, bar.source.findData("12345热线")), (bar.category, 1)]
    times = []
    for combo, index in changes:
        times.append(_timed(page, lambda c=combo, i=index: c.setCurrentIndex(i)))
        _timed(page, lambda c=combo: c.setCurrentIndex(0))
    times.append(_timed(page, lambda: (bar.search.setText("BENCH00099"), bar.search.returnPressed.emit())))
    _timed(page, bar.clear)
    return round(statistics.median(times), 2)


def _sort_change_ms(page: QueuePage) -> float:
    """Median time of sorting the open queue by each column, through the header."""
    header = page.table.horizontalHeader()
    times = [_timed(page, lambda c=column: header.setSortIndicator(c, Qt.SortOrder.AscendingOrder))
             for column in range(len(COLUMN_KEYS))]
    _timed(page, lambda: header.setSortIndicator(COLUMN_KEYS.index("light"), Qt.SortOrder.DescendingOrder))
    return round(statistics.median(times), 2)


def _scroll_metrics(page: QueuePage, prefix: str) -> list[Metric]:
    """Scroll all cases from top to bottom a screenful at a time; count the page reads."""
    bar = page.filters
    _timed(page, lambda: bar.state.setCurrentIndex(bar.state.findData("")))
    model = page.model
    assert model.rowCount() == TOTAL_CASES, model.rowCount()
    scroll = page.table.verticalScrollBar()
    scroll.setValue(0)
    _wait_for_screen(page)
    before = len(model.fetch_sizes)
    while scroll.value() < scroll.maximum():
        scroll.setValue(scroll.value() + scroll.pageStep())
        _wait_for_screen(page)
    sizes = model.fetch_sizes[before:]
    assert page.table.visible_rows()[1] == TOTAL_CASES - 1
    assert sizes and max(sizes) <= PAGE_SIZE < TOTAL_CASES, "the queue read more than a page at once"
    _timed(page, bar.clear)
    return [Metric(f"{prefix}.scroll_fetches", len(sizes), "fetches"),
            Metric(f"{prefix}.scroll_rows_per_fetch", max(sizes), "rows")]


def _tick_ms(page: QueuePage) -> float:
    """Best time of one tick over 1,000 rows held in memory: re-light, count down, dataChanged."""
    model = page.model
    last = min(TICK_ROWS, model.rowCount()) - 1
    model.prefetch(0, last)
    deadline = time.perf_counter() + WAIT_SECONDS
    while not all(model.is_fresh(row) for row in range(last + 1)):
        if time.perf_counter() > deadline:
            raise TimeoutError("队列页面在 60 秒内没有读出 1000 行")
        wait_for_background_work(50)
        QApplication.processEvents()
    best = float("inf")
    for second in range(1, TICK_REPEATS + 1):
        started = time.perf_counter()
        model.tick(NOW + timedelta(seconds=second), 0, last)
        best = min(best, time.perf_counter() - started)
        QApplication.processEvents()
    return round(best * 1000, 3)
