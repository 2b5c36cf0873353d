"""Follow-up visits that are due (走访提醒), lit like cases.

Every live membership of a category with a cadence (`visit_every_days`) has a visit clock:
- it starts when the day of the last visit ends — a visit for that category, or a general visit
  to the person (no category): a grid worker who went to the door has seen the person, whatever
  form was filled in; only visits on or after `since` count — or, never visited, when the day
  the person joined the category (`since`) ends; a membership with neither is due at once (red).
  The clock is stored with the membership (`last_visit_on`, `visit_due_day`, kept by
  `refresh_visit_clocks` whenever visits, memberships or a cadence change), so the district-wide
  list is a walk of one index, not a subquery per membership;
- it runs `visit_every_days` calendar days (visits are not office work: weekends count), so the
  visit is on time up to and including the day `anchor + cadence` (`due_on`);
- the light is the cases' own: the district's warn-before policy row (yellow from 80 % of the
  interval, red when overdue, ratios as configured in light_policies) and `light_at` of
  app/cases/lights.py on the instants the interval reaches those ratios.

The light is computed in SQL too (day numbers compared with "now" as a day number), so the
counts per light and a filtered, sorted page need no Python pass over the memberships.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Integer, and_, case, func, literal, or_, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import person_condition
from app.cases.lights import Light, LightPolicy, light_at
from app.config.calendar_config import district_timezone
from db.engine import Database
from db.schema import LightPolicy as LightPolicyRow
from db.schema import Person, PersonCategory, PopulationCategory, Region, Visit

VISIT_POLICY_CODE = "warn_before"
_EPOCH = date(2000, 1, 1)
_EPSILON_DAYS = 1e-10


class day_number(FunctionElement):
    """Days from 2000-01-01 to a DATE column, as an integer, on either backend."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2451544.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_pg(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} - DATE '2000-01-01')"


class VisitDue(NamedTuple):
    """One membership's visit clock: who, which category, the last visit, when due and the light."""

    person_id: uuid.UUID
    name: str
    grid: str
    category: str
    sensitive: bool
    last_visit: date | None
    due_on: date | None
    days_left: int | None
    light: Light


