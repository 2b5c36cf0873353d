"""Regions lying outside their parent's boundary: imported, and warned about in the report.

A wrong parent code, or a boundary exported in another coordinate system or shifted by a typo,
puts a grid far from the community it claims to belong to — 2,000 km away, say. The program
cannot tell which side is wrong, so it does not refuse the feature; it names it, with the share
of its area inside the parent and the distance between the two, for the GIS department to check.
Drawn borders never match exactly, so a region counts as outside only when less than half of
its area lies within its parent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry import shape
from shapely.ops import nearest_points

from app.geo.projection import AUTHALIC_RADIUS_M

INSIDE_SHARE_MIN = 0.5


@dataclass(frozen=True)
class OutsideParent:
    """A region with less than half of its area inside its parent; `distance_m` is 0 when they meet."""

    code: str
    parent_code: str
    parent_name: str
    parent_level: str
    inside_share: float
    distance_m: float


def outside_parent(code: str, geometry, parent) -> OutsideParent | None:
    """The warning for a region (WGS-84 geometry) and its parent row, or None when it lies
    mostly inside, or when the parent has no boundary to compare with."""
    if not parent.boundary:
        return None
    try:
        parent_shape = shape(parent.boundary)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.GEOSException):
        return None
    area = geometry.area
    inside = geometry.intersection(parent_shape).area / area if area > 0 else 0.0
    if inside >= INSIDE_SHARE_MIN:
        return None
    return OutsideParent(code=code, parent_code=parent.code, parent_name=parent.name, parent_level=parent.level,
                         inside_share=inside, distance_m=_distance_m(geometry, parent_shape))


def _distance_m(a, b) -> float:
    """Great-circle distance between the nearest points of two lon/lat shapes (0 if they meet)."""
    if a.intersects(b):
        return 0.0
    p, q = nearest_points(a, b)
    lon1, lat1, lon2, lat2 = map(math.radians, (p.x, p.y, q.x, q.y))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * AUTHALIC_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
