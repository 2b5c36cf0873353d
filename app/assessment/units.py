"""The units an assessment table lists, and how grid counts roll up to communities and streets.

Every unit of the level is listed, also those without a case in the period (a ranking must
show them). Grids, communities and streets are regions of that level; a grid's counts are
added to the community and the street above it. Grid workers are staff whose role is a grid
worker's; a case belongs to the worker who reported it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assessment.figures import Tally
from app.assessment.queries import raw_key
from db.schema import Department, Region, Staff

LEVELS = {"department": "部门", "grid": "网格", "community": "社区", "street": "街道", "worker": "网格员"}
GRID_WORKER_ROLES = ("grid_worker", "part_time_grid_worker")


@dataclass(frozen=True)
class Unit:
    key: object
    name: str
    code: str


def units_of(session: Session, level: str) -> list[Unit]:
    """The units of `level`, by code."""
    if level == "department":
        rows = session.execute(select(raw_key(Department.id), Department.name, Department.code)
                               .where(Department.deleted_at.is_(None)).order_by(Department.code))
    elif level == "worker":
        rows = session.execute(select(Staff.login, Staff.name, Staff.login)
                               .where(Staff.role.in_(GRID_WORKER_ROLES), Staff.deleted_at.is_(None))
                               .order_by(Staff.login))
    else:
        rows = session.execute(select(raw_key(Region.id), Region.name, Region.code)
                               .where(Region.level == level, Region.deleted_at.is_(None)).order_by(Region.code))
    return [Unit(key, name, code) for key, name, code in rows]


def rolled_up(session: Session, level: str, tallies: dict) -> dict:
    """The tallies keyed by the unit of `level`: grid tallies added to their community or street."""
    if level not in ("community", "street"):
        return tallies
    parents, levels = {}, {}
    for region_id, parent_id, region_level in session.execute(select(raw_key(Region.id), raw_key(Region.parent_id), Region.level)):
        parents[region_id], levels[region_id] = parent_id, region_level
    result: dict = {}
    for grid_id, tally in tallies.items():
        unit = grid_id
        while unit is not None and levels.get(unit) != level:
            unit = parents.get(unit)
        if unit is not None:
            result.setdefault(unit, Tally()).add(tally)
    return result
