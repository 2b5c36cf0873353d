"""Areas in square metres for WGS-84 polygons, through an equal-area projection.

Lambert's cylindrical equal-area projection on the authalic sphere preserves area everywhere,
whatever its standard parallel (the ellipsoid/sphere difference is ~0.1 %), needs no
projection library, and projects thousands of polygons in one vectorised call. The standard
parallel only changes shapes; overlaps are measured with it near the district.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

AUTHALIC_RADIUS_M = 6371007.2


def project_equal_area(geometries, lat0: float = 0.0):
    """The geometries (one, or an array) in metres, standard parallel at `lat0` degrees."""
    k = math.cos(math.radians(lat0)) or 1e-9

    def to_metres(coords: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(coords[:, 0]), np.radians(coords[:, 1])
        return np.column_stack((AUTHALIC_RADIUS_M * lon * k, AUTHALIC_RADIUS_M * np.sin(lat) / k))

    return shapely.transform(geometries, to_metres)


def areas_m2(geometries) -> np.ndarray:
    """Areas of many WGS-84 geometries in square metres, in one pass."""
    array = np.asarray(geometries, dtype=object)
    return shapely.area(project_equal_area(array)) if array.size else np.zeros(0)


def area_m2(geometry) -> float:
    """Area of one WGS-84 geometry in square metres."""
    return float(shapely.area(project_equal_area(geometry)))
