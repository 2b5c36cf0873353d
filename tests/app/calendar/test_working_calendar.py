"""Tests for working-time arithmetic on worked examples."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.calendar import OfficeHours, TimeLimit, TimeUnit, WorkingCalendar, parse_time_limit

CST = timezone(timedelta(hours=8))
CALENDAR = WorkingCalendar()


def at(year, month, day, hour=0, minute=0):
    """A +08:00 instant, the way the district writes times."""
    return datetime(year, month, day, hour, minute, tzinfo=CST)


def test_due_three_working_days_over_national_day():
    """3 工作日 from 2025-09-30 10:00 skip 1–8 October and end on the adjusted Saturday 11 October."""
    due = CALENDAR.due(at(2025, 9, 30, 10), parse_time_limit("3工作日"))
    assert due == at(2025, 10, 11, 10)
    assert due.tzinfo is timezone.utc


def test_due_four_working_hours_from_friday_afternoon():
    """4 工作时 from Friday 16:00 use 1.5 h on Friday and end on Monday 11:00."""
    assert CALENDAR.due(at(2025, 9, 19, 16), parse_time_limit("4工作时")) == at(2025, 9, 22, 11)


def test_due_four_working_hours_from_friday_half_past_four():
    """4 工作时 from Friday 16:30 end on Monday 11:30."""
    due = CALENDAR.due(at(2025, 9, 19, 16, 30), parse_time_limit("4工作时"))
    assert due == at(2025, 9, 22, 11, 30)


def test_next_opening_of_saturday_evening_is_monday_morning():
    """A case reported on Saturday evening starts its clock on Monday at 08:30."""
    assert CALENDAR.next_opening(at(2025, 9, 20, 20)) == at(2025, 9, 22, 8, 30)


def test_add_from_saturday_evening_counts_from_monday():
    """One working hour from Saturday evening ends Monday 09:30."""
    assert CALENDAR.add_working_seconds(at(2025, 9, 20, 20), 3600) == at(2025, 9, 22, 9, 30)


def test_working_seconds_skip_lunch_break():
    """From 11:00 to 14:30 only 2 hours count (11:00–12:00, 13:30–14:30)."""
    assert CALENDAR.working_seconds_between(at(2025, 9, 22, 11), at(2025, 9, 22, 14, 30)) == 7200.0


def test_add_across_lunch_break():
    """1 hour from 11:30 ends at 14:00 after the lunch break."""
    assert CALENDAR.add_working_seconds(at(2025, 9, 22, 11, 30), 3600) == at(2025, 9, 22, 14)


def test_add_finishing_at_period_end_returns_end():
    """3 hours from 09:00 end at 12:00, not at the 13:30 reopening."""
    assert CALENDAR.add_working_seconds(at(2025, 9, 22, 9), 3 * 3600) == at(2025, 9, 22, 12)


def test_add_full_day_from_opening_ends_at_closing():
    """One standard day from 08:30 ends at 17:30 the same day."""
    assert CALENDAR.add_working_seconds(at(2025, 9, 22, 8, 30), 27000) == at(2025, 9, 22, 17, 30)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2025, 9, 22, 10), at(2025, 9, 22, 10)),
        (at(2025, 9, 22, 8, 30), at(2025, 9, 22, 8, 30)),
        (at(2025, 9, 22, 12), at(2025, 9, 22, 13, 30)),
        (at(2025, 9, 22, 17, 30), at(2025, 9, 23, 8, 30)),
        (at(2025, 9, 30, 18), at(2025, 10, 9, 8, 30)),
    ],
)
def test_add_zero_seconds_gives_next_opening(start, expected):
    """Adding nothing gives the start itself when open, else the next opening."""
    assert CALENDAR.add_working_seconds(start, 0) == expected


def test_working_seconds_zero_when_end_not_after_start():
    """A reversed or empty interval counts no working time."""
    assert CALENDAR.working_seconds_between(at(2025, 9, 22, 11), at(2025, 9, 22, 9)) == 0.0
    assert CALENDAR.working_seconds_between(at(2025, 9, 22, 11), at(2025, 9, 22, 11)) == 0.0


def test_working_seconds_over_national_day():
    """From 2025-09-30 10:00 to 2025-10-11 10:00 exactly three standard days count."""
    assert CALENDAR.working_seconds_between(at(2025, 9, 30, 10), at(2025, 10, 11, 10)) == 81000.0


def test_working_seconds_accept_any_zone():
    """The same instants written in UTC count the same working time."""
    start = at(2025, 9, 22, 11).astimezone(timezone.utc)
    end = at(2025, 9, 22, 14, 30).astimezone(ZoneInfo("America/New_York"))
    assert CALENDAR.working_seconds_between(start, end) == 7200.0


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2工作时", 7200.0), ("0.5工作日", 13500.0), ("3工作日", 81000.0), ("2小时", 7200.0),
     ("30天", 2_592_000.0), ("10分钟", 600.0)],
)
def test_limit_seconds_per_unit(text, seconds):
    """Working units count office seconds, clock units plain seconds."""
    assert CALENDAR.limit_seconds(parse_time_limit(text)) == seconds


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("2工作时", at(2025, 9, 22, 11), at(2025, 9, 22, 14, 30)),
        ("1工作日", at(2025, 9, 22, 14), at(2025, 9, 23, 14)),
        ("2小时", at(2025, 9, 20, 20), at(2025, 9, 20, 22)),
        ("30天", at(2025, 9, 30, 10), at(2025, 10, 30, 10)),
        ("10分钟", at(2025, 9, 20, 23, 55), at(2025, 9, 21, 0, 5)),
    ],
)
def test_due_per_unit(text, start, expected):
    """Each unit moves the deadline by working time or by clock time as it should."""
    assert CALENDAR.due(start, parse_time_limit(text)) == expected


@pytest.mark.parametrize(
    ("unit", "seconds"),
    [(TimeUnit.WORK_HOUR, 7200.0), (TimeUnit.WORK_DAY, 7200.0), (TimeUnit.HOUR, 12600.0),
     (TimeUnit.DAY, 12600.0), (TimeUnit.MINUTE, 12600.0)],
)
def test_elapsed_per_unit(unit, seconds):
    """From 11:00 to 14:30 two working hours but three and a half clock hours pass."""
    assert CALENDAR.elapsed(at(2025, 9, 22, 11), at(2025, 9, 22, 14, 30), unit) == seconds


def test_elapsed_clock_zero_when_reversed():
    """Clock time from a later to an earlier instant is zero."""
    assert CALENDAR.elapsed(at(2025, 9, 22, 11), at(2025, 9, 22, 9), TimeUnit.HOUR) == 0.0


def test_override_makes_holiday_a_workday():
    """With 2 October declared a workday, 3 工作日 from 30 September end on 10 October."""
    calendar = WorkingCalendar(overrides={date(2025, 10, 2): True})
    assert calendar.is_workday(date(2025, 10, 2)) is True
    due = calendar.due(at(2025, 9, 30, 10), TimeLimit(amount=3, unit=TimeUnit.WORK_DAY))
    assert due == at(2025, 10, 10, 10)


def test_override_makes_workday_a_holiday():
    """With 9 October declared a day off, 3 工作日 from 30 September end on Monday 13 October."""
    calendar = WorkingCalendar(overrides={date(2025, 10, 9): False})
    assert calendar.is_workday(date(2025, 10, 9)) is False
    due = calendar.due(at(2025, 9, 30, 10), TimeLimit(amount=3, unit=TimeUnit.WORK_DAY))
    assert due == at(2025, 10, 13, 10)


def test_adjusted_saturday_uses_standard_schedule():
    """The adjusted workday Saturday 11 October 2025 has the usual 08:30–12:00, 13:30–17:30."""
    assert CALENDAR.working_seconds_between(at(2025, 10, 11), at(2025, 10, 12)) == 27000.0
    assert CALENDAR.next_opening(at(2025, 10, 11, 12, 30)) == at(2025, 10, 11, 13, 30)


def test_custom_office_hours_change_standard_day():
    """With 09:00–17:00 office hours one 工作日 is eight hours."""
    hours = OfficeHours.from_rows([(day, "09:00", "17:00") for day in range(5)])
    calendar = WorkingCalendar(office_hours=hours)
    assert calendar.limit_seconds(parse_time_limit("1工作日")) == 28800.0
    assert calendar.due(at(2025, 9, 22, 13), parse_time_limit("1工作日")) == at(2025, 9, 23, 13)


def test_unknown_year_counts_without_error(caplog):
    """Working time across New Year 2027 uses the fallback: 1 January off, 4 January on."""
    calendar = WorkingCalendar()
    assert calendar.working_seconds_between(at(2026, 12, 31, 17), at(2027, 1, 4, 9, 30)) == 5400.0
    assert calendar.official.unknown_years() == (2027,)


@pytest.mark.parametrize("year", [1900, 2150, 2199])
def test_far_years_count_one_standard_day_per_workday(year):
    """In far years working time is one standard day per workday of the fallback calendar."""
    calendar = WorkingCalendar()
    start, end = at(year, 1, 1), at(year, 12, 31)
    workdays = sum(calendar.is_workday(start.date() + timedelta(days=n)) for n in range(364))
    assert calendar.working_seconds_between(start, end) == workdays * 27000.0


def test_counting_in_known_year_does_not_warn_about_next_year():
    """Deadlines inside December 2026 do not make the calendar estimate 2027."""
    calendar = WorkingCalendar()
    assert calendar.due(at(2026, 12, 28, 9), parse_time_limit("2工作日")) == at(2026, 12, 30, 9)
    assert calendar.official.unknown_years() == ()


def test_counting_backwards_in_time_stays_consistent():
    """A calendar first used in 2025 then asked about 2010 gives a fresh calendar's answers."""
    warmed = WorkingCalendar()
    warmed.due(at(2025, 9, 30, 10), parse_time_limit("3工作日"))
    fresh = WorkingCalendar()
    start, end = at(2010, 9, 30, 10), at(2025, 9, 30, 10)
    assert warmed.working_seconds_between(start, end) == fresh.working_seconds_between(start, end)
    limit = parse_time_limit("20工作日")
    assert warmed.due(start, limit) == fresh.due(start, limit)


