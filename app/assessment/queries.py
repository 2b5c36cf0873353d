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

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import case_condition
from app.assessment.figures import Tally
from app.calendar.working_calendar import WorkingTimeline
from app.cases.queries import overrun_condition
from app.cases.states import OPEN_STATUSES, Action, CaseStatus
from app.scoping import narrowed
from db.schema import Case, CaseEvent, SupervisionCard

_NOT_REGISTERED = (CaseStatus.REPORTED.value, CaseStatus.VERIFIED.value, CaseStatus.VOID.value)
_CLOSED = CaseStatus.CLOSED.value
_PARKED = CaseStatus.PARKED.value

Tallies = defaultdict  # key → Tally


def new_tallies() -> Tallies:
    return defaultdict(Tally)


def live():
    """Cases that count at all: not voided, not deleted."""
    return and_(Case.status != CaseStatus.VOID.value, Case.deleted_at.is_(None))


class Conditions:
    """The conditions on a case behind each figure for the period [start, end) at `now`.

    Public so that the grouped counts (`Reader`) and the list of a unit's cases
    (app/assessment/unit_cases.py) select the same cases: a count and its list cannot drift apart.
    """

    def __init__(self, start: datetime, end: datetime, now: datetime):
        self.start, self.end, self.now = start, end, now

    def in_period(self, column):
        return and_(column >= self.start, column < self.end)

    def with_event(self, action: Action):
        """Cases with an event of `action` in the period: a semi-join both databases run as one
        pass over the events (no index on the action is needed)."""
        return event_in(action, self.start, self.end)

    @staticmethod
    def ever(action: Action):
        """Cases with at least one event of `action` (a few: the rest are never looked at)."""
        return Case.id.in_(select(CaseEvent.case_id).where(CaseEvent.action == action.value))

    def registered(self):
        """立案数: live cases registered in the period."""
        return registered_in(self.start, self.end)

    def extended(self):
        """延期数: of 立案数, cases with an approved extension."""
        return and_(self.registered(), Case.extension_seconds > 0)

    def due_scope(self):
        """Registered live cases whose deadline (or park instant, when parked) lies in the period:
        the cases among which 应结案数 is counted."""
        parked = Case.status == _PARKED
        return and_(live(), Case.status.not_in(_NOT_REGISTERED),
                    or_(self.in_period(Case.due_at), and_(parked, self.in_period(Case.stage_started_at))))

    def due(self):
        """Of the scope, 应结案: closed, or open and past the deadline at `now`, or parked past the limit."""
        closed, parked = Case.status == _CLOSED, Case.status == _PARKED
        return or_(closed, and_(~parked, Case.due_at <= self.now), and_(parked, overrun_condition()))

    @staticmethod
    def closed():
        return Case.status == _CLOSED

    @staticmethod
    def closed_on_time():
        return and_(Case.status == _CLOSED, ~overrun_condition())

    def handled(self):
        """处置数: live cases reported handled (反馈) in the period."""
        return and_(live(), self.with_event(Action.FEEDBACK))

    def reworked(self):
        """返工数: of 处置数, cases rejected at the check at least once so far."""
        return and_(self.handled(), Case.rework_count > 0)

    def closed_in_period(self):
        """The cases 平均处置时长 averages over: closed (核查通过) in the period."""
        return and_(Case.status == _CLOSED, self.in_period(Case.closed_at), Case.deleted_at.is_(None))

    def figure(self, name: str):
        """The condition selecting the cases a count figure counts (the names of UnitFigures)."""
        if name in ("due_to_close", "closed", "closed_on_time", "overdue"):
            extra = {"due_to_close": self.due(), "closed": self.closed(),
                     "closed_on_time": self.closed_on_time(),
                     "overdue": and_(self.due(), ~self.closed_on_time())}[name]
            return and_(self.due_scope(), self.due(), extra)
        makers = {"registered": self.registered, "extended": self.extended, "handled": self.handled,
                  "reworked": self.reworked, "handle_cases": self.closed_in_period}
        if name not in makers:
            raise ValueError(f"unknown figure {name!r}")
        return makers[name]()


