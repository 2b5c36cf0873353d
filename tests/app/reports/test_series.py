"""Per-day registered and closed counts of the hand-made October (tests/app/assessment/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from app.assessment.table import assess
from app.reports.series import daily_series
from tests.app.assessment.conftest import NOW, build_month


@pytest.fixture
def month(service, clock):
    return build_month(service, clock)


def test_daily_series_october(service, month):
    """A1, A2, A4, A5, A6, A9, B1 registered 10-27 (A7 voided, left out), A3 and A10 10-28, A8 10-30;
    B1 closed 10-27, A1 and A4 10-28, A2, A5 and A9 10-29, A6 and A8 10-31."""
    series = daily_series(service.database, end=date(2025, 11, 1), days=31)
    assert series.days[0] == date(2025, 10, 1) and series.days[-1] == date(2025, 10, 31)
    registered = dict(zip(series.days, series.registered))
    closed = dict(zip(series.days, series.closed))
    assert {d.day: n for d, n in registered.items() if n} == {27: 7, 28: 2, 30: 1}
    assert {d.day: n for d, n in closed.items() if n} == {27: 1, 28: 2, 29: 3, 31: 2}
    assert series.labels()[0] == "10-01"


def test_daily_series_adds_up_to_the_assessment(service, month):
    """The month's registered days add up to the assessment's 立案数 of all departments."""
    series = daily_series(service.database, end=date(2025, 11, 1), days=31)
    rows = assess(service.database, level="department", now=NOW, start=date(2025, 10, 1), end=date(2025, 11, 1))
    assert sum(series.registered) == sum(row.registered for row in rows)


def test_daily_series_refuses_a_silly_length(service):
    """More than a year of days is refused."""
    with pytest.raises(ValueError):
        daily_series(service.database, end=date(2025, 11, 1), days=1000)
