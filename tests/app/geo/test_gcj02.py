"""WGS-84 ⇄ GCJ-02: offset size, round trip within a metre, nothing outside China."""

import math

import numpy as np
import pytest

from app.geo.gcj02 import (
    gcj02_to_wgs84,
    geometry_to_gcj02,
    geometry_to_wgs84,
    wgs84_to_gcj02,
)


def metres(a, b) -> float:
    """Distance between two lon/lat points (small distances, local flat approximation)."""
    lat = math.radians((a[1] + b[1]) / 2)
    return math.hypot((a[0] - b[0]) * 111_320 * math.cos(lat), (a[1] - b[1]) * 110_574)


def test_beijing_offset_is_a_few_hundred_metres():
    """Tiananmen shifts by the well-known few hundred metres, to the north-east."""
    wgs = (116.391, 39.907)
    gcj = wgs84_to_gcj02(*wgs)
    assert 300 < metres(wgs, gcj) < 700
    assert gcj[0] > wgs[0] and gcj[1] > wgs[1]


def test_round_trip_within_a_metre_across_china():
    """gcj02_to_wgs84 undoes wgs84_to_gcj02 to well under a metre on a grid over all of China."""
    worst = 0.0
    for lon in np.arange(74.0, 135.0, 2.5):
        for lat in np.arange(18.0, 54.0, 2.0):
            back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
            worst = max(worst, metres((lon, lat), back))
    assert worst < 0.01


def test_arrays_convert_like_scalars():
    """Arrays of points give the same result as converting each point."""
    lons, lats = np.array([116.4, 121.47, 113.26]), np.array([39.9, 31.23, 23.13])
    gx, gy = wgs84_to_gcj02(lons, lats)
    for i in range(3):
        assert (gx[i], gy[i]) == pytest.approx(wgs84_to_gcj02(float(lons[i]), float(lats[i])), abs=1e-12)
    wx, wy = gcj02_to_wgs84(gx, gy)
    assert np.allclose(wx, lons, atol=1e-7) and np.allclose(wy, lats, atol=1e-7)


@pytest.mark.parametrize("point", [(2.3522, 48.8566), (-74.006, 40.7128), (151.21, -33.87), (139.69, 35.69)])
def test_outside_china_unchanged(point):
    """Paris, New York, Sydney, Tokyo: no offset either way."""
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_geometry_round_trip_keeps_structure():
    """A MultiPolygon with a hole keeps its structure and comes back within a metre."""
    outer = [[116.30, 39.90], [116.32, 39.90], [116.32, 39.92], [116.30, 39.92], [116.30, 39.90]]
    hole = [[116.305, 39.905], [116.305, 39.91], [116.31, 39.91], [116.305, 39.905]]
    other = [[116.40, 39.90, 12.5], [116.41, 39.90, 12.5], [116.41, 39.91, 12.5], [116.40, 39.90, 12.5]]
    geometry = {"type": "MultiPolygon", "coordinates": [[outer, hole], [other]]}
    shifted = geometry_to_gcj02(geometry)
    assert metres(shifted["coordinates"][0][0][0], outer[0]) > 300
    assert shifted["coordinates"][1][0][0][2] == 12.5  # altitude kept
    back = geometry_to_wgs84(shifted)
    assert [len(r) for p in back["coordinates"] for r in p] == [5, 4, 4]
    for original, returned in zip([outer, hole, other], [r for p in back["coordinates"] for r in p]):
        assert all(metres(a, b) < 1 for a, b in zip(original, returned))
