"""The working calendar as the district configured it: office hours, overrides, time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import OfficeHours, WorkingCalendar
from db.schema import CalendarOverride, OfficeHoursPeriod, Setting

DEFAULT_TIMEZONE = "Asia/Shanghai"


def district_timezone(session: Session) -> ZoneInfo:
    """The district's time zone (setting 'timezone', default Asia/Shanghai)."""
    value = session.scalar(select(Setting.value).where(Setting.key == "timezone"))
    return ZoneInfo(value or DEFAULT_TIMEZONE)


def load_calendar(session: Session) -> WorkingCalendar:
    """Build the working calendar from the database; defaults where nothing is configured."""
    periods = session.execute(
        select(OfficeHoursPeriod.weekday, OfficeHoursPeriod.start, OfficeHoursPeriod.end)
        .where(OfficeHoursPeriod.deleted_at.is_(None))
    ).all()
    office_hours = OfficeHours.from_rows([tuple(p) for p in periods]) if periods else OfficeHours.default()
    overrides = {
        row.day: row.is_workday
        for row in session.scalars(select(CalendarOverride).where(CalendarOverride.deleted_at.is_(None)))
    }
    return WorkingCalendar(office_hours=office_hours, overrides=overrides, tz=district_timezone(session))
