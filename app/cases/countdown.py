"""Time left on a case, for countdowns that tick every second without asking the database."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from app.calendar import TimeUnit, WorkingCalendar
from app.cases.views import CaseView


def remaining_seconds(view: CaseView, calendar: WorkingCalendar, now: datetime) -> float | None:
    """Time left at `now` in the limit's own measure (negative = overdue); None when closed."""
    if view.light is None:
        return None
    used = view.consumed_seconds
    if view.running_since is not None:
        used += calendar.elapsed(view.running_since, now, TimeUnit(view.limit_unit))
    return view.total_seconds - used


class Remaining(NamedTuple):
    """Time left split for display: whole days (working days for working units), hours, minutes, seconds."""

    overdue: bool
    days: int
    hours: int
    minutes: int
    seconds: int


def split_remaining(seconds: float | None, limit_unit: str, standard_day_seconds: float) -> Remaining | None:
    """`seconds` left (negative = overdue) as days/hours/minutes/seconds; None for a closed case.

    A day of a working-time limit is the standard working day, so 9 working hours are 1工作日1时.
    """
    if seconds is None:
        return None
    day = int(standard_day_seconds) if TimeUnit(limit_unit).is_working else 86400
    days, rest = divmod(abs(int(seconds)), day)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    return Remaining(overdue=seconds < 0, days=days, hours=hours, minutes=minutes, seconds=rest)


def format_remaining(seconds: float | None, limit_unit: str, standard_day_seconds: float) -> str:
    """'剩3工作日2时15分', '超45分', or '' for a closed case; working units count working days."""
    split = split_remaining(seconds, limit_unit, standard_day_seconds)
    if split is None:
        return ""
    parts = []
    if split.days:
        parts.append(f"{split.days}{'工作日' if TimeUnit(limit_unit).is_working else '天'}")
    if split.hours:
        parts.append(f"{split.hours}时")
    if split.minutes or not parts:
        parts.append(f"{split.minutes}分")
    return ("超" if split.overdue else "剩") + "".join(parts)
