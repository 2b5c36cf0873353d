"""Working calendar: time limits, office hours, official holidays and working-time arithmetic."""

from app.calendar.holidays import OfficialCalendar, qingming, statutory_holidays
from app.calendar.limits import TimeLimit, TimeUnit, parse_time_limit
from app.calendar.office_hours import OfficeHours
from app.calendar.working_calendar import WorkingCalendar

__all__ = [
    "OfficeHours",
    "OfficialCalendar",
    "TimeLimit",
    "TimeUnit",
    "WorkingCalendar",
    "parse_time_limit",
    "qingming",
    "statutory_holidays",
]
