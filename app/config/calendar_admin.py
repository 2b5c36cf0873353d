"""An administrator's edits of the working calendar: office hours per weekday and day overrides.

Everything is validated before the database is touched, saved in one transaction guarded by
a calendar revision (a lost race fails loudly), and the deadlines of open cases are recomputed
in the same transaction so every list agrees with the new calendar at once. The same transaction
moves the configuration revision on (app/config/revision.py), so the other workstations' services
read the new calendar when the commit's change notification reaches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.audit.changes import edit_entry
from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.calendar import OfficeHours, WorkingCalendar
from app.calendar.office_hours import END_OF_DAY, WEEKDAY_NAMES
from app.cases.projection import snapshot_of, store
from app.cases.states import OPEN_STATUSES
from app.config.calendar_config import load_calendar
from app.config.revision import bump_config_revision
from app.config.rules import CaseRules, load_rules
from db.engine import Database
from db.schema import CalendarOverride, Case, OfficeHoursPeriod, Setting

REVISION_KEY = "calendar_revision"
NOTE_MAX = 200
PeriodText = tuple[str, str]
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_PERIOD_SPLIT = re.compile(r"[,，;；、\s]+")
_RANGE_MARK = re.compile(r"\s*(?:-|–|—|~|～|至|到)\s*")


class CalendarInputError(ValueError):
    """The administrator's calendar input is wrong; the message says what and where."""


class CalendarConflict(CalendarInputError):
    """Someone else saved the calendar first; nothing was written."""


@dataclass(frozen=True, kw_only=True)
class DayOverride:
    """A date the administrator declares a workday or a day off, with a note (e.g. 国庆调休)."""

    day: date
    is_workday: bool
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CalendarSettings:
    """The calendar as stored: periods "HH:MM" per weekday (0 = Monday), overrides by date, and
    the revision an update must name."""

    weekly: tuple[tuple[PeriodText, ...], ...]
    overrides: tuple[DayOverride, ...]
    revision: int


def read_calendar_settings(database: Database) -> CalendarSettings:
    """The office hours and overrides in force (defaults where nothing is configured)."""
    with database.read() as session:
        rows = _live_periods(session)
        weekly = tuple(tuple((r.start, r.end) for r in rows[day]) for day in range(7))
        if not any(weekly):
            weekly = _periods_text(OfficeHours.default())
        overrides = tuple(
            DayOverride(day=r.day, is_workday=r.is_workday, note=r.note or "")
            for r in session.scalars(select(CalendarOverride).where(CalendarOverride.deleted_at.is_(None))
                                     .order_by(CalendarOverride.day))
        )
        return CalendarSettings(weekly=weekly, overrides=overrides, revision=_revision_row_version(session))


def update_calendar(database: Database, weekly, overrides, *, expected_revision: int,
                    actor: str, workstation: str | None = None, principal: Principal = SYSTEM) -> int:
    """Save new office hours and overrides; return how many open cases got new deadlines.

    Raises CalendarInputError (nothing written) for bad input and CalendarConflict when the
    calendar changed since `expected_revision` was read. A service's `refresh_config()` then reads
    the new calendar (any service's next write does so by itself). The acting `principal` needs
    config.edit.
    """
    require(database, principal, "config.edit", entity="settings")
    hours = validate_office_hours(weekly)
    wanted = validate_overrides(overrides)
    try:
        with database.write() as session:
            _bump_revision(session, expected_revision, actor)
            before = _calendar_facts(session)
            _save_periods(session, _periods_text(hours))
            _save_overrides(session, wanted)
            session.flush()
            entry = edit_entry(actor=actor, workstation=workstation, action="change_calendar", entity="settings",
                               before=before, after=_calendar_facts(session))
            if entry is not None:
                session.add(entry)
            bump_config_revision(session)
            session.flush()
            return _recompute(session, load_rules(session), load_calendar(session))
    except (StaleDataError, IntegrityError):
        raise _conflict() from None


