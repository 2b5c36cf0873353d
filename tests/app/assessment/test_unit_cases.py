"""The cases listed for a unit's figure are the cases the figure counts (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from app.assessment import periods
from app.assessment.scoring import AssessmentConfigError
from app.assessment.table import assess
from app.assessment.unit_cases import FIGURE_LABELS, unit_cases
from tests.app.assessment.conftest import NOW

OCTOBER = {"start": date(2025, 10, 1), "end": date(2025, 11, 1)}


@pytest.mark.parametrize("level", ["department", "grid", "community", "street", "worker"])
def test_every_figure_lists_as_many_cases_as_it_counts(service, month, level):
    rows = assess(service.database, level=level, now=NOW, **OCTOBER)
    assert any(row.registered for row in rows)
    for row in rows:
        for figure in FIGURE_LABELS:
            page = unit_cases(service.database, level=level, unit_code=row.unit_code, figure=figure,
                              now=NOW, limit=500, **OCTOBER)
            expected = row.overdue if figure == "overdue" else getattr(row, figure)
            assert page.total == expected == len(page.cases), (row.unit_code, figure)


def test_the_cases_of_cgj_due_in_october_are_the_hand_counted_ones(service, month):
    """A1–A6, A9, A10 are due in October (A7 voided, A8 due in November); A2, A3, A9, A10 overdue."""
    due = unit_cases(service.database, level="department", unit_code="CGJ", figure="due_to_close", now=NOW,
                     **OCTOBER)
    assert {case.case_no for case in due.cases} == {month[name] for name in ("A1", "A2", "A3", "A4", "A5", "A6", "A9", "A10")}
    overdue = unit_cases(service.database, level="department", unit_code="CGJ", figure="overdue", now=NOW,
                         **OCTOBER)
    assert {case.case_no for case in overdue.cases} == {month[name] for name in ("A2", "A3", "A9", "A10")}
    assert all(case.category for case in overdue.cases)


def test_pages_follow_each_other_without_overlap(service, month):
    pages = [unit_cases(service.database, level="department", unit_code="CGJ", figure="registered", now=NOW,
                        offset=offset, limit=4, **OCTOBER) for offset in (0, 4, 8)]
    numbers = [case.case_no for page in pages for case in page.cases]
    assert pages[0].total == 9 and len(numbers) == 9 == len(set(numbers))


def test_unknown_figure_level_or_unit(service, month):
    with pytest.raises(AssessmentConfigError, match="未知的指标"):
        unit_cases(service.database, level="department", unit_code="CGJ", figure="score", now=NOW, **OCTOBER)
    with pytest.raises(AssessmentConfigError, match="未知的统计单位"):
        unit_cases(service.database, level="city", unit_code="CGJ", figure="registered", now=NOW, **OCTOBER)
    page = unit_cases(service.database, level="grid", unit_code="NOPE", figure="registered", now=NOW, **OCTOBER)
    assert page.total == 0 and page.cases == []


def test_periods():
    assert (periods.month(2025, 12).start, periods.month(2025, 12).end) == (date(2025, 12, 1), date(2026, 1, 1))
    assert periods.quarter(2025, 4).end == date(2026, 1, 1) and periods.quarter(2025, 4).label == "2025年第四季度"
    assert periods.year(2025).last_day == date(2025, 12, 31)
    assert periods.custom(date(2025, 10, 3), date(2025, 10, 3)).end == date(2025, 10, 4)
    assert periods.containing("quarter", date(2025, 8, 15)) == periods.quarter(2025, 3)
    assert periods.previous("month", date(2026, 1, 10)) == periods.month(2025, 12)
    with pytest.raises(ValueError):
        periods.custom(date(2025, 10, 3), date(2025, 10, 2))
