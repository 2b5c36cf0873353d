"""Follow-up visits that are due (走访提醒, DESIGN §6), lit like cases.

Every live membership of a category with a cadence (`visit_every_days`) has a visit clock:
- it starts when the day of the last visit ends — a visit for that category, or a general visit
  to the person (no category): a grid worker who went to the door has seen the person, whatever
  form was filled in; only visits on or after `since` count — or, never visited, when the day
  the person joined the category (`since`) ends; a membership with neither is due at once (red);
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

from sqlalchemy import Float, Integer, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

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
               limit: int = 100, offset: int = 0) -> VisitsDue:
    """Visit clocks at `now` (optionally in a grid or region — name or code — and of one light),
    sorted by time left, the most overdue first; counts per light ignore the light filter."""
    with database.read() as session:
        tz = district_timezone(session)
        policy = visit_policy(session)
        clocks = _clocks(session, now, tz, policy, grid).subquery("clocks")
        counts = {lit: 0 for lit in Light}
        for value, count in session.execute(select(clocks.c.light, func.count()).group_by(clocks.c.light)):
            counts[Light(value)] = count
        query = select(clocks)
        if light is not None:
            query = query.where(clocks.c.light == light.value)
        query = query.order_by(clocks.c.due_day.is_not(None), clocks.c.due_day, clocks.c.name_pinyin,
                               clocks.c.person_id).limit(limit).offset(offset)
        rows = session.execute(query).all()
    today = now.astimezone(tz).date()
    return VisitsDue(rows=[_row(r, policy, tz, now, today) for r in rows], counts=counts)


def _clocks(session: Session, now: datetime, tz: ZoneInfo, policy: LightPolicy, grid: str | None):
    """The select of every live visit clock with its last visit, due day number and light at `now`.

    The memberships and their last visit are a MATERIALIZED common table expression: the last
    visit is a correlated subquery, and the light uses it five times — inlined, SQLite would
    run it five times per membership.
    """
    today = now.astimezone(tz).date()
    now_days = (now - datetime.combine(_EPOCH, time(), tzinfo=tz)).total_seconds() / 86400
    last_visit = (
        select(func.max(Visit.visited_on))
        .where(Visit.person_id == PersonCategory.person_id,
               or_(Visit.category_id == PersonCategory.category_id, Visit.category_id.is_(None)),
               or_(PersonCategory.since.is_(None), Visit.visited_on >= PersonCategory.since))
        .correlate(PersonCategory).scalar_subquery()
    )
    every = PopulationCategory.visit_every_days
    members = (
        select(PersonCategory.person_id, Person.name, Person.name_pinyin, Region.name.label("grid"),
               PopulationCategory.name.label("category"), PopulationCategory.sensitive,
               every.label("every_days"), last_visit.label("last_visit"), PersonCategory.since)
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .join(Person, Person.id == PersonCategory.person_id)
        .outerjoin(Region, Region.id == Person.grid_id)
        .where(PersonCategory.deleted_at.is_(None), Person.deleted_at.is_(None),
               PopulationCategory.deleted_at.is_(None), every.is_not(None), every > 0,
               or_(PersonCategory.until.is_(None), PersonCategory.until >= today))
    )
    if grid:
        members = members.where(_in_region(session, grid))
    m = members.cte("members").prefix_with("MATERIALIZED")
    anchor = func.coalesce(m.c.last_visit, m.c.since)
    start_day = day_number(anchor) + 1
    now_value = literal(now_days + _EPSILON_DAYS, Float)

    def reached(ratio: float):
        return (start_day + literal(ratio, Float) * m.c.every_days) <= now_value

    light = case(
        (anchor.is_(None), literal("red")),
        (reached(policy.red_ratio), literal("red")),
        (reached(policy.yellow_ratio), literal("yellow")),
        else_=literal("green"),
    )
    return select(*m.c, (start_day - 1 + m.c.every_days).label("due_day"), light.label("light"))


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
