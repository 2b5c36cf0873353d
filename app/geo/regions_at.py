"""Which regions (grid, community, street, district) contain a point, smallest first."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import shape
from sqlalchemy import select

from app.geo.gcj02 import CONVERTERS
from app.geo.grid_import import LEVEL_RANK
from db.engine import Database
from db.schema import Region


@dataclass(frozen=True)
class RegionHit:
    """A region containing the point."""

    level: str
    code: str
    name: str
    area_m2: float | None


def regions_at(database: Database, lon: float, lat: float, crs: str = "wgs84") -> list[RegionHit]:
    """The live regions whose boundary contains (or has on its border) the point.

    The bounding-box columns pick the candidates in SQL; shapely decides. Ordered from the
    lowest level up (grid before community before street), smaller areas first within a level.
    """
    convert = CONVERTERS[crs]
    if convert is not None:
        lon, lat = convert(lon, lat)
    point = shapely.Point(lon, lat)
    with database.read() as session:
        rows = session.execute(
            select(Region.level, Region.code, Region.name, Region.area_m2, Region.boundary)
            .where(Region.deleted_at.is_(None), Region.boundary.is_not(None),
                   Region.min_lon <= lon, Region.max_lon >= lon, Region.min_lat <= lat, Region.max_lat >= lat)
        ).all()
    hits = [RegionHit(r.level, r.code, r.name, r.area_m2) for r in rows if shape(r.boundary).intersects(point)]
    return sorted(hits, key=lambda h: (-LEVEL_RANK.get(h.level, -1), h.area_m2 or 0.0, h.code))
