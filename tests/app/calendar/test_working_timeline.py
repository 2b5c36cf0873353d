"""The working timeline: working time at instants given as epoch seconds, as the calendar counts it."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest

from app.calendar import WorkingCalendar
from tests.conftest import local


def test_timeline_differences_equal_working_seconds_between():
    """For instants inside and outside the days it was built for (1–8 October 2025 were holidays,
    Saturday 11 October a workday), differences of the timeline equal the calendar's count."""
    calendar = WorkingCalendar()
    timeline = calendar.timeline(date(2025, 9, 20), date(2025, 10, 31))
    rng = random.Random(3)
    base = datetime(2025, 9, 15, tzinfo=timezone.utc)
    for _ in range(2000):
        start = base + timedelta(seconds=rng.uniform(0, 55 * 86400))
        end = start + timedelta(seconds=rng.uniform(0, 15 * 86400))
        fast = timeline.worked_until(end.timestamp()) - timeline.worked_until(start.timestamp())
        assert fast == pytest.approx(calendar.working_seconds_between(start, end), abs=1e-3)


def test_timeline_counts_office_hours_only():
    """Tuesday 2025-09-30 10:00 to Thursday 2025-10-09 10:00 is 2 h + 4 h on the 30th and 1.5 h on the 9th."""
    timeline = WorkingCalendar().timeline(date(2025, 9, 29), date(2025, 10, 10))
    worked = timeline.worked_until(local(2025, 10, 9, 10, 0).timestamp()) - timeline.worked_until(
        local(2025, 9, 30, 10, 0).timestamp())
    assert worked == 7.5 * 3600