def test_daylight_saving_day_counts_real_seconds():
    """In Berlin on 30 March 2025 the period 01:00–04:00 lasts two real hours."""
    hours = OfficeHours.from_rows([(day, "01:00", "04:00") for day in range(7)])
    calendar = WorkingCalendar(
        office_hours=hours, tz=ZoneInfo("Europe/Berlin"), overrides={date(2025, 3, 30): True}
    )
    berlin = ZoneInfo("Europe/Berlin")
    start, end = datetime(2025, 3, 30, tzinfo=berlin), datetime(2025, 3, 31, tzinfo=berlin)
    assert calendar.working_seconds_between(start, end) == 7200.0
    assert calendar.add_working_seconds(start, 3600) == datetime(2025, 3, 30, 3, tzinfo=berlin)


def test_round_the_clock_office_counts_whole_days():
    """Office hours 00:00–24:00 on every day make working time equal clock time on workdays."""
    hours = OfficeHours.from_rows([(day, "00:00", "24:00") for day in range(7)])
    calendar = WorkingCalendar(office_hours=hours)
    assert calendar.working_seconds_between(at(2025, 9, 22, 22), at(2025, 9, 23, 2)) == 14400.0
    assert calendar.add_working_seconds(at(2025, 9, 22, 22), 2 * 3600) == at(2025, 9, 23)


