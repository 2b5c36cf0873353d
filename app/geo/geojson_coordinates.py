"""Checking a GeoJSON polygon's coordinates before shapely sees them.

A boundary file is written by other programs, or by hand. Shapely and GEOS assume well-formed
input: a NaN makes GEOS throw, a number too large for a float overflows, a string is silently
read as a number, nesting deeper than the type allows ends in a RecursionError. So the
coordinates are walked here first, without recursion, and the first fault found is named in
words a GIS user recognises; only a feature that passes is handed to shapely.
"""

from __future__ import annotations

import math

#: How deep the positions lie: Polygon → rings → positions; MultiPolygon → polygons → rings → positions.
POSITION_DEPTH = {"Polygon": 2, "MultiPolygon": 3}
_SHAPES = {
    "Polygon": "由环组成的列表，每个环由 [经度, 纬度] 点组成",
    "MultiPolygon": "由多边形组成的列表，每个多边形由环组成，每个环由 [经度, 纬度] 点组成",
}
OUT_OF_RANGE = "坐标超出经纬度范围（可能是投影坐标，请先转换为 WGS-84 或 GCJ-02 经纬度）"


def coordinates_problem(geometry: dict) -> str | None:
    """What is wrong with a Polygon's or MultiPolygon's coordinates (the first fault in file
    order), or None when every position is two or three finite numbers within lon/lat range."""
    kind = geometry["type"]
    depth = POSITION_DEPTH[kind]
    pending = [(geometry.get("coordinates"), 0)]
    while pending:
        value, level = pending.pop()
        if level == depth:
            problem = _position_problem(value, kind)
            if problem is not None:
                return problem
        elif isinstance(value, list):
            pending.extend((item, level + 1) for item in reversed(value))
        else:
            return _wrong_shape(kind)
    return None


def _position_problem(value, kind: str) -> str | None:
    if not isinstance(value, list) or any(isinstance(item, list) for item in value):
        return _wrong_shape(kind)
    if not 2 <= len(value) <= 3:
        return f"坐标点应有 2 或 3 个数值（经度、纬度、高程），而有 {len(value)} 个"
    for number in value:
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            return f"坐标不是数字（{_describe(number)}）"
        if isinstance(number, float) and not math.isfinite(number):
            return "坐标不是有限数值（NaN 或无穷大）"
    lon, lat = value[0], value[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return OUT_OF_RANGE
    return None


def _wrong_shape(kind: str) -> str:
    return f"坐标的结构不符合 {kind}（应为{_SHAPES[kind]}）"


def _describe(value) -> str:
    """A short, safe rendering of a JSON value that should have been a number."""
    if isinstance(value, str):
        return f"文字“{value[:20]}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return "列表" if isinstance(value, list) else "对象"
