"""The set-based reads behind the assessment: a handful of grouped queries, plain tuples only.

Each function adds its counts to `tallies[key]`, where the key is what the level groups by:
the department id, the grid id (rolled up to communities and streets afterwards), or the
login of the grid worker who reported the case (the actor of its first event). Only the
columns needed are read; the deadline pass and the working-hours pass walk plain tuples once.
The definitions of the figures are in app/assessment/figures.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.assessment.figures import Tally
from app.calendar import WorkingCalendar
from app.cases.clock import is_overrun
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

    def _key(self):
        if self.level == "department":
            return Case.department_id
        if self.level == "worker":
            return self._reporter.actor
        return Case.grid_id

    def _from_cases(self, *columns):
        query = select(*columns).select_from(Case)
        if self.level == "worker":
            query = query.join(self._reporter, and_(self._reporter.case_id == Case.id, self._reporter.seq == 1))
        return query

    def _in_period(self, column):
        return and_(column >= self.start, column < self.end)

    def registered(self, tallies: Tallies) -> None:
        """立案数 and 延期数 per key, from the 立案 events in the period."""
        event = aliased(CaseEvent)
        key = self._key()
        query = (self._from_cases(key, func.count(), func.sum(case((Case.extension_seconds > 0, 1), else_=0)))
                 .join(event, and_(event.case_id == Case.id, event.action == Action.REGISTER.value))
                 .where(_live(), self._in_period(event.at)).group_by(key))
        for unit, registered, extended in self.session.execute(query):
            tally = tallies[unit]
            tally.registered += registered
            tally.extended += extended or 0

    def due(self, tallies: Tallies) -> None:
        """应结案数, 结案数 and 按期结案数 per key: one pass over the cases due in the period."""
        query = self._from_cases(
            self._key(), Case.status, Case.due_at, Case.consumed_seconds, Case.limit_seconds,
            Case.extension_seconds,
        ).where(
            _live(), Case.status.not_in(_NOT_REGISTERED),
            or_(self._in_period(Case.due_at), and_(Case.status == _PARKED, self._in_period(Case.stage_started_at))),
        )
        now = self.now
        for unit, status, due_at, consumed, limit, extension in self.session.execute(query):
            overrun = is_overrun(consumed or 0.0, limit + (extension or 0.0))
            if status == _CLOSED:
                tally = tallies[unit]
                tally.due_to_close += 1
                tally.closed += 1
                tally.closed_on_time += not overrun
            elif (due_at is not None and due_at <= now) or (due_at is None and overrun):
                tallies[unit].due_to_close += 1

    def handled(self, tallies: Tallies) -> None:
        """处置数 and 返工数 per key: cases first reported handled (反馈) in the period."""
        first = (select(CaseEvent.case_id, func.min(CaseEvent.at).label("first_at"))
                 .where(CaseEvent.action == Action.FEEDBACK.value).group_by(CaseEvent.case_id).subquery())
        key = self._key()
        query = (self._from_cases(key, func.count(), func.sum(case((Case.rework_count > 0, 1), else_=0)))
                 .join(first, first.c.case_id == Case.id)
                 .where(_live(), self._in_period(first.c.first_at)).group_by(key))
        for unit, handled, reworked in self.session.execute(query):
            tally = tallies[unit]
            tally.handled += handled
            tally.reworked += reworked or 0

    def cards(self, tallies: Tallies) -> None:
        """Yellow and red cards issued in the period; a department is charged with the cards
        addressed to it, other levels with the cards on their cases."""
        key = SupervisionCard.department_id if self.level == "department" else self._key()
        query = (self._from_cases(key, SupervisionCard.color, func.count())
                 .join(SupervisionCard, SupervisionCard.case_id == Case.id)
                 .where(_live(), SupervisionCard.color.in_(("yellow", "red")),
                        self._in_period(SupervisionCard.issued_at))
                 .group_by(key, SupervisionCard.color))
        for unit, color, count in self.session.execute(query):
            if color == "yellow":
                tallies[unit].yellow_cards += count
            else:
                tallies[unit].red_cards += count

    def handling_time(self, tallies: Tallies, calendar: WorkingCalendar) -> None:
        """Working seconds 立案 → 结案 less the parked working seconds, for cases closed in the period."""
        event = aliased(CaseEvent)
        closed_here = and_(Case.status == _CLOSED, self._in_period(Case.closed_at), Case.deleted_at.is_(None))
        query = (self._from_cases(self._key(), Case.id, event.at, Case.closed_at)
                 .join(event, and_(event.case_id == Case.id, event.action == Action.REGISTER.value))
                 .where(closed_here))
        parked = self._parked_seconds(closed_here, calendar)
        working = calendar.working_seconds_between
        for unit, case_id, registered_at, closed_at in self.session.execute(query):
            tally = tallies[unit]
            tally.handle_seconds += max(0.0, working(registered_at, closed_at) - parked.get(case_id, 0.0))
            tally.handle_cases += 1

    def _parked_seconds(self, closed_here, calendar: WorkingCalendar) -> dict:
        """Working seconds each case spent parked (挂账 → 恢复), for the cases closed in the period."""
        ids = select(Case.id).where(closed_here)
        query = (select(CaseEvent.case_id, CaseEvent.action, CaseEvent.at)
                 .where(CaseEvent.action.in_((Action.PARK.value, Action.RESUME.value)), CaseEvent.case_id.in_(ids))
                 .order_by(CaseEvent.case_id, CaseEvent.seq))
        parked: dict = defaultdict(float)
        since = {}
        for case_id, action, at in self.session.execute(query):
            if action == Action.PARK.value:
                since[case_id] = at
            elif case_id in since:
                parked[case_id] += calendar.working_seconds_between(since.pop(case_id), at)
        return parked
