"""Choice lists for the ledger's filters and forms: the region tree, buildings, categories.

The region list is the tree beneath the district (streets, communities, grids) in depth-first
order with each entry's depth, so a combobox can indent it and a pick at any level filters the
ledger to everything beneath.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from app.people.categories import CategoryInfo, load_categories
from app.people.ledger_sets import grid_ids_under
from db.engine import Database
from db.schema import Building, Region, Room
from db.schema.people import RESIDENCE_TYPES

__all__ = ["RESIDENCE_TYPES", "CategoryInfo", "RegionChoice", "building_choices", "category_choices",
           "region_choices", "room_choices"]


@dataclass(frozen=True, kw_only=True)
class RegionChoice:
    """A street, community or grid: its code, name, level and depth below the top level shown."""

    code: str
    name: str
    level: str
    depth: int
    region_id: uuid.UUID


def region_choices(database: Database) -> list[RegionChoice]:
    """Every region below the district level, depth-first in code order."""
    with database.read() as session:
        regions = session.execute(
            select(Region.id, Region.code, Region.name, Region.level, Region.parent_id)
            .where(Region.deleted_at.is_(None)).order_by(Region.code)).all()
    children: dict[uuid.UUID | None, list] = {}
    known = {region.id for region in regions}
    for region in regions:
        parent = region.parent_id if region.parent_id in known else None
        children.setdefault(parent, []).append(region)
    out: list[RegionChoice] = []

    def walk(parent, depth: int) -> None:
        for region in children.get(parent, ()):
            shown = region.level != "district"
            if shown:
                out.append(RegionChoice(code=region.code, name=region.name, level=region.level, depth=depth,
                                        region_id=region.id))
            walk(region.id, depth + 1 if shown else depth)

    walk(None, 0)
    return out


def building_choices(database: Database, region_code: str | None = None) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the buildings in a region (all of them without one), by name."""
    with database.read() as session:
        query = select(Building.id, Building.name).where(Building.deleted_at.is_(None)).order_by(Building.code)
        if region_code:
            grids = grid_ids_under(session, region_code) or []
            query = query.where(Building.grid_id.in_(grids))
        return [(row.id, row.name) for row in session.execute(query)]


def room_choices(database: Database, building_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """(id, number) of the rooms of a building, in number order."""
    with database.read() as session:
        rows = session.execute(select(Room.id, Room.number).where(
            Room.building_id == building_id, Room.deleted_at.is_(None)).order_by(Room.number))
        return [(row.id, row.number) for row in rows]


def category_choices(database: Database) -> list[CategoryInfo]:
    """The population categories in their configured order (app.people.categories)."""
    with database.read() as session:
        return load_categories(session)
