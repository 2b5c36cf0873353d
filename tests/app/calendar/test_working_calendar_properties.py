"""Property tests for working-time arithmetic over random instants in 2024–2027."""

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendar import TimeUnit, WorkingCalendar
from tests.strategies import aware_datetimes, working_durations

CALENDAR = WorkingCalendar()
ONE_MICROSECOND = timedelta(microseconds=1)


@settings(deadline=None)
@given(start=aware_datetimes(), seconds=working_durations())
def test_add_then_count_gives_back_the_duration(start, seconds):
    """Counting from a start to start + d working seconds gives d again."""
    due = CALENDAR.add_working_seconds(start, seconds)
    assert CALENDAR.working_seconds_between(start, due) == pytest.approx(seconds, abs=1e-6)


@settings(deadline=None)
@given(start=aware_datetimes(), seconds=working_durations())
def test_add_ends_at_first_instant_reaching_the_duration(start, seconds):
    """One microsecond before the result less working time has passed (no break is skipped)."""
    due = CALENDAR.add_working_seconds(start, seconds)
    if round(seconds * 1e6) > 0:
        assert CALENDAR.working_seconds_between(start, due - ONE_MICROSECOND) < seconds


@settings(deadline=None)
@given(start=aware_datetimes(), first=working_durations(), second=working_durations())
def test_add_is_monotonic_in_duration(start, first, second):
    """A longer duration never gives an earlier deadline."""
    shorter, longer = sorted((first, second))
    add = CALENDAR.add_working_seconds
    assert add(start, shorter) <= add(start, longer)


@settings(deadline=None)
@given(first=aware_datetimes(), second=aware_datetimes(), seconds=working_durations())
def test_add_is_monotonic_in_start(first, second, seconds):
    """A later start never gives an earlier deadline."""
    earlier, later = sorted((first, second))
    add = CALENDAR.add_working_seconds
    assert add(earlier, seconds) <= add(later, seconds)


@settings(deadline=None)
@given(instants=st.lists(aware_datetimes(), min_size=3, max_size=3))
def test_working_seconds_add_up_over_a_split_point(instants):
    """Working time from a to c is that from a to b plus that from b to c."""
    a, b, c = sorted(instants)
    whole = CALENDAR.working_seconds_between(a, c)
    parts = CALENDAR.working_seconds_between(a, b) + CALENDAR.working_seconds_between(b, c)
    assert whole == pytest.approx(parts, abs=1e-6)


@settings(deadline=None)
@given(start=aware_datetimes(), seconds=working_durations())
def test_working_time_never_exceeds_clock_time(start, seconds):
    """The working seconds between two instants are at most the clock seconds between them."""
    end = start + timedelta(seconds=seconds)
    clock_seconds = CALENDAR.elapsed(start, end, TimeUnit.HOUR)
    assert CALENDAR.working_seconds_between(start, end) <= clock_seconds


@settings(deadline=None)
@given(start=aware_datetimes(), seconds=working_durations())
def test_clock_advance_matches_elapsed(start, seconds):
    """Advancing by clock seconds and measuring back gives the same seconds to the microsecond."""
    end = CALENDAR.advance(start, seconds, TimeUnit.MINUTE)
    assert CALENDAR.elapsed(start, end, TimeUnit.MINUTE) == pytest.approx(seconds, abs=1e-6)