def test_naive_datetime_is_refused():
    """A datetime without a zone is ambiguous and refused with a Chinese message."""
    with pytest.raises(ValueError, match="缺少时区"):
        CALENDAR.working_seconds_between(datetime(2025, 9, 22, 9), at(2025, 9, 22, 10))


@pytest.mark.parametrize("seconds", [-1.0, float("nan"), float("inf")])
def test_add_refuses_negative_or_infinite_seconds(seconds):
    """Only a finite, non-negative amount of time can be added."""
    with pytest.raises(ValueError, match="时长必须是不小于0的有限秒数"):
        CALENDAR.add_working_seconds(at(2025, 9, 22, 9), seconds)


def test_calendar_without_reachable_workday_reports_overflow():
    """If no workday ever comes the calendar says so instead of looping forever."""
    calendar = WorkingCalendar(official=_NeverWorking())
    with pytest.raises(OverflowError, match="无法累计到所需的工作时间"):
        calendar.add_working_seconds(datetime(9990, 1, 1, tzinfo=timezone.utc), 3600)


class _NeverWorking:
    """An official calendar in which no day is ever a workday."""

    def is_workday(self, day):
        """Always a day off."""
        return False


@pytest.mark.parametrize("unit", [TimeUnit.WORK_HOUR, TimeUnit.WORK_DAY, TimeUnit.HOUR])
def test_advance_many_is_advance_for_each_amount_whatever_was_asked_before(unit):
    """Several amounts from one start give what `advance` gives each, on a fresh calendar and on
    one that already answered the same goals (its kept answers), over a holiday and a weekend."""
    starts = [at(2025, 9, 30, 10), at(2025, 9, 30, 22), at(2025, 10, 4, 9), at(2025, 9, 19, 16, 30),
              at(2025, 9, 20, 3)]
    amounts = [0.0, 1.0, 4 * 3600.0, 0.8 * 8 * 3600, 3 * 8 * 3600.0, 29 * 3600.0]
    warm = WorkingCalendar()
    for start in starts:
        expected = [WorkingCalendar().advance(start, amount, unit) for amount in amounts]
        assert warm.advance_many(start, amounts, unit) == expected
        assert warm.advance_many(start, amounts, unit) == expected
        assert [warm.advance(start, amount, unit) for amount in amounts] == expected
