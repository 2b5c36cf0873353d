"""The set-based reads behind the assessment: a handful of grouped queries, plain tuples only.

Each function adds its counts to `tallies[key]`, where the key is what the level groups by:
the department id, the grid id (rolled up to communities and streets afterwards), or the
login of the grid worker who reported the case (the actor of its first event). Keys are read
as text so no UUID object is built per row. The counts are grouped by the database (events
reached through semi-joins, one pass over them each); only the working-hours pass walks one
plain tuple per closed case, through Core, not the ORM. The definitions of the figures are in
app/assessment/figures.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Float, String, and_, case, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.assessment.figures import Tally
from app.calendar.working_calendar import WorkingTimeline
from app.cases.queries import overrun_condition
from app.cases.states import Action, CaseStatus
from db.schema import Case, CaseEvent, SupervisionCard

_NOT_REGISTERED = (CaseStatus.REPORTED.value, CaseStatus.VERIFIED.value, CaseStatus.VOID.value)
_CLOSED = CaseStatus.CLOSED.value
_PARKED = CaseStatus.PARKED.value

Tallies = defaultdict  # key → Tally


def new_tallies() -> Tallies:
    return defaultdict(Tally)


def _live():
    """Cases that count at all: not voided, not deleted."""
    return and_(Case.status != CaseStatus.VOID.value, Case.deleted_at.is_(None))


class Reader:
    """The reads for one level and one period [start, end), evaluated at `now`."""

    def __init__(self, session: Session, level: str, start: datetime, end: datetime, now: datetime):
        self.session, self.level, self.start, self.end, self.now = session, level, start, end, now
        self._reporter = aliased(CaseEvent)
        self._connection = session.connection()

    def _rows(self, query):
        """The rows of a query through Core: plain tuples, no ORM loading per row."""
        return self._connection.execute(query).all()

    def _key(self):
        if self.level == "department":
            return raw_key(Case.department_id)
        if self.level == "worker":
            return self._reporter.actor
        return raw_key(Case.grid_id)

    def _from_cases(self, *columns):
        query = select(*columns).select_from(Case)
        if self.level == "worker":
            query = query.join(self._reporter, and_(self._reporter.case_id == Case.id, self._reporter.seq == 1))
        return query

    def _in_period(self, column):
        return and_(column >= self.start, column < self.end)

    def _with_event(self, action: Action):
        """Cases with an event of `action` in the period: a semi-join both databases run as one
        pass over the events (no index on the action is needed)."""
        return Case.id.in_(select(CaseEvent.case_id).where(CaseEvent.action == action.value,
                                                           self._in_period(CaseEvent.at)))

    @staticmethod
    def _ever(action: Action):
        """Cases with at least one event of `action` (a few: the rest are never looked at)."""
        return Case.id.in_(select(CaseEvent.case_id).where(CaseEvent.action == action.value))

    def registered(self, tallies: Tallies) -> None:
        """立案数 and 延期数 per key, from the 立案 events in the period."""
        key = self._key()
        query = (self._from_cases(key, func.count(), _count_where(Case.extension_seconds > 0))
                 .where(_live(), self._with_event(Action.REGISTER)).group_by(key))
        for unit, registered, extended in self._rows(query):
            tally = tallies[unit]
            tally.registered += registered
            tally.extended += extended or 0

    def due(self, tallies: Tallies) -> None:
        """应结案数, 结案数 and 按期结案数 per key, counted by the database in one grouped query.

        Due: closed with the deadline in the period, or open with the deadline in the period and
        already past at `now`, or parked past the limit with the park instant in the period.
        """
        overrun = overrun_condition()
        closed = Case.status == _CLOSED
        parked = Case.status == _PARKED
        is_due = or_(closed, and_(~parked, Case.due_at <= self.now), and_(parked, overrun))
        key = self._key()
        query = self._from_cases(
            key, _count_where(is_due), _count_where(closed), _count_where(and_(closed, ~overrun)),
        ).where(
            _live(), Case.status.not_in(_NOT_REGISTERED),
            or_(self._in_period(Case.due_at), and_(parked, self._in_period(Case.stage_started_at))),
        ).group_by(key)
        for unit, due, closed_count, on_time in self._rows(query):
            tally = tallies[unit]
            tally.due_to_close += due or 0
            tally.closed += closed_count or 0
            tally.closed_on_time += on_time or 0

    def handled(self, tallies: Tallies) -> None:
        """处置数 and 返工数 per key: cases reported handled (反馈) in the period."""
        key = self._key()
        query = (self._from_cases(key, func.count(), _count_where(Case.rework_count > 0))
                 .where(_live(), self._with_event(Action.FEEDBACK)).group_by(key))
        for unit, handled, reworked in self._rows(query):
            tally = tallies[unit]
            tally.handled += handled
            tally.reworked += reworked or 0

    def cards(self, tallies: Tallies) -> None:
        """Yellow and red cards issued in the period; a department is charged with the cards
        addressed to it, other levels with the cards on their cases."""
        key = raw_key(SupervisionCard.department_id) if self.level == "department" else self._key()
        query = (self._from_cases(key, SupervisionCard.color, func.count())
                 .join(SupervisionCard, SupervisionCard.case_id == Case.id)
                 .where(_live(), SupervisionCard.color.in_(("yellow", "red")),
                        self._in_period(SupervisionCard.issued_at))
                 .group_by(key, SupervisionCard.color))
        for unit, color, count in self._rows(query):
            if color == "yellow":
                tallies[unit].yellow_cards += count
            else:
                tallies[unit].red_cards += count

    def handling_time(self, tallies: Tallies, timeline: WorkingTimeline) -> None:
        """Working seconds 立案 → 结案 less the parked working seconds, for cases closed in the period.

        Working time is additive, so each case adds W(closed) − W(registered) and each parked
        stretch takes W(resumed) − W(parked) away, W being the working time up to an instant.
        """
        closed_here = and_(Case.status == _CLOSED, self._in_period(Case.closed_at), Case.deleted_at.is_(None))
        epoch = _epoch_seconds(self.session)
        register = aliased(CaseEvent)
        closed = (self._from_cases(self._key(), epoch(register.at), epoch(Case.closed_at))
                  .join(register, and_(register.case_id == Case.id, register.action == Action.REGISTER.value))
                  .where(closed_here))
        worked = timeline.worked_until
        for unit, registered_at, closed_at in self._rows(closed):
            tally = tallies[unit]
            tally.handle_seconds += worked(closed_at) - worked(registered_at)
            tally.handle_cases += 1
        parks = (self._from_cases(self._key(), CaseEvent.action, epoch(CaseEvent.at))
                 .join(CaseEvent, CaseEvent.case_id == Case.id)
                 .where(closed_here, self._ever(Action.PARK),
                        CaseEvent.action.in_((Action.PARK.value, Action.RESUME.value)))
                 .order_by(Case.id, CaseEvent.seq))
        since = None
        for unit, action, at in self._rows(parks):
            if action == Action.PARK.value:
                since = at
            elif since is not None:
                tallies[unit].handle_seconds -= worked(at) - worked(since)
                since = None


def raw_key(column):
    """A key column as text, so no UUID object is built per row (the table's units are read the
    same way, so the keys match)."""
    return cast(column, String)


def _count_where(condition):
    return func.sum(case((condition, 1), else_=0))


def _epoch_seconds(session: Session):
    """SQL for a stored UTC time as Unix epoch seconds (a float, no datetime built per row)."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda column: cast(func.extract("epoch", column), Float)
    return lambda column: type_coerce((func.julianday(column) - 2440587.5) * 86400.0, Float)


def live_cases():
    """Cases that count at all (not voided, not deleted), for the reports built on these reads."""
    return _live()


def epoch_seconds(session: Session):
    """SQL for a stored UTC time as Unix epoch seconds, for the reports built on these reads."""
    return _epoch_seconds(session)
