"""The cases behind one department's figure, as the 统计考核 page lists them on a click: the first
page (and the total) of the department with the most cases, for the bench year and its last month.

Part of `gridcc bench report`, on the same year of cases (app/bench/report_data.py).
"""

from __future__ import annotations

from datetime import date

from app.assessment.table import assess
from app.assessment.unit_cases import unit_cases
from app.bench.report_data import NOW
from app.bench.runner import Metric, best_ms

REPEATS = 3
PERIODS = {"year": (date(2025, 11, 23), date(2026, 11, 23)), "month": (date(2026, 10, 1), date(2026, 11, 1))}
FIGURES = ("registered", "due_to_close", "overdue")


def measure(database, prefix: str) -> list[Metric]:
    """One metric per period and figure: the first page of 100 and the count, in ms."""
    start, end = PERIODS["year"]
    busiest = max(assess(database, start=start, end=end, level="department", now=NOW), key=lambda row: row.registered)
    metrics = []
    for name, (start, end) in PERIODS.items():
        for figure in FIGURES:
            def page(start=start, end=end, figure=figure):
                return unit_cases(database, level="department", unit_code=busiest.unit_code, figure=figure,
                                  start=start, end=end, now=NOW, limit=100)
            metrics.append(Metric(f"{prefix}.unit_cases_{figure}_{name}_ms", best_ms(page, REPEATS), "ms"))
    return metrics