def recompute_open_deadlines(database: Database) -> int:
    """Recompute due/yellow/red of the open cases whose clock runs, under the calendar now stored.

    For a calendar changed by other means than `update_calendar`; returns how many changed.
    """
    with database.write() as session:
        return _recompute(session, load_rules(session), load_calendar(session))


def validate_office_hours(weekly) -> OfficeHours:
    """Office hours from seven lists of ("HH:MM", "HH:MM"); CalendarInputError names day and period."""
    if len(weekly) != 7:
        raise CalendarInputError(f"办公时间必须给出7天（星期一至星期日）的安排，实际给出 {len(weekly)} 天")
    days = []
    for weekday, periods in enumerate(weekly):
        days.append(tuple(
            (_parse_time(start, weekday, number), _parse_time(end, weekday, number))
            for number, (start, end) in enumerate(periods, start=1)
        ))
    try:
        return OfficeHours(weekly=tuple(days))
    except ValueError as exc:
        raise CalendarInputError(str(exc)) from None


def validate_overrides(overrides) -> tuple[DayOverride, ...]:
    """Overrides with trimmed notes, sorted by date; a date given twice or a long note is refused."""
    seen: dict[date, int] = {}
    cleaned = []
    for number, item in enumerate(overrides, start=1):
        if not isinstance(item.day, date) or isinstance(item.day, datetime):
            raise CalendarInputError(f"节假日调整第{number}行：日期“{item.day}”无效")
        if item.day in seen:
            raise CalendarInputError(
                f"节假日调整：日期 {item.day.isoformat()} 重复（第{seen[item.day]}行和第{number}行），每个日期只能有一条"
            )
        seen[item.day] = number
        note = (item.note or "").strip()
        if len(note) > NOTE_MAX:
            raise CalendarInputError(f"节假日调整第{number}行（{item.day.isoformat()}）：备注不能超过{NOTE_MAX}字")
        cleaned.append(DayOverride(day=item.day, is_workday=bool(item.is_workday), note=note))
    return tuple(sorted(cleaned, key=lambda o: o.day))


def parse_periods_text(text: str, weekday: int) -> tuple[PeriodText, ...]:
    """Read a day's periods as typed, e.g. "08:30-12:00, 13:30-17:30"; empty text is no office."""
    periods = []
    chunks = _PERIOD_SPLIT.split(_RANGE_MARK.sub("-", text.strip()))
    for number, chunk in enumerate((c for c in chunks if c), start=1):
        parts = chunk.split("-")
        if len(parts) != 2 or not all(parts):
            raise CalendarInputError(
                f"{WEEKDAY_NAMES[weekday]}的第{number}个办公时段“{chunk}”无法识别，应写成如 08:30-12:00，多个时段用逗号隔开"
            )
        start, end = (_time_text(_parse_time(p, weekday, number)) for p in parts)
        periods.append((start, end))
    return tuple(periods)


def format_periods(periods) -> str:
    """A day's periods as one line, the form `parse_periods_text` reads back."""
    return ", ".join(f"{start}-{end}" for start, end in periods)


def _parse_time(value, weekday: int, number: int) -> time:
    """"HH:MM" (also with a full-width colon; "24:00" ends the day) into a time."""
    match = _TIME.match(str(value).strip())
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    if (hour, minute) == (24, 0):
        return END_OF_DAY
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CalendarInputError(
            f"{WEEKDAY_NAMES[weekday]}的第{number}个办公时段：时刻“{value}”无效，应写成如 08:30（00:00 至 24:00）"
        )
    return time(hour, minute)


def _time_text(moment: time) -> str:
    return "24:00" if moment == END_OF_DAY else moment.strftime("%H:%M")


def _periods_text(hours: OfficeHours) -> tuple[tuple[PeriodText, ...], ...]:
    return tuple(tuple((_time_text(s), _time_text(e)) for s, e in hours.periods_for(day)) for day in range(7))


