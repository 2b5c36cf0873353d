"""WGS-84 ⇄ GCJ-02 (the "Mars" datum of Chinese online maps), for points, arrays and GeoJSON.

Cases and grid boundaries are stored in WGS-84; Chinese online basemaps (AutoNavi/Gaode,
Tencent …) draw in GCJ-02, shifted by a few hundred metres. The forward transformation is the
published one (Krasovsky ellipsoid constants and the two trigonometric series); it has no
closed inverse, so `gcj02_to_wgs84` iterates the forward function until the round trip is
exact to ~1 mm. Outside China's rough bounding box no offset is applied, as the published
algorithm does. Every function takes scalars or numpy arrays.
"""

from __future__ import annotations

import math

import numpy as np

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid used by the datum
_EE = 0.00669342162296594323  # its first eccentricity squared
_INVERSE_TOLERANCE_DEG = 1e-9  # ~0.1 mm
_INVERSE_MAX_STEPS = 30


def outside_china(lon, lat):
    """True where the point lies outside the box in which the offset is applied."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _series_lat(x, y):
    result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    result += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    result += (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    result += (160.0 * np.sin(y / 12.0 * math.pi) + 320.0 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return result


def _series_lon(x, y):
    result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    result += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    result += (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    result += (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return result


def _offset(lon, lat):
    """(Δlon, Δlat) in degrees that GCJ-02 adds to a WGS-84 point; zero outside China."""
    d_lat = _series_lat(lon - 105.0, lat - 35.0)
    d_lon = _series_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * math.pi)
    outside = outside_china(lon, lat)
    return np.where(outside, 0.0, d_lon), np.where(outside, 0.0, d_lat)


def _result(lon, lat, scalar: bool):
    return (float(lon), float(lat)) if scalar else (lon, lat)


def wgs84_to_gcj02(lon, lat):
    """GCJ-02 coordinates of a WGS-84 point (or arrays of points)."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    d_lon, d_lat = _offset(lon, lat)
    return _result(lon + d_lon, lat + d_lat, scalar)


def gcj02_to_wgs84(lon, lat):
    """WGS-84 coordinates of a GCJ-02 point, by fixed-point iteration of the forward offset.

    The offset changes slowly with position, so w ← g − offset(w) converges in a few steps.
    """
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    g_lon, g_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(_INVERSE_MAX_STEPS):
        d_lon, d_lat = _offset(w_lon, w_lat)
        next_lon, next_lat = g_lon - d_lon, g_lat - d_lat
        change = max(float(np.max(np.abs(next_lon - w_lon), initial=0.0)),
                     float(np.max(np.abs(next_lat - w_lat), initial=0.0)))
        w_lon, w_lat = next_lon, next_lat
        if change < _INVERSE_TOLERANCE_DEG:
            break
    return _result(w_lon, w_lat, scalar)


CONVERTERS = {"wgs84": None, "gcj02": gcj02_to_wgs84}
"""How to bring coordinates in each supported datum to WGS-84 (None: already WGS-84)."""


def convert_geometry(geometry: dict, convert) -> dict:
    """A copy of a GeoJSON geometry dict with every position passed through `convert(lons, lats)`.

    Works on any geometry type (GeometryCollection included); extra values in a position
    (altitude) are kept.
    """
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return {**geometry, "geometries": [convert_geometry(g, convert) for g in geometry.get("geometries", [])]}
    return {**geometry, "coordinates": _convert_nested(geometry.get("coordinates"), convert)}


def _convert_nested(coords, convert):
    if not isinstance(coords, (list, tuple)) or not coords:
        return coords
    if isinstance(coords[0], (int, float)):
        lon, lat = convert(float(coords[0]), float(coords[1]))
        return [lon, lat, *coords[2:]]
    if isinstance(coords[0], (list, tuple)) and coords[0] and isinstance(coords[0][0], (int, float)):
        arr = np.array([[float(p[0]), float(p[1])] for p in coords])
        lons, lats = convert(arr[:, 0], arr[:, 1])
        return [[float(x), float(y), *p[2:]] for x, y, p in zip(lons, lats, coords)]
    return [_convert_nested(part, convert) for part in coords]


def geometry_to_gcj02(geometry: dict) -> dict:
    """A stored (WGS-84) GeoJSON geometry shifted for display on a GCJ-02 basemap."""
    return convert_geometry(geometry, wgs84_to_gcj02)


def geometry_to_wgs84(geometry: dict) -> dict:
    """A GeoJSON geometry drawn on a GCJ-02 map, brought back to WGS-84 for storage."""
    return convert_geometry(geometry, gcj02_to_wgs84)
