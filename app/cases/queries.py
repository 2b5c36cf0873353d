"""Listing cases: filters, the light as SQL, and rows turned into views.

The light is decided by comparing `now` with the stored thresholds, in the database, so a
filter on "red" or a count of yellow cases needs no Python loop over the cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from app.cases.clock import OVERRUN_TOLERANCE, is_overrun
from app.cases.lights import Light, light_at
from app.cases.states import OPEN_STATUSES, CaseStatus
from app.cases.views import CaseView
from db.schema import Case, CaseCategory, Department, Region

_OPEN = [s.value for s in OPEN_STATUSES]
_IS_OPEN = {s.value: s.is_open for s in CaseStatus}
_LABELS = {s.value: s.label for s in CaseStatus}
Grid = aliased(Region, name="grid")


@dataclass(frozen=True, kw_only=True)
class CaseFilter:
    """What a list asks for; every field is optional."""

    status: tuple[str, ...] = ()
    light: Light | None = None
    category_code: str | None = None
    grid_code: str | None = None
    department: str | None = None
    source: str | None = None
    reported_from: datetime | None = None
    reported_to: datetime | None = None
    search: str | None = None
    open_only: bool = False


def light_expression(now: datetime):
    """SQL for the light of each case at `now` ('green'/'yellow'/'red', NULL when closed)."""
    return case(
        (Case.status.not_in(_OPEN), literal(None)),
        (Case.parked_light.is_not(None), Case.parked_light),
        (Case.red_at <= now, literal("red")),
        (Case.yellow_at <= now, literal("yellow")),
        else_=literal("green"),
    )


def overrun_condition():
    """SQL form of `clock.is_overrun` on a case's stored clock: time used past the limit in force.

    Exact for closed and parked cases (their clock is stopped); a running clock needs `due_at`.
    """
    used = func.coalesce(Case.consumed_seconds, 0.0)
    return used > Case.limit_seconds + func.coalesce(Case.extension_seconds, 0.0) + OVERRUN_TOLERANCE


def _light_condition(light: Light, now: datetime):
    running = and_(Case.status.in_(_OPEN), Case.parked_light.is_(None))
    if light == Light.RED:
        hit = and_(running, Case.red_at <= now)
    elif light == Light.YELLOW:
        hit = and_(running, Case.yellow_at <= now, or_(Case.red_at.is_(None), Case.red_at > now))
    else:
        hit = and_(running, or_(Case.yellow_at.is_(None), Case.yellow_at > now),
                   or_(Case.red_at.is_(None), Case.red_at > now))
    return or_(hit, and_(Case.status.in_(_OPEN), Case.parked_light == light.value))


def filtered(query: Select, flt: CaseFilter, now: datetime) -> Select:
    """Apply a CaseFilter to a select over Case (joined with category, grid and department)."""
    query = query.where(Case.deleted_at.is_(None))
    if flt.status:
        query = query.where(Case.status.in_(flt.status))
    if flt.open_only:
        query = query.where(Case.status.in_(_OPEN))
    if flt.light is not None:
        query = query.where(_light_condition(flt.light, now))
    if flt.category_code:
        query = query.where(CaseCategory.code.like(flt.category_code + "%"))
    if flt.grid_code:
        query = query.where(Grid.code.like(flt.grid_code + "%"))
    if flt.department:
        query = query.where(or_(Department.name == flt.department, Department.code == flt.department))
    if flt.source:
        query = query.where(Case.source == flt.source)
    if flt.reported_from:
        query = query.where(Case.reported_at >= flt.reported_from)
    if flt.reported_to:
        query = query.where(Case.reported_at < flt.reported_to)
    if flt.search:
        pattern = f"%{flt.search.strip()}%"
        query = query.where(or_(
            Case.case_no.like(pattern), Case.external_no.like(pattern), Case.title.like(pattern),
            Case.description.like(pattern), Case.address.like(pattern), Case.reporter_phone.like(pattern),
        ))
    return query


def view_columns():
    """The columns a CaseView is built from, in the order `view_from_row` reads them."""
    return (
        Case.id, Case.case_no, Case.external_no, Case.status, Case.source, CaseCategory.code,
        CaseCategory.name, Case.urgency, Case.title, Case.address, Grid.code, Grid.name,
        Department.name, Case.reported_at, Case.due_at, Case.yellow_at, Case.red_at,
        Case.parked_light, Case.consumed_seconds, Case.limit_seconds, Case.extension_seconds,
        Case.version, Case.limit_unit, Case.running_since,
    )


def base_select(*columns) -> Select:
    """A select over cases with their category, grid and department joined.

    Every case has a category, so the outer join gives the same rows as an inner one; it keeps
    SQLite from starting at the categories and walking every case of each (its statistics cannot
    see that open cases are a few among many closed ones): the open cases of a year of 500 a day
    are read through the status index in 50 ms instead of 1.4 s.
    """
    return (
        select(*columns)
        .select_from(Case)
        .outerjoin(CaseCategory, CaseCategory.id == Case.category_id)
        .outerjoin(Grid, Grid.id == Case.grid_id)
        .outerjoin(Department, Department.id == Case.department_id)
    )


def view_from_row(row, now: datetime) -> CaseView:
    """A CaseView from one row of `view_columns()`, lit at `now`."""
    (case_id, case_no, external_no, status, source, cat_code, cat_name, urgency, title, address,
     grid_code, grid_name, dept, reported_at, due_at, yellow_at, red_at, parked_light, consumed,
     limit_seconds, extension, version, limit_unit, running_since) = row
    total = limit_seconds + (extension or 0.0)
    is_open = _IS_OPEN[status]
    if due_at is not None and is_open:
        overdue = now >= due_at
    else:
        overdue = is_overrun(consumed or 0.0, total)
    return CaseView(
        id=case_id, case_no=case_no, external_no=external_no, status=status,
        status_label=_LABELS[status], source=source, category_code=cat_code, category=cat_name,
        urgency=urgency, title=title, address=address, grid_code=grid_code, grid=grid_name,
        department=dept, reported_at=reported_at, due_at=due_at,
        light=light_at(is_open=is_open, parked_light=parked_light, yellow_at=yellow_at,
                       red_at=red_at, now=now),
        overdue=overdue, version=version, limit_unit=limit_unit, total_seconds=total,
        consumed_seconds=consumed or 0.0, running_since=running_since if is_open else None,
    )


def list_select(flt: CaseFilter, now: datetime, *, order: str = "newest", limit: int | None = None,
                offset: int = 0) -> Select:
    """The select behind every case list: `order` is 'newest' or 'due' (soonest due first)."""
    query = filtered(base_select(*view_columns()), flt, now)
    if order == "due":
        query = query.order_by(Case.due_at.is_(None), Case.due_at, Case.case_no)
    else:
        query = query.order_by(Case.reported_at.desc(), Case.case_no.desc())
    return query.offset(offset).limit(limit)


def count_select(flt: CaseFilter, now: datetime) -> Select:
    """How many cases match a filter."""
    return filtered(base_select(func.count(Case.id)), flt, now)
