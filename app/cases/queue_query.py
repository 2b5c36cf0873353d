"""Reads behind the case queue: sorted case numbers, then rows a page at a time.

The database filters and sorts. The queue asks once for the case numbers in the order the user
chose (with each case's light, for the counts), then for the rows of the pages it shows, so a
queue of 100,000 cases never travels at once (Anki's browser: ids plus a row cache). Rows keep
their light thresholds and the time left at the instant they were read, so the queue can re-light
them and count down every second without asking the database again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case, func, nulls_last, select

from app.calendar import TimeUnit, WorkingCalendar
from app.cases.countdown import remaining_seconds
from app.cases.lights import Light, light_at
from app.cases.queries import CaseFilter, Grid, base_select, filtered, light_expression, view_columns, view_from_row
from app.cases.service import CaseService
from app.cases.states import OPEN_STATUSES, URGENCIES, CaseStatus
from app.cases.views import CaseView
from db.schema import Case, CaseCategory, Department

SORT_KEYS = ("case_no", "light", "remaining", "category", "urgency", "grid", "department", "status",
             "reported_at", "source")
_OPEN = [s.value for s in OPEN_STATUSES]
_STATUS_ORDER = (CaseStatus.REPORTED, CaseStatus.VERIFIED, CaseStatus.REGISTERED, CaseStatus.DISPATCHED,
                 CaseStatus.HANDLING, CaseStatus.FEEDBACK, CaseStatus.PARKED, CaseStatus.CLOSED, CaseStatus.VOID)
_LIGHT_RANK = {Light.GREEN.value: 1, Light.YELLOW.value: 2, Light.RED.value: 3}


class QueueRow(NamedTuple):
    """One case of the queue: its view, its light thresholds, and the time left at `base_at`."""

    view: CaseView
    is_open: bool
    parked_light: str | None
    yellow_at: datetime | None
    red_at: datetime | None
    remaining: float | None
    base_at: datetime


@dataclass(frozen=True, kw_only=True)
class QueueKeys:
    """The case numbers of a queue in display order, and how many were red and yellow at `read_at`
    (None when not counted)."""

    case_nos: list[str]
    red: int | None
    yellow: int | None
    read_at: datetime

    @property
    def total(self) -> int:
        return len(self.case_nos)


def sorted_keys(service: CaseService, flt: CaseFilter, sort_key: str, descending: bool, *,
                counted: bool = True) -> QueueKeys:
    """Every matching case number, sorted by the database, with the red and yellow counts.

    `counted=False` skips lighting every case (a new sort of the same cases needs no new counts).
    """
    now = service.now()
    columns = (Case.case_no, light_expression(now)) if counted else (Case.case_no,)
    query = _keys_select(service, select(*columns), flt, sort_key, now).order_by(*_order(sort_key, descending, now))
    with service.database.read() as session:
        rows = session.connection().execute(query).all()
    case_nos = [row[0] for row in rows]
    if not counted:
        return QueueKeys(case_nos=case_nos, red=None, yellow=None, read_at=now)
    lights = [row[1] for row in rows]
    return QueueKeys(case_nos=case_nos, red=lights.count(Light.RED.value),
                     yellow=lights.count(Light.YELLOW.value), read_at=now)


def rows_for(service: CaseService, case_nos: Sequence[str]) -> dict[str, QueueRow]:
    """The rows of the given cases, by case number (a case deleted meanwhile is simply absent)."""
    if not case_nos:
        return {}
    now = service.now()
    calendar = service.config().calendar
    query = service.scoped(base_select(*view_columns()).where(Case.case_no.in_(list(case_nos)),
                                                             Case.deleted_at.is_(None)))
    with service.database.read() as session:
        rows = session.connection().execute(query).all()
    found = (_queue_row(row, calendar, now) for row in rows)
    return {row.view.case_no: row for row in found}


def fetch_page(service: CaseService, flt: CaseFilter, sort_key: str, descending: bool, offset: int,
               limit: int) -> list[QueueRow]:
    """One page of the queue in display order: `limit` rows from `offset`."""
    now = service.now()
    query = _keys_select(service, select(Case.case_no), flt, sort_key, now)
    query = query.order_by(*_order(sort_key, descending, now)).offset(offset).limit(limit)
    with service.database.read() as session:
        case_nos = list(session.connection().execute(query).scalars())
    rows = rows_for(service, case_nos)
    return [rows[case_no] for case_no in case_nos if case_no in rows]


def count(service: CaseService, flt: CaseFilter) -> int:
    """How many cases the queue shows for a filter."""
    query = _keys_select(service, select(func.count(Case.id)), flt, "case_no", service.now())
    with service.database.read() as session:
        return session.connection().execute(query).scalar_one()


def row_light(row: QueueRow, now: datetime) -> Light | None:
    """The light of a queue row at `now`, from its thresholds in memory."""
    return light_at(is_open=row.is_open, parked_light=row.parked_light, yellow_at=row.yellow_at,
                    red_at=row.red_at, now=now)


class Countdown:
    """Time left on many queue rows at one instant.

    A running clock loses the same working time between a row's `base_at` and `now` as every other
    row read at that instant in the same unit, so the calendar is asked once per (instant, unit)
    rather than once per row. Earlier instants are computed in full.
    """

    def __init__(self, calendar: WorkingCalendar, now: datetime):
        self.calendar = calendar
        self.now = now
        self._spent: dict[tuple[datetime, str], float] = {}

    def remaining(self, row: QueueRow) -> float | None:
        """Seconds left at `now` in the limit's measure (negative when overdue); None when closed."""
        if row.remaining is None or row.view.running_since is None:
            return row.remaining
        if self.now < row.base_at:
            return remaining_seconds(row.view, self.calendar, self.now)
        key = (row.base_at, row.view.limit_unit)
        spent = self._spent.get(key)
        if spent is None:
            spent = self.calendar.elapsed(row.base_at, self.now, TimeUnit(row.view.limit_unit))
            self._spent[key] = spent
        return row.remaining - spent


