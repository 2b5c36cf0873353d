"""`gridcc bench report`: the assessment table over a year of 500 cases a day (app/bench/report_data.py).

Measured as `gridcc report assess` calls it: every department for the whole year (target < 2 s),
and for comparison every grid and every street; then the cases behind one department's figure as
the 统计考核 page lists them (app/bench/unit_cases_bench.py). Best of a few runs (the least disturbed on a
shared machine).
"""

from __future__ import annotations

import time
from datetime import date

from app.assessment.table import assess
from app.bench import unit_cases_bench
from app.bench.report_data import NOW, fill
from app.bench.runner import Metric, best_ms
from app.bench.scratch import scratch_postgresql, scratch_sqlite

REPEATS = 3
YEAR = {"start": date(2025, 11, 23), "end": date(2026, 11, 23)}


def run(pg_url: str | None = None) -> list[Metric]:
    """The assessment metrics on SQLite, and on PostgreSQL when a server URL is given."""
    with scratch_sqlite() as database:
        metrics = _measure(database, "report")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "report.pg")
    return metrics


def _analyze(database) -> None:
    """Planner statistics, as a server that has been running would have them."""
    if database.kind == "postgresql":
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def _measure(database, prefix: str) -> list[Metric]:
    started = time.perf_counter()
    cases = fill(database)
    _analyze(database)
    metrics = [Metric(f"{prefix}.cases", cases, "cases"),
               Metric(f"{prefix}.prepare_s", round(time.perf_counter() - started, 1), "s")]
    for level in ("department", "grid", "street"):
        def table(level=level):
            return assess(database, level=level, now=NOW, **YEAR)
        metrics.append(Metric(f"{prefix}.assess_{level}_year_ms", best_ms(table, REPEATS), "ms"))
    return metrics + unit_cases_bench.measure(database, prefix)
