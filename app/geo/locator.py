"""Point-in-grid lookup with a shapely STRtree, built once from the grid boundaries."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import shapely
from shapely.geometry import Point, shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.schema import Region


class GridLocator:
    """Answers "which grid contains this point" for many points quickly."""

    def __init__(self, grids: Iterable[tuple[uuid.UUID, dict]]):
        self._ids: list[uuid.UUID] = []
        geometries = []
        for grid_id, geojson in grids:
            if not geojson:
                continue
            self._ids.append(grid_id)
            geometries.append(shape(geojson))
        self._geometries = geometries
        self._tree = shapely.STRtree(geometries) if geometries else None

    @classmethod
    def from_session(cls, session: Session, level: str = "grid") -> GridLocator:
        """A locator over every live region of `level` that has a boundary."""
        rows = session.execute(
            select(Region.id, Region.boundary)
            .where(Region.level == level, Region.deleted_at.is_(None), Region.boundary.is_not(None))
        )
        return cls(rows)

    def __len__(self) -> int:
        return len(self._ids)

    def locate(self, lon: float, lat: float) -> uuid.UUID | None:
        """The grid containing the point (on a shared border: the first one found), or None."""
        if self._tree is None:
            return None
        hits = self._tree.query(Point(lon, lat), predicate="intersects")
        return self._ids[int(min(hits))] if len(hits) else None

    def locate_many(self, points: list[tuple[float, float]]) -> list[uuid.UUID | None]:
        """Grids for many points in one vectorised query (imports, recomputation)."""
        result: list[uuid.UUID | None] = [None] * len(points)
        if self._tree is None or not points:
            return result
        geoms = shapely.points(points)
        point_idx, grid_idx = self._tree.query(geoms, predicate="intersects")
        for p, g in sorted(zip(point_idx.tolist(), grid_idx.tolist()), reverse=True):
            result[p] = self._ids[g]
        return result
