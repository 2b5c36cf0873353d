"""GridLocator: one point or many, the same answer, shared borders decided the same way."""

import uuid

import numpy as np

from app.geo.locator import GridLocator
from tests.app.geo.samples import LAT0, LON0, centre, polygon, ring

WEST, EAST = uuid.UUID(int=1), uuid.UUID(int=2)


def two_cells() -> GridLocator:
    return GridLocator([(WEST, polygon(ring(0, 0))), (EAST, polygon(ring(1, 0))), (uuid.UUID(int=3), None)])


def test_locate_many_matches_locate():
    """Inside each cell, on the shared border, on the outer corner and outside: same answers."""
    locator = two_cells()
    points = [centre(0, 0), centre(1, 0), (LON0 + 0.01, LAT0 + 0.005), (LON0, LAT0), centre(5, 5)]
    lons, lats = np.array(points).T
    assert locator.locate_many(lons, lats) == [locator.locate(x, y) for x, y in points]
    assert locator.locate_many(lons, lats) == [WEST, EAST, WEST, WEST, None]
    assert len(locator) == 2 and locator.ids == [WEST, EAST]


def test_empty_inputs():
    """No grids, or no points: nothing found, no error."""
    assert GridLocator([]).locate_many([116.3], [39.9]) == [None]
    assert GridLocator([]).locate(116.3, 39.9) is None
    assert two_cells().locate_many([], []) == []