def _queue_row(row, calendar: WorkingCalendar, now: datetime) -> QueueRow:
    view = view_from_row(row, now)
    running_since = view.running_since
    base_at = max(now, running_since) if running_since is not None else now
    return QueueRow(view=view, is_open=CaseStatus(view.status).is_open, parked_light=row.parked_light,
                    yellow_at=row.yellow_at, red_at=row.red_at,
                    remaining=remaining_seconds(view, calendar, base_at), base_at=base_at)


def _keys_select(service: CaseService, query, flt: CaseFilter, sort_key: str, now: datetime):
    """`query` over cases, joined only with what the filter and the sort need, then filtered to
    the filter and to the acting account's scope."""
    query = query.select_from(Case)
    if flt.category_code or sort_key == "category":
        query = query.join(CaseCategory, CaseCategory.id == Case.category_id)
    if flt.grid_code or sort_key == "grid":
        query = query.outerjoin(Grid, Grid.id == Case.grid_id)
    if flt.department or sort_key == "department":
        query = query.outerjoin(Department, Department.id == Case.department_id)
    return service.scoped(filtered(query, flt, now))


def _order(sort_key: str, descending: bool, now: datetime) -> list:
    """ORDER BY terms: the key's own terms, then the case number; empty values always last."""
    if sort_key not in SORT_KEYS:
        raise ValueError(f"未知的排序列“{sort_key}”，可用：{'、'.join(SORT_KEYS)}")
    terms = _terms(sort_key, now) + [(Case.case_no, True, False)]
    clauses = []
    for expression, ascending, nullable in terms:
        clause = expression.asc() if ascending != descending else expression.desc()
        clauses.append(nulls_last(clause) if nullable else clause)
    return clauses


def _terms(sort_key: str, now: datetime) -> list[tuple]:
    """(expression, ascending in the key's natural order, may be NULL) for each sort key.

    The light's natural order is by severity: no light, green, yellow, red; within a colour the case
    nearer its next threshold (or longer past it) is the more severe, so descending puts the
    longest-red case first.
    """
    if sort_key == "light":
        rank = case(_LIGHT_RANK, value=light_expression(now), else_=None)
        mark = case((rank >= 2, Case.red_at), else_=Case.yellow_at)
        return [(rank, True, True), (mark, False, True)]
    if sort_key == "remaining":
        return [(case((Case.status.in_(_OPEN), Case.due_at), else_=None), True, True)]
    if sort_key == "urgency":
        return [(case({u: n for n, u in enumerate(URGENCIES)}, value=Case.urgency, else_=0), True, False)]
    if sort_key == "status":
        return [(case({s.value: n for n, s in enumerate(_STATUS_ORDER)}, value=Case.status, else_=0),
                 True, False)]
    plain = {"case_no": (Case.case_no, False), "category": (CaseCategory.code, False),
             "grid": (Grid.code, True), "department": (Department.name, True),
             "reported_at": (Case.reported_at, False), "source": (Case.source, False)}
    expression, nullable = plain[sort_key]
    return [] if sort_key == "case_no" else [(expression, True, nullable)]
