"""Time left on a case, for countdowns that tick every second without asking the database."""

from __future__ import annotations

from datetime import datetime

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


def format_remaining(seconds: float | None, limit_unit: str, standard_day_seconds: float) -> str:
    """'剩 3工作日2时15分', '超 45分', or '' for a closed case; working units count working days."""
    if seconds is None:
        return ""
    prefix = "剩" if seconds >= 0 else "超"
    left = abs(int(seconds))
    working = TimeUnit(limit_unit).is_working
    day = int(standard_day_seconds) if working else 86400
    days, rest = divmod(left, day)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days}{'工作日' if working else '天'}")
    if hours:
        parts.append(f"{hours}时")
    if minutes or not parts:
        parts.append(f"{minutes}分")
    return prefix + "".join(parts)
