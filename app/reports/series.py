"""Per-day counts for trend charts: cases registered (立案) and cases closed (结案) each day.

The day is the district's calendar day. The database groups the instants by hour since the
start of the range (a few hundred groups for a month, whatever the number of cases), and the
hours are folded into local days here, so zones with any whole-hour offset or summer time come
out right. Registered and closed follow the assessment's definitions (app/assessment/figures.py):
a case counts on the day of its 立案 event, voided and deleted cases never; a case counts as
closed on the day it was closed (结案).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import case_condition
from app.assessment.queries import epoch_seconds, live_cases
from app.cases.states import Action, CaseStatus
from app.config.calendar_config import load_calendar
from app.scoping import narrowed
from db.engine import Database
from db.schema import Case, CaseEvent

#: the longest series one call returns (a year and a day): a chart of more days is unreadable
MAX_DAYS = 366


@dataclass(frozen=True, kw_only=True)
class DailySeries:
    """One value per day, oldest first."""

    days: tuple[date, ...]
    registered: tuple[int, ...]
    closed: tuple[int, ...]

    def labels(self) -> tuple[str, ...]:
        """Short day labels for an axis: '10-01'."""
        return tuple(f"{d.month:02d}-{d.day:02d}" for d in self.days)


def daily_series(database: Database, *, end: date, days: int = 30, scope: Scope = WHOLE_DISTRICT) -> DailySeries:
    """The `days` days before `end` (the day `end` itself not included), of the cases of `scope`."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must lie in 1..{MAX_DAYS}, got {days}")
    first = end - timedelta(days=days)
    with database.read() as session:
        tz = load_calendar(session).tz
        start_at = datetime.combine(first, time(), tz)
        end_at = datetime.combine(end, time(), tz)
        epoch = epoch_seconds(session)
        origin = start_at.timestamp()
        registered = _hourly(session, epoch, origin, CaseEvent.at, narrowed(select(CaseEvent.at).join(
            Case, Case.id == CaseEvent.case_id).where(
            CaseEvent.action == Action.REGISTER.value, CaseEvent.at >= start_at, CaseEvent.at < end_at,
            live_cases()), scope, case_condition))
        closed = _hourly(session, epoch, origin, Case.closed_at, narrowed(select(Case.closed_at).where(
            Case.status == CaseStatus.CLOSED.value, Case.closed_at >= start_at, Case.closed_at < end_at,
            Case.deleted_at.is_(None)), scope, case_condition))
    day_list = tuple(first + timedelta(days=n) for n in range(days))
    return DailySeries(days=day_list, registered=_by_day(registered, origin, tz, first, days),
                       closed=_by_day(closed, origin, tz, first, days))


def _hourly(session, epoch, origin: float, column, base) -> list[tuple[int, int]]:
    """(hours since `origin`, count) for the rows of `base`, grouped by the database."""
    hour = func.floor((epoch(column) - origin) / 3600.0)
    query = base.with_only_columns(hour, func.count()).group_by(hour)
    return [(int(h), n) for h, n in session.execute(query).all()]


def _by_day(hours: list[tuple[int, int]], origin: float, tz, first: date, days: int) -> tuple[int, ...]:
    counts = [0] * days
    for hour, count in hours:
        local_day = datetime.fromtimestamp(origin + hour * 3600 + 1, tz).date()
        index = (local_day - first).days
        if 0 <= index < days:
            counts[index] += count
    return tuple(counts)
