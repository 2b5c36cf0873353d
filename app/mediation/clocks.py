"""The docket's clocks: the mediation time limit, the judicial-confirmation window and the
performance obligations, all lit with the cases' lights (app.cases.lights).

Periods in 月 and 天 follow the civil-law counting (民法典 arts. 200–203): the day a period
starts is not counted, a month ends on the corresponding day of the last month (or that month's
last day when there is none: one month from 31 January 2028 ends on 29 February), and the last
day runs to 24:00 district time. 工作日 limits count working time on the working calendar.
A period becomes a clock-time CaseClock, so extensions and thresholds are the cases' own.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.calendar import TimeLimit, TimeUnit, WorkingCalendar, parse_time_limit
from app.cases.clock import CaseClock, due_at as clock_due_at
from app.cases.errors import MissingInput
from app.cases.lights import Light, LightPolicy, Thresholds, light_at, thresholds
from app.mediation.rules import LimitRule

_MONTH_UNITS = ("月", "个月")


@dataclass(frozen=True, kw_only=True)
class Period:
    """An amount of 月, 天 or 工作日."""

    amount: float
    unit: str


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later, or the last day of that month when it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def period_end(start: datetime, period: Period, calendar: WorkingCalendar) -> datetime:
    """The instant a period started at `start` runs out (24:00 of its last day; working time for 工作日)."""
    if period.unit == TimeUnit.WORK_DAY.value:
        limit = TimeLimit(amount=period.amount, unit=TimeUnit.WORK_DAY)
        return calendar.advance(start, calendar.limit_seconds(limit), TimeUnit.WORK_DAY)
    first = start.astimezone(calendar.tz).date()
    if period.unit in _MONTH_UNITS:
        last = add_months(first, int(period.amount))
    elif period.unit == TimeUnit.DAY.value:
        last = first + timedelta(days=int(period.amount))
    else:
        raise MissingInput(f"调解期限的单位“{period.unit}”无效，应为 月、天 或 工作日")
    return end_of_day(last, calendar)


def end_of_day(day: date, calendar: WorkingCalendar) -> datetime:
    """24:00 of `day` in the district, i.e. the start of the next day."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=calendar.tz)


def last_day(due: datetime, tz: ZoneInfo) -> date:
    """The last day (district time) of a period that runs out at `due`."""
    return (due.astimezone(tz) - timedelta(microseconds=1)).date()


def parse_period(text: str) -> Period:
    """'1个月', '1月', '15天', '10工作日' → Period; a Chinese ValueError names bad text."""
    cleaned = str(text or "").strip()
    for unit in _MONTH_UNITS:
        number = cleaned.removesuffix(unit).strip()
        if cleaned.endswith(unit) and number.isdigit() and int(number) > 0:
            return Period(amount=int(number), unit="月")
    try:
        limit = parse_time_limit(cleaned)
    except ValueError:
        raise MissingInput(f"期限“{text}”无法识别，应为如 1个月、15天、10工作日") from None
    if limit.unit not in (TimeUnit.DAY, TimeUnit.WORK_DAY) or not float(limit.amount).is_integer():
        raise MissingInput(f"期限“{text}”应以整月、天或工作日计，如 1个月、15天、10工作日")
    return Period(amount=limit.amount, unit=limit.unit.value)


def rule_period(rule: LimitRule) -> Period:
    return Period(amount=rule.amount, unit=rule.unit)


def start_clock(period: Period, start: datetime, calendar: WorkingCalendar) -> CaseClock:
    """A running clock for `period` from `start`, in working seconds for 工作日, clock seconds otherwise."""
    if period.unit == TimeUnit.WORK_DAY.value:
        limit = TimeLimit(amount=period.amount, unit=TimeUnit.WORK_DAY)
        return CaseClock(unit=TimeUnit.WORK_DAY, limit_seconds=calendar.limit_seconds(limit), running_since=start)
    seconds = (period_end(start, period, calendar) - start).total_seconds()
    return CaseClock(unit=TimeUnit.DAY, limit_seconds=seconds, running_since=start)


def extension_seconds(clock: CaseClock, period: Period, calendar: WorkingCalendar) -> float:
    """How much an extension of `period` from the current due instant adds to the clock."""
    due = clock_due_at(clock, calendar)
    if due is None:
        raise MissingInput("调解期限未在计时，不能延长")
    if (period.unit == TimeUnit.WORK_DAY.value) != (clock.unit == TimeUnit.WORK_DAY):
        raise MissingInput("延长的期限应与原期限同样以工作日或日历日计")
    if clock.unit == TimeUnit.WORK_DAY:
        return calendar.limit_seconds(TimeLimit(amount=period.amount, unit=TimeUnit.WORK_DAY))
    return (period_end(due - timedelta(microseconds=1), period, calendar) - due).total_seconds()


def lit_thresholds(clock: CaseClock, policy: LightPolicy, calendar: WorkingCalendar) -> Thresholds:
    """The instants a clock turns yellow and red and runs out (the cases' own arithmetic)."""
    return thresholds(clock, policy, calendar)


def deadline_thresholds(start: datetime, due: datetime, policy: LightPolicy) -> Thresholds:
    """Yellow and red instants of a plain deadline `due` counted from `start` (obligations)."""
    span = max((due - start).total_seconds(), 0.0)
    return Thresholds(yellow_at=start + timedelta(seconds=span * policy.yellow_ratio),
                      red_at=start + timedelta(seconds=span * policy.red_ratio), due_at=due)


def light_of(*, is_open: bool, yellow_at: datetime | None, red_at: datetime | None, now: datetime) -> Light | None:
    """A dispute's light from its stored thresholds: none when closed or when no clock runs."""
    if not is_open or (yellow_at is None and red_at is None):
        return None
    return light_at(is_open=True, parked_light=None, yellow_at=yellow_at, red_at=red_at, now=now)


def days_left(due: datetime | None, now: datetime, calendar: WorkingCalendar) -> int | None:
    """Whole days left before a period ends: 0 on its last day, negative once it has passed."""
    if due is None:
        return None
    return (last_day(due, calendar.tz) - now.astimezone(calendar.tz).date()).days
