"""The official (State Council) calendar of workdays, with a fallback for unpublished years."""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta

import chinese_calendar
from lunardate import LunarDate

logger = logging.getLogger("gridcc.calendar")

_QINGMING_BASE_ORDINAL = date(2000, 3, 31).toordinal()
_PUBLISHED_YEARS = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)
"""Years whose State Council arrangement chinese_calendar carries (2004–2026 in release 1.11)."""


class OfficialCalendar:
    """Whether a date is an official workday: holidays removed, adjusted workdays (调休) added.

    Reads chinese_calendar's tables directly (its ``is_workday`` rescans them on every call) for
    the years it carries; otherwise falls back to Monday–Friday minus the statutory holidays,
    logs one warning per such year and remembers the year for ``unknown_years()``.
    """

    def __init__(self) -> None:
        self._fallback_holidays: dict[int, frozenset[date]] = {}
        self._lock = threading.Lock()

    def is_workday(self, day: date) -> bool:
        """True if ``day`` is an official workday; never raises for a valid date."""
        if type(day) is not date:
            day = date(day.year, day.month, day.day)
        if day.year in _PUBLISHED_YEARS:
            return day in chinese_calendar.workdays or (
                day.weekday() < 5 and day not in chinese_calendar.holidays
            )
        holidays = self._holidays_of_unknown_year(day.year)
        return day.weekday() < 5 and day not in holidays

    def unknown_years(self) -> tuple[int, ...]:
        """Years the library did not know and that were estimated so far, oldest first."""
        with self._lock:
            return tuple(sorted(self._fallback_holidays))

    def _holidays_of_unknown_year(self, year: int) -> frozenset[date]:
        """Statutory holidays of a year without a published arrangement, warning on first use."""
        with self._lock:
            holidays = self._fallback_holidays.get(year)
            if holidays is None:
                holidays = statutory_holidays(year)
                self._fallback_holidays[year] = holidays
                logger.warning(
                    "%d年的法定节假日安排未知，按周一至周五及法定节日推算，请管理员核对并补充调休", year
                )
            return holidays


def statutory_holidays(year: int) -> frozenset[date]:
    """The statutory public holidays of a year under the 2025 rules, without any 调休 shifts.

    Lunar holidays are left out for years the lunar tables do not cover (outside 1900–2099).
    """
    days = {date(year, 1, 1), qingming(year), date(year, 5, 1), date(year, 5, 2)}
    days.update(date(year, 10, day) for day in (1, 2, 3))
    days.update(_lunar_holidays(year))
    return frozenset(days)


def qingming(year: int) -> date:
    """The date of the 清明 solar term (4 or 5 April, sometimes 6 or 3 outside this century).

    A mean tropical year of 365.2422 days counted from 4.81 days after 31 March 2000; this equals
    the usual century formulas (C = 5.59 for the 1900s, 4.81 for the 2000s).
    """
    offset_days = (3_652_422 * (year - 2000) + 48_100) // 10_000
    return date.fromordinal(_QINGMING_BASE_ORDINAL + offset_days)


def _lunar_holidays(year: int) -> set[date]:
    """Spring Festival (eve plus three days), Dragon Boat and Mid-Autumn dates of a year."""
    try:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        dragon_boat = LunarDate(year, 5, 5).to_solar_date()
        mid_autumn = LunarDate(year, 8, 15).to_solar_date()
    except ValueError:
        return set()
    spring_festival = {new_year + timedelta(days=offset) for offset in (-1, 0, 1, 2)}
    return spring_festival | {dragon_boat, mid_autumn}
