"""Tests for the official calendar and its fallback for unpublished years."""

import logging
from datetime import date, timedelta

import chinese_calendar
import pytest

from app.calendar import OfficialCalendar, qingming, statutory_holidays

FALLBACK_MESSAGE = "2027年的法定节假日安排未知，按周一至周五及法定节日推算，请管理员核对并补充调休"


def _calendar_warnings(caplog):
    """The messages the calendar logger has written so far."""
    return [record.getMessage() for record in caplog.records if record.name == "gridcc.calendar"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 9, 30), True),
        (date(2025, 10, 1), False),
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),
        (date(2025, 10, 12), False),
        (date(2025, 9, 28), True),
    ],
)
def test_official_calendar_known_year(day, expected):
    """Published holidays are off and adjusted Saturdays and Sundays (调休) are workdays."""
    assert OfficialCalendar().is_workday(day) is expected


def test_official_calendar_agrees_with_chinese_calendar_2004_to_2026():
    """Reading the library's tables gives the same answer as its own is_workday for every day."""
    calendar = OfficialCalendar()
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert calendar.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_official_calendar_known_year_logs_nothing(caplog):
    """A year the library knows needs no warning."""
    calendar = OfficialCalendar()
    calendar.is_workday(date(2025, 10, 1))
    assert _calendar_warnings(caplog) == []
    assert calendar.unknown_years() == ()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 1), False),
        (date(2027, 2, 5), False),
        (date(2027, 2, 6), False),
        (date(2027, 2, 8), False),
        (date(2027, 2, 9), True),
        (date(2027, 4, 5), False),
        (date(2027, 5, 3), True),
        (date(2027, 10, 1), False),
        (date(2027, 10, 4), True),
        (date(2027, 3, 10), True),
        (date(2027, 3, 13), False),
    ],
)
def test_official_calendar_unknown_year_falls_back(day, expected):
    """For 2027 the calendar is Monday–Friday minus statutory holidays, including lunar ones."""
    assert OfficialCalendar().is_workday(day) is expected


def test_official_calendar_warns_once_per_unknown_year(caplog):
    """Many questions about 2027 and 2028 log exactly one warning per year."""
    calendar = OfficialCalendar()
    for offset in range(40):
        calendar.is_workday(date(2027, 1, 1) + timedelta(days=offset))
    calendar.is_workday(date(2028, 6, 1))
    calendar.is_workday(date(2028, 6, 2))
    warnings = _calendar_warnings(caplog)
    assert warnings == [FALLBACK_MESSAGE, FALLBACK_MESSAGE.replace("2027", "2028")]
    assert calendar.unknown_years() == (2027, 2028)


def test_official_calendar_weekend_question_records_unknown_year():
    """Asking about a Saturday of an unknown year still marks the year as estimated."""
    calendar = OfficialCalendar()
    assert calendar.is_workday(date(2027, 3, 13)) is False
    assert calendar.unknown_years() == (2027,)


def test_official_calendar_answers_every_day_1900_to_2199():
    """No date from 1900 to 2199 raises, and each year has between 240 and 262 workdays."""
    calendar = OfficialCalendar()
    counts = {}
    day = date(1900, 1, 1)
    while day.year < 2200:
        counts[day.year] = counts.get(day.year, 0) + calendar.is_workday(day)
        day += timedelta(days=1)
    assert len(counts) == 300
    assert all(240 <= count <= 262 for count in counts.values())


def test_statutory_holidays_2027():
    """2027 has thirteen statutory holiday dates under the 2025 rules."""
    expected = {
        date(2027, 1, 1),
        date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8),
        date(2027, 4, 5),
        date(2027, 5, 1), date(2027, 5, 2),
        date(2027, 6, 9),
        date(2027, 9, 15),
        date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3),
    }
    assert statutory_holidays(2027) == expected


def test_statutory_holidays_beyond_lunar_tables_keep_fixed_days():
    """After 2099 the lunar tables end, so only the solar holidays remain."""
    assert statutory_holidays(2150) == {
        date(2150, 1, 1), qingming(2150), date(2150, 5, 1), date(2150, 5, 2),
        date(2150, 10, 1), date(2150, 10, 2), date(2150, 10, 3),
    }


@pytest.mark.parametrize(
    "day",
    [date(2008, 4, 4), date(2010, 4, 5), date(2019, 4, 5), date(2023, 4, 5), date(2024, 4, 4),
     date(2025, 4, 4), date(2026, 4, 5), date(2027, 4, 5)],
)
def test_qingming_known_dates(day):
    """The computed solar term matches the published 清明 dates."""
    assert qingming(day.year) == day


def test_qingming_agrees_with_chinese_calendar_solar_terms():
    """From 1900 to 2099 the computed 清明 equals chinese_calendar's solar-term table."""
    for year in range(1900, 2100):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
        assert [day for day, _ in terms] == [qingming(year)], year