@dataclass(frozen=True, kw_only=True)
class VisitsDue:
    """A page of due visits sorted by time left, and the counts per light of the whole list."""

    rows: list[VisitDue]
    counts: dict[Light, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def due_day_number(anchor: date | None, every_days: int | None) -> int | None:
    """`visit_due_day` for a clock anchored on `anchor` (last visit, else since) with a cadence:
    the last on-time day as days since 2000-01-01; None when either is missing. For writers that
    fill memberships in bulk (the demo); `refresh_visit_clocks` computes the same in SQL."""
    if anchor is None or not every_days:
        return None
    return (anchor - _EPOCH).days + every_days


#: Most person ids in one refreshing UPDATE (bound parameters per statement are limited).
_REFRESH_CHUNK = 500


def refresh_visit_clocks(session: Session, person_ids=None, *, category_id: uuid.UUID | None = None) -> None:
    """Recompute the stored visit clock (`last_visit_on`, `visit_due_day`) of memberships: those
    of `person_ids`, of one category (after its cadence changed), or all (both None).

    Called after a visit is recorded and after memberships are added or revived, so the stored
    clock always follows the rule in this module's docstring.
    """
    last_visit = (
        select(func.max(Visit.visited_on))
        .where(Visit.person_id == PersonCategory.person_id,
               or_(Visit.category_id == PersonCategory.category_id, Visit.category_id.is_(None)),
               or_(PersonCategory.since.is_(None), Visit.visited_on >= PersonCategory.since))
        .scalar_subquery()
    )
    cadence = (
        select(PopulationCategory.visit_every_days)
        .where(PopulationCategory.id == PersonCategory.category_id, PopulationCategory.visit_every_days > 0)
        .scalar_subquery()
    )
    due_day = day_number(func.coalesce(PersonCategory.last_visit_on, PersonCategory.since)) + cadence
    for values in ({"last_visit_on": last_visit}, {"visit_due_day": due_day}):
        statement = update(PersonCategory).values(**values).execution_options(synchronize_session=False)
        if category_id is not None:
            statement = statement.where(PersonCategory.category_id == category_id)
        if person_ids is None:
            session.execute(statement)
            continue
        ids = list(person_ids)
        for start in range(0, len(ids), _REFRESH_CHUNK):
            session.execute(statement.where(PersonCategory.person_id.in_(ids[start:start + _REFRESH_CHUNK])))


def visit_policy(session: Session) -> LightPolicy:
    """The policy visits are lit by: the district's warn-before row, else the built-in default."""
    row = session.scalars(
        select(LightPolicyRow).where(LightPolicyRow.code == VISIT_POLICY_CODE, LightPolicyRow.deleted_at.is_(None))
    ).first()
    if row is None:
        return LightPolicy.warn_before()
    return LightPolicy(code=row.code, kind=row.kind, yellow_ratio=row.yellow_ratio, red_ratio=row.red_ratio)


def visit_light(anchor: date | None, every_days: int, policy: LightPolicy, tz: ZoneInfo, now: datetime) -> Light:
    """The light of one visit clock at `now`, through the cases' `light_at`."""
    if anchor is None:
        return Light.RED
    start = datetime.combine(anchor + timedelta(days=1), time(), tzinfo=tz)
    return light_at(
        is_open=True, parked_light=None, now=now,
        yellow_at=start + timedelta(days=policy.yellow_ratio * every_days),
        red_at=start + timedelta(days=policy.red_ratio * every_days),
    )


def visits_due(database: Database, now: datetime, grid: str | None = None, light: Light | None = None,
               limit: int = 100, offset: int = 0, scope: Scope = WHOLE_DISTRICT) -> VisitsDue:
    """Visit clocks at `now` of the persons of `scope` (an account's; optionally in a grid or
    region — name or code — and of one light),
    sorted by time left, the most overdue first; counts per light ignore the light filter.

    The clocks are worked out from the memberships and the categories alone (a deleted person's
    memberships end with the person); only the page's rows are joined to persons and grids.
    The counts light each (due day, category) group once; the page is lit in SQL (`_clocks`).
    """
    with database.read() as session:
        tz = district_timezone(session)
        policy = visit_policy(session)
        persons = _persons(session, grid, scope)
        counts = _counts(session, now, tz, policy, persons)
        clocks = _clocks(session, now, tz, policy, persons).subquery("clocks")
        page = select(clocks)
        if light is not None:
            page = page.where(clocks.c.light == light.value)
        page = page.order_by(*_due_order(clocks)).limit(limit).offset(offset).subquery("page")
        rows = session.execute(
            select(page, Person.name, Region.name.label("grid"), PopulationCategory.name.label("category"),
                   PopulationCategory.sensitive, PersonCategory.last_visit_on.label("last_visit"),
                   PersonCategory.since)
            .join(Person, Person.id == page.c.person_id)
            .join(PopulationCategory, PopulationCategory.id == page.c.category_id)
            .join(PersonCategory, and_(PersonCategory.person_id == page.c.person_id,
                                       PersonCategory.category_id == page.c.category_id))
            .outerjoin(Region, Region.id == Person.grid_id)
            .order_by(*_due_order(page))
        ).all()
    today = now.astimezone(tz).date()
    return VisitsDue(rows=[_row(r, policy, tz, now, today) for r in rows], counts=counts)


def _persons(session: Session, grid: str | None, scope: Scope):
    """The memberships the list is limited to — of persons in the grid or region asked for and in
    the account's scope — or None for all (the whole district asked for everything)."""
    terms = []
    if grid:
        terms.append(_in_region(session, grid))
    if not scope.whole_district:
        terms.append(person_condition(scope))
    if not terms:
        return None
    return PersonCategory.person_id.in_(select(Person.id).where(*terms, Person.deleted_at.is_(None)))


def _counts(session: Session, now: datetime, tz: ZoneInfo, policy: LightPolicy, persons) -> dict:
    """Live clocks per light: memberships counted per (due day, category) in the database — a
    walk of the visit-due index — and each group lit here by `visit_light`."""
    today = now.astimezone(tz).date()
    cadence = dict(session.execute(
        select(PopulationCategory.id, PopulationCategory.visit_every_days)
        .where(PopulationCategory.deleted_at.is_(None), PopulationCategory.visit_every_days > 0)).all())
    groups = (
        select(PersonCategory.visit_due_day, PersonCategory.category_id, func.count())
        .where(PersonCategory.deleted_at.is_(None),
               or_(PersonCategory.until.is_(None), PersonCategory.until >= today))
        .group_by(PersonCategory.visit_due_day, PersonCategory.category_id)
    )
    if persons is not None:
        groups = groups.where(persons)
    counts = {lit: 0 for lit in Light}
    for due_day, category_id, count in session.execute(groups):
        every = cadence.get(category_id)
        if every:
            anchor = None if due_day is None else _EPOCH + timedelta(days=due_day - every)
            counts[visit_light(anchor, every, policy, tz, now)] += count
    return counts


def _due_order(clocks) -> tuple:
    """Most overdue first (never visited and no start date before all), then a fixed order."""
    return (clocks.c.due_day.asc().nulls_first(), clocks.c.category_id, clocks.c.person_id)


def _clocks(session: Session, now: datetime, tz: ZoneInfo, policy: LightPolicy, persons):
    """The select of every live visit clock with its last visit, due day number and light at `now`.

    A ratio r of the interval is reached when start + r × every ≤ now, where the clock starts
    the day after its anchor: start = due_day − every + 1. Everything read here is in the
    index on (visit_due_day, category_id, deleted_at, until) or the small category table.
    """
    today = now.astimezone(tz).date()
    now_days = (now - datetime.combine(_EPOCH, time(), tzinfo=tz)).total_seconds() / 86400
    every = PopulationCategory.visit_every_days
    members = (
        select(PersonCategory.person_id, PersonCategory.category_id, every.label("every_days"),
               PersonCategory.visit_due_day.label("due_day"))
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .where(PersonCategory.deleted_at.is_(None), PopulationCategory.deleted_at.is_(None),
               every.is_not(None), every > 0,
               or_(PersonCategory.until.is_(None), PersonCategory.until >= today))
    )
    if persons is not None:
        members = members.where(persons)
    m = members.subquery("members")
    now_value = literal(now_days + _EPSILON_DAYS, Float)

    def reached(ratio: float):
        return (m.c.due_day + 1 + literal(ratio - 1, Float) * m.c.every_days) <= now_value

    light = case(
        (m.c.due_day.is_(None), literal("red")),
        (reached(policy.red_ratio), literal("red")),
        (reached(policy.yellow_ratio), literal("yellow")),
        else_=literal("green"),
    )
    return select(*m.c, light.label("light"))


def _in_region(session: Session, grid: str):
    """Persons in the grid, or in any grid under the region, named by name or code."""
    code = session.scalar(select(Region.code).where(or_(Region.name == grid, Region.code == grid),
                                                    Region.deleted_at.is_(None)))
    if code is None:
        return literal(False)
    upper = code[:-1] + chr(ord(code[-1]) + 1)
    return Person.grid_id.in_(select(Region.id).where(and_(Region.code >= code, Region.code < upper)))


def _row(r, policy: LightPolicy, tz: ZoneInfo, now: datetime, today: date) -> VisitDue:
    anchor = r.last_visit or r.since
    due_on = anchor + timedelta(days=r.every_days) if anchor else None
    return VisitDue(
        person_id=r.person_id, name=r.name, grid=r.grid or "", category=r.category, sensitive=r.sensitive,
        last_visit=r.last_visit, due_on=due_on, days_left=(due_on - today).days if due_on else None,
        light=visit_light(anchor, r.every_days, policy, tz, now),
    )
