"""Point-in-grid lookup with a shapely STRtree, built once from the grid boundaries."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.geo.shapes import geometries_from_dicts
from db.schema import Region


class GridLocator:
    """Answers "which grid contains this point" for many points quickly."""

    def __init__(self, grids: Iterable[tuple[uuid.UUID, dict]]):
        kept = [(grid_id, geojson) for grid_id, geojson in grids if geojson]
        self._ids: list[uuid.UUID] = [grid_id for grid_id, _ in kept]
        self._geometries = geometries_from_dicts([geojson for _, geojson in kept])
        self._tree = shapely.STRtree(self._geometries) if self._ids else None

    @classmethod
    def from_session(cls, session: Session, level: str = "grid") -> GridLocator:
        """A locator over every live region of `level` that has a boundary.

        Ordered by code, so a point on a shared border always goes to the same grid.
        """
        rows = session.execute(
            select(Region.id, Region.boundary)
            .where(Region.level == level, Region.deleted_at.is_(None), Region.boundary.is_not(None))
            .order_by(Region.code)
        )
        return cls(rows)

    @property
    def ids(self) -> list[uuid.UUID]:
        """The grids in locator order (what `locate_indices` positions refer to)."""
        return list(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def locate(self, lon: float, lat: float) -> uuid.UUID | None:
        """The grid containing the point (on a shared border: the first one found), or None."""
        if self._tree is None:
            return None
        hits = self._tree.query(Point(lon, lat), predicate="intersects")
        return self._ids[int(min(hits))] if len(hits) else None

    def locate_many(self, lons, lats) -> list[uuid.UUID | None]:
        """Grids for many points in one vectorised query (imports, reassignment, benches).

        On a shared border the grid listed first wins, as in `locate`, so one point gets the
        same answer either way.
        """
        index = self.locate_indices(lons, lats)
        ids = self._ids
        return [ids[i] if i >= 0 else None for i in index.tolist()]

    def locate_indices(self, lons, lats) -> np.ndarray:
        """Per point the position of its grid in this locator (-1: none), without Python loops."""
        lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        result = np.full(lons.shape[0], -1, dtype=np.int64)
        if self._tree is None or lons.shape[0] == 0:
            return result
        point_idx, grid_idx = self._tree.query(shapely.points(lons, lats), predicate="intersects")
        if point_idx.size:
            order = np.lexsort((grid_idx, point_idx))  # by point, then lowest grid first
            point_idx, grid_idx = point_idx[order], grid_idx[order]
            first = np.ones(point_idx.size, dtype=bool)
            first[1:] = point_idx[1:] != point_idx[:-1]
            result[point_idx[first]] = grid_idx[first]
        return result
