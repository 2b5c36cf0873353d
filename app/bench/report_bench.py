"""`gridcc bench report`: the assessment table over a year of 500 cases a day (app/bench/report_data.py).

Measured as `gridcc report assess` calls it: every department for the whole year (target < 2 s),
and for comparison every grid and every street; the cases behind one department's figure as the
统计考核 page lists them (app/bench/unit_cases_bench.py); and `gridcc report monthly --xlsx` for the
last full month (target < 5 s): the whole 通报 gathered, its four charts drawn (when the GUI layer
has installed the chart renderer, as `gridcc bench` does) and the workbook written. Best of a few
runs (the least disturbed on a shared machine).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from app.assessment.table import assess
from app.bench import unit_cases_bench
from app.bench.report_data import NOW, prepare_year
from app.bench.runner import Metric, best_ms
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.mediation.service import MediationService
from app.reports.charts import has_chart_renderer
from app.reports.monthly import monthly_report
from app.reports.monthly_charts import chart_images
from app.reports.monthly_xlsx import write_monthly_workbook
from app.reports.periods import Month

REPEATS = 3
YEAR = {"start": date(2025, 11, 23), "end": date(2026, 11, 23)}
MONTH = Month(2026, 10)


def run(pg_url: str | None = None) -> list[Metric]:
    """The assessment metrics on SQLite, and on PostgreSQL when a server URL is given."""
    with scratch_sqlite() as database:
        metrics = _measure(database, "report")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "report.pg")
    return metrics


def _measure(database, prefix: str) -> list[Metric]:
    metrics = prepare_year(database, prefix)
    for level in ("department", "grid", "street"):
        def table(level=level):
            return assess(database, level=level, now=NOW, **YEAR)
        metrics.append(Metric(f"{prefix}.assess_{level}_year_ms", best_ms(table, REPEATS), "ms"))
    metrics.append(Metric(f"{prefix}.monthly_xlsx_ms", best_ms(lambda: monthly_workbook(database), REPEATS), "ms"))
    return metrics + unit_cases_bench.measure(database, prefix)


def monthly_workbook(database) -> None:
    """The 通报 of MONTH with its charts, written to a workbook in a temporary directory."""
    report = monthly_report(database, MONTH, now=NOW, mediation=MediationService(database, now=lambda: NOW))
    images = chart_images(report) if has_chart_renderer() else []
    with tempfile.TemporaryDirectory() as folder:
        write_monthly_workbook(report, Path(folder) / "monthly.xlsx", images=images)
