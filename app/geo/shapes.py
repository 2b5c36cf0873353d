"""Stored GeoJSON geometry dicts to shapely geometries, many at once."""

from __future__ import annotations

import json

import numpy as np
import shapely


def geometries_from_dicts(dicts: list[dict]) -> np.ndarray:
    """Shapely geometries for GeoJSON geometry dicts (as stored in Region.boundary).

    GEOS's own GeoJSON reader over the serialised dicts is about three times faster than
    building each geometry in Python, which matters when a locator is made from 2,000 grids.
    """
    if not dicts:
        return np.empty(0, dtype=object)
    return shapely.from_geojson([json.dumps(d) for d in dicts])
