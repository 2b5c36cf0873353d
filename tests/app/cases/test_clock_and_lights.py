"""A case's clock and its lights as pure functions of (clock, policy, calendar, instant)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendar import TimeLimit, TimeUnit, WorkingCalendar
from app.cases import clock as clocks
from app.cases.lights import Light, LightPolicy, light_at, light_of, thresholds
from tests.conftest import local
from tests.strategies import light_policies, running_case_clocks

CALENDAR = WorkingCalendar()
TUESDAY_10 = local(2025, 9, 30, 10, 0)
WARN = LightPolicy.warn_before()
GRADE = LightPolicy.grade_overdue()


def clock_of(amount: float, unit: TimeUnit, start=TUESDAY_10) -> clocks.CaseClock:
    """A clock running from `start` for a limit of `amount` `unit`."""
    return clocks.start_clock(TimeLimit(amount=amount, unit=unit), start, CALENDAR)


FOUR_WORK_HOURS = clock_of(4, TimeUnit.WORK_HOUR)


@pytest.mark.parametrize(("amount", "unit", "seconds"), [
    (4, TimeUnit.WORK_HOUR, 14400.0), (3, TimeUnit.WORK_DAY, 81000.0), (2, TimeUnit.HOUR, 7200.0),
    (1, TimeUnit.DAY, 86400.0), (30, TimeUnit.MINUTE, 1800.0),
])
def test_start_clock_measures_limit_in_its_unit(amount, unit, seconds):
    """A working day is 7.5 office hours; clock units count real seconds."""
    started = clock_of(amount, unit)
    assert (started.limit_seconds, started.consumed_seconds, started.running_since) == (seconds, 0.0, TUESDAY_10)


def test_elapsed_skips_lunch_break():
    """10:00–14:00 on a workday is 2 h before lunch plus 30 min after 13:30."""
    assert clocks.elapsed(FOUR_WORK_HOURS, CALENDAR, local(2025, 9, 30, 14, 0)) == 9000.0


def test_elapsed_skips_weekend():
    """Friday 16:00 to Monday 09:00 holds 1.5 office hours on Friday and 30 minutes on Monday."""
    friday = clock_of(4, TimeUnit.WORK_HOUR, local(2025, 9, 19, 16, 0))
    assert clocks.elapsed(friday, CALENDAR, local(2025, 9, 22, 9, 0)) == 7200.0


def test_elapsed_in_clock_hours_counts_lunch_and_night():
    """A 小时 limit runs through lunch: 11:00 to 14:00 is three hours."""
    hours = clock_of(2, TimeUnit.HOUR, local(2025, 9, 30, 11, 0))
    assert clocks.elapsed(hours, CALENDAR, local(2025, 9, 30, 14, 0)) == 10800.0


def test_stop_keeps_used_time_and_freezes_it():
    """A stopped clock uses nothing more, however late it is asked."""
    stopped = clocks.stop(FOUR_WORK_HOURS, CALENDAR, local(2025, 9, 30, 11, 0))
    assert (stopped.consumed_seconds, stopped.running) == (3600.0, False)
    assert clocks.elapsed(stopped, CALENDAR, local(2025, 12, 1, 12, 0)) == 3600.0
    assert clocks.stop(stopped, CALENDAR, local(2025, 12, 1, 12, 0)) is stopped
    assert clocks.due_at(stopped, CALENDAR) is None


def test_resume_restarts_with_used_time_kept():
    """After a park from 11:00, resuming Thursday 10-09 at 09:00 leaves 3 h: due 12:00 that day."""
    stopped = clocks.stop(FOUR_WORK_HOURS, CALENDAR, local(2025, 9, 30, 11, 0))
    resumed = clocks.resume(stopped, local(2025, 10, 9, 9, 0))
    assert clocks.due_at(resumed, CALENDAR) == local(2025, 10, 9, 12, 0)
    assert clocks.resume(resumed, local(2025, 10, 10, 9, 0)) is resumed


def test_due_at_over_national_day():
    """3工作日 from Tuesday 2025-09-30 10:00 is due Saturday 2025-10-11 10:00 (a 调休 workday)."""
    assert clocks.due_at(clock_of(3, TimeUnit.WORK_DAY), CALENDAR) == local(2025, 10, 11, 10, 0)


def test_extend_adds_exactly_the_extension():
    """4工作时 from 10:00 is due 15:30; one more 工作时 makes it 16:30, and 2工作日 more 10-10 16:30."""
    assert clocks.due_at(FOUR_WORK_HOURS, CALENDAR) == local(2025, 9, 30, 15, 30)
    once = clocks.extend(FOUR_WORK_HOURS, 3600.0)
    assert clocks.due_at(once, CALENDAR) == local(2025, 9, 30, 16, 30)
    twice = clocks.extend(once, 2 * 27000.0)
    assert (twice.total_seconds, clocks.due_at(twice, CALENDAR)) == (72000.0, local(2025, 10, 10, 16, 30))


def test_instant_when_used_already_passed_is_restart():
    """Time used before a restart that already covers the amount gives the restart instant."""
    restarted = clocks.resume(clocks.stop(FOUR_WORK_HOURS, CALENDAR, local(2025, 9, 30, 15, 0)),
                              local(2025, 10, 9, 9, 0))
    assert clocks.instant_when_used(restarted, CALENDAR, 3600.0) == local(2025, 10, 9, 9, 0)


def test_remaining_goes_negative_when_overdue():
    """At 16:00 a 4工作时 case from 10:00 is 30 working minutes overdue."""
    assert clocks.remaining(FOUR_WORK_HOURS, CALENDAR, local(2025, 9, 30, 16, 0)) == -1800.0


@pytest.mark.parametrize(("policy", "moment", "expected"), [
    (WARN, local(2025, 9, 30, 14, 41, 59), Light.GREEN),
    (WARN, local(2025, 9, 30, 14, 42), Light.YELLOW),
    (WARN, local(2025, 9, 30, 15, 29, 59), Light.YELLOW),
    (WARN, local(2025, 9, 30, 15, 30), Light.RED),
    (GRADE, local(2025, 9, 30, 15, 29, 59), Light.GREEN),
    (GRADE, local(2025, 9, 30, 15, 30), Light.YELLOW),
    (GRADE, local(2025, 10, 9, 15, 59, 59), Light.YELLOW),
    (GRADE, local(2025, 10, 9, 16, 0), Light.RED),
])
def test_light_of_at_exact_boundaries(policy, moment, expected):
    """4工作时 from 10:00: 80 % at 14:42, 100 % at 15:30, 300 % (12 h) on 10-09 at 16:00."""
    assert light_of(FOUR_WORK_HOURS, policy, CALENDAR, moment) == expected


def test_thresholds_are_the_boundary_instants():
    """Thresholds name the instants `light_of` changes at, for both conventions."""
    warn = thresholds(FOUR_WORK_HOURS, WARN, CALENDAR)
    assert (warn.yellow_at, warn.red_at, warn.due_at) == (
        local(2025, 9, 30, 14, 42), local(2025, 9, 30, 15, 30), local(2025, 9, 30, 15, 30))
    grade = thresholds(FOUR_WORK_HOURS, GRADE, CALENDAR)
    assert (grade.yellow_at, grade.red_at) == (local(2025, 9, 30, 15, 30), local(2025, 10, 9, 16, 0))


def test_thresholds_of_stopped_clock_are_none():
    """A parked clock reaches nothing, so it has no threshold instants."""
    stopped = clocks.stop(FOUR_WORK_HOURS, CALENDAR, local(2025, 9, 30, 11, 0))
    marks = thresholds(stopped, WARN, CALENDAR)
    assert (marks.yellow_at, marks.red_at, marks.due_at) == (None, None, None)


def test_light_at_closed_case_has_none():
    """A closed or void case has no light even past its red instant."""
    assert light_at(is_open=False, parked_light=None, yellow_at=TUESDAY_10, red_at=TUESDAY_10,
                    now=local(2025, 12, 1, 9, 0)) is None


def test_light_at_parked_case_keeps_its_light():
    """A parked case shows the light it was parked with, whatever the thresholds say."""
    assert light_at(is_open=True, parked_light="yellow", yellow_at=None, red_at=TUESDAY_10,
                    now=local(2025, 12, 1, 9, 0)) == Light.YELLOW


@pytest.mark.parametrize(("seconds", "expected"), [(-1, Light.GREEN), (0, Light.YELLOW), (59, Light.YELLOW),
                                                   (60, Light.RED)])
def test_light_at_changes_exactly_at_thresholds(seconds, expected):
    """Yellow from yellow_at inclusive, red from red_at inclusive."""
    yellow_at = TUESDAY_10
    assert light_at(is_open=True, parked_light=None, yellow_at=yellow_at, red_at=yellow_at + timedelta(minutes=1),
                    now=yellow_at + timedelta(seconds=seconds)) == expected


def test_policies_and_labels():
    """Warn-before is 80 %/100 %, grade-overdue 100 %/300 % by default; lights have Chinese names."""
    assert (WARN.kind, WARN.yellow_ratio, WARN.red_ratio) == ("warn_before", 0.8, 1.0)
    assert (GRADE.kind, GRADE.yellow_ratio, GRADE.red_ratio) == ("grade_overdue", 1.0, 3.0)
    assert [light.label for light in Light] == ["绿灯", "黄灯", "红灯"]


@st.composite
def clock_policy_instant(draw):
    """A running clock, a policy and a whole-second instant at or after the restart, often near a threshold."""
    clock = draw(running_case_clocks(CALENDAR))
    policy = draw(light_policies())
    marks = thresholds(clock, policy, CALENDAR)
    anchor = draw(st.sampled_from((clock.running_since, marks.yellow_at, marks.red_at)))
    anchor = anchor.replace(microsecond=0) + timedelta(seconds=draw(st.integers(-3, 3)))
    return clock, policy, max(anchor, clock.running_since)


@settings(max_examples=300, deadline=None)
@given(clock_policy_instant())
def test_light_at_from_thresholds_equals_light_of(case):
    """Lighting by stored thresholds (what lists do in SQL) agrees with counting the time used."""
    clock, policy, now = case
    marks = thresholds(clock, policy, CALENDAR)
    stored = light_at(is_open=True, parked_light=None, yellow_at=marks.yellow_at, red_at=marks.red_at, now=now)
    assert stored == light_of(clock, policy, CALENDAR, now)
