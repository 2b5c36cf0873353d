"""Finding grids that overlap (more than a sliver) — reported to the GIS department, not refused.

Neighbouring grids share borders, so touching is normal; only an intersection with area above
a tolerance counts. All pairs are found in one STRtree query and measured in one vectorised
intersection, in an equal-area projection so the area is in square metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from app.geo.projection import project_equal_area

OVERLAP_TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class Overlap:
    """Two grids whose interiors overlap by `area_m2` square metres."""

    code_a: str
    code_b: str
    area_m2: float


def find_overlaps(codes: list[str], geometries: list, involving: set[str] | None = None,
                  tolerance_m2: float = OVERLAP_TOLERANCE_M2) -> list[Overlap]:
    """Pairs among `geometries` (WGS-84) overlapping by more than the tolerance, largest first.

    With `involving`, only pairs with at least one of those codes are reported (the features of
    the file just imported, not old overlaps between untouched grids).
    """
    if len(geometries) < 2:
        return []
    array = np.asarray(geometries, dtype=object)
    bounds = shapely.total_bounds(array)
    projected = project_equal_area(array, lat0=(bounds[1] + bounds[3]) / 2)
    left, right = shapely.STRtree(projected).query(projected, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if involving is not None:
        mark = np.array([code in involving for code in codes])
        keep = mark[left] | mark[right]
        left, right = left[keep], right[keep]
    if left.size == 0:
        return []
    areas = shapely.area(shapely.intersection(projected[left], projected[right]))
    found = [Overlap(codes[a], codes[b], float(area))
             for a, b, area in zip(left.tolist(), right.tolist(), areas.tolist()) if area > tolerance_m2]
    return sorted(found, key=lambda o: (-o.area_m2, o.code_a, o.code_b))