def _live_periods(session: Session) -> dict[int, list[OfficeHoursPeriod]]:
    rows: dict[int, list[OfficeHoursPeriod]] = {day: [] for day in range(7)}
    for row in session.scalars(select(OfficeHoursPeriod).where(OfficeHoursPeriod.deleted_at.is_(None))
                               .order_by(OfficeHoursPeriod.weekday, OfficeHoursPeriod.start)):
        rows[row.weekday].append(row)
    return rows


def _revision_row(session: Session) -> Setting | None:
    return session.scalar(select(Setting).where(Setting.key == REVISION_KEY))


def _revision_row_version(session: Session) -> int:
    row = _revision_row(session)
    return row.version if row is not None else 0


def _bump_revision(session: Session, expected: int, actor: str) -> None:
    """Check the revision the editor saw and move it on (flushed now, so a racing save waits)."""
    row = _revision_row(session)
    if (row.version if row is not None else 0) != expected:
        raise _conflict()
    stamp = f"{actor} {datetime.now(timezone.utc).isoformat()}"
    if row is None:
        session.add(Setting(key=REVISION_KEY, value=stamp))
    else:
        row.value = stamp
    session.flush()


def _calendar_facts(session: Session) -> dict:
    """The stored calendar as the audit log compares it: each weekday's periods, each override."""
    rows = _live_periods(session)
    facts = {WEEKDAY_NAMES[day]: "，".join(f"{r.start}–{r.end}" for r in rows[day]) or "休息" for day in range(7)}
    for row in session.scalars(select(CalendarOverride).where(CalendarOverride.deleted_at.is_(None))):
        facts[row.day.isoformat()] = ("上班" if row.is_workday else "休息") + (f"（{row.note}）" if row.note else "")
    return facts


def _save_periods(session: Session, weekly) -> None:
    """Update rows in place, add the missing ones, soft-delete the rest (history stays)."""
    now = datetime.now(timezone.utc)
    existing = _live_periods(session)
    for weekday in range(7):
        rows, wanted = existing[weekday], weekly[weekday]
        for index in range(max(len(rows), len(wanted))):
            if index >= len(rows):
                start, end = wanted[index]
                session.add(OfficeHoursPeriod(weekday=weekday, start=start, end=end))
            elif index >= len(wanted):
                rows[index].deleted_at = now
            elif (rows[index].start, rows[index].end) != wanted[index]:
                rows[index].start, rows[index].end = wanted[index]


def _save_overrides(session: Session, wanted: tuple[DayOverride, ...]) -> None:
    """One row per date ever used (the date is unique): revive, change, add or soft-delete."""
    now = datetime.now(timezone.utc)
    rows = {row.day: row for row in session.scalars(select(CalendarOverride))}
    wanted_days = {item.day for item in wanted}
    for item in wanted:
        row = rows.get(item.day)
        if row is None:
            session.add(CalendarOverride(day=item.day, is_workday=item.is_workday, note=item.note or None))
            continue
        if row.deleted_at is not None:
            row.deleted_at = None
        if row.is_workday != item.is_workday:
            row.is_workday = item.is_workday
        if (row.note or "") != item.note:
            row.note = item.note or None
    for day, row in rows.items():
        if day not in wanted_days and row.deleted_at is None:
            row.deleted_at = now


def _recompute(session: Session, rules: CaseRules, calendar: WorkingCalendar) -> int:
    """Store fresh thresholds for open running cases; count the rows that actually changed."""
    open_values = [status.value for status in OPEN_STATUSES]
    rows = session.scalars(select(Case).where(
        Case.deleted_at.is_(None), Case.status.in_(open_values), Case.running_since.is_not(None),
    )).all()
    changed = 0
    for row in rows:
        before = (row.due_at, row.yellow_at, row.red_at)
        store(row, snapshot_of(row), rules.categories[row.category_id].policy, calendar)
        changed += (row.due_at, row.yellow_at, row.red_at) != before
    session.flush()
    return changed


def _conflict() -> CalendarConflict:
    return CalendarConflict("工作日历已被他人修改，本次修改未保存；请重新打开设置，在最新内容上再改")
