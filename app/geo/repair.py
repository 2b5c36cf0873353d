"""Turning a boundary as drawn in a GIS into a valid polygonal shape, or saying why it cannot be.

Boundaries from GIS departments often carry small faults: a ring that touches itself, a
bow-tie where two vertices were swapped, a duplicated closing point. `make_valid` repairs
them without moving any vertex; only the polygonal parts are kept (a repair can leave
stray lines or points). Each repair is reported so the GIS department can fix its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

_REASONS = {
    "Ring Self-intersection": "边界环自身接触",
    "Self-intersection": "边界自相交",
    "Too few points": "边界点数不足",
    "Hole lies outside shell": "内洞在外边界之外",
    "Nested shells": "外边界相互嵌套",
    "Interior is disconnected": "内部被内洞分割",
    "Duplicate Rings": "边界环重复",
    "Nested holes": "内洞相互嵌套",
    "Invalid Coordinate": "坐标无效",
}


@dataclass(frozen=True)
class Cleaned:
    """A usable polygonal geometry with an optional repair note, or a rejection reason."""

    geometry: Polygon | MultiPolygon | None
    repair: str | None = None
    reject: str | None = None


def clean_polygonal(geometry) -> Cleaned:
    """Validate (repairing where safe) a Polygon or MultiPolygon in WGS-84.

    The area is checked by the caller, for all features at once.
    """
    geometry = shapely.force_2d(geometry)
    if geometry.is_empty:
        return Cleaned(None, reject="边界为空")
    repair = None
    if not geometry.is_valid:
        repair = f"{_reason(shapely.is_valid_reason(geometry))}，已自动修复"
        geometry = _polygonal_part(shapely.make_valid(geometry))
        if geometry is None:
            return Cleaned(None, reject="边界无效且修复后不剩任何面")
    return Cleaned(_oriented(geometry), repair=repair)


def _reason(text: str) -> str:
    """GEOS's validity reason in Chinese, keeping the location it names."""
    match = re.match(r"([A-Za-z -]+?)\s*\[\s*([-\d.eE+]+)\s+([-\d.eE+]+)", text or "")
    if not match:
        return f"边界无效（{text}）"
    kind, x, y = match.group(1).strip(), float(match.group(2)), float(match.group(3))
    return f"{_REASONS.get(kind, kind)}（位置 {x:.6f}, {y:.6f}）"


def _polygonal_part(geometry) -> Polygon | MultiPolygon | None:
    """The polygons of a repaired geometry (dropping lines and points), merged into one shape."""
    polygons = [g for g in shapely.get_parts(geometry)
                if isinstance(g, (Polygon, MultiPolygon)) and not g.is_empty]
    parts = [p for g in polygons for p in (g.geoms if isinstance(g, MultiPolygon) else [g])]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _oriented(geometry):
    """Exterior rings counter-clockwise, holes clockwise, as RFC 7946 GeoJSON asks."""
    if isinstance(geometry, Polygon):
        return orient(geometry, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geometry.geoms])