#: The count figures whose cases can be listed, as `Conditions.figure` names them.
CASE_FIGURES = ("registered", "due_to_close", "closed", "closed_on_time", "overdue", "handled",
                "reworked", "extended", "handle_cases")


class Reader:
    """The reads for one level and one period [start, end), evaluated at `now`."""

    def __init__(self, session: Session, level: str, start: datetime, end: datetime, now: datetime,
                 scope: Scope = WHOLE_DISTRICT):
        self.session, self.level, self.start, self.end, self.now = session, level, start, end, now
        self.scope = scope
        self.conditions = Conditions(start, end, now)
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
        """Every read starts here, so the account's scope narrows every figure."""
        query = narrowed(select(*columns).select_from(Case), self.scope, case_condition)
        if self.level == "worker":
            query = query.join(self._reporter, and_(self._reporter.case_id == Case.id, self._reporter.seq == 1))
        return query

    def _in_period(self, column):
        return self.conditions.in_period(column)

    def registered(self, tallies: Tallies) -> None:
        """立案数 and 延期数 per key, from the 立案 events in the period."""
        key = self._key()
        query = (self._from_cases(key, func.count(), _count_where(Case.extension_seconds > 0))
                 .where(self.conditions.registered()).group_by(key))
        for unit, registered, extended in self._rows(query):
            tally = tallies[unit]
            tally.registered += registered
            tally.extended += extended or 0

    def due(self, tallies: Tallies) -> None:
        """应结案数, 结案数 and 按期结案数 per key, counted by the database in one grouped query.

        Due: closed with the deadline in the period, or open with the deadline in the period and
        already past at `now`, or parked past the limit with the park instant in the period.
        """
        c = self.conditions
        key = self._key()
        query = self._from_cases(
            key, _count_where(c.due()), _count_where(c.closed()), _count_where(c.closed_on_time()),
        ).where(c.due_scope()).group_by(key)
        for unit, due, closed_count, on_time in self._rows(query):
            tally = tallies[unit]
            tally.due_to_close += due or 0
            tally.closed += closed_count or 0
            tally.closed_on_time += on_time or 0

    def handled(self, tallies: Tallies) -> None:
        """处置数 and 返工数 per key: cases reported handled (反馈) in the period."""
        key = self._key()
        query = (self._from_cases(key, func.count(), _count_where(Case.rework_count > 0))
                 .where(self.conditions.handled()).group_by(key))
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
                 .where(live(), SupervisionCard.color.in_(("yellow", "red")),
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
        closed_here = self.conditions.closed_in_period()
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
                 .where(closed_here, Conditions.ever(Action.PARK),
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
    return live()


def epoch_seconds(session: Session):
    """SQL for a stored UTC time as Unix epoch seconds, for the reports built on these reads."""
    return _epoch_seconds(session)


def event_in(action: Action, start: datetime, end: datetime):
    """Cases with an event of `action` in [start, end): a semi-join both databases run as one pass
    over the events' (action, at) index. 立案数 is the live cases with a 立案 event in the period."""
    return Case.id.in_(select(CaseEvent.case_id).where(CaseEvent.action == action.value,
                                                       CaseEvent.at >= start, CaseEvent.at < end))


def registered_in(start: datetime, end: datetime):
    """The cases 立案数 counts for [start, end) (figures.py): live, with a 立案 event in the period."""
    return and_(live(), event_in(Action.REGISTER, start, end))


def open_past_deadline(at: datetime):
    """Registered cases still open at `at` past their deadline — the ones that count against
    按期结案率 while open (a case parked after its time ran out is one of them)."""
    running = [s.value for s in OPEN_STATUSES if s.value not in _NOT_REGISTERED + (_PARKED,)]
    # two index ranges on (status, due_at), not a scan of every case
    return and_(live(), or_(and_(Case.status.in_(running), Case.due_at <= at),
                             and_(Case.status == _PARKED, overrun_condition())))
