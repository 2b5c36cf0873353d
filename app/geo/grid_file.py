"""Reading a boundary file from a GIS department: a GeoJSON FeatureCollection, fields guessed.

Everything here is about the file alone (no database): which property holds the code, the name
and the parent code; which features are usable; which were repaired. Features are numbered
from 1 in the order of the file, as a GIS user counts them in an attribute table.

A file of any shape gets an answer, never a traceback: what makes the whole file unusable (too
large, not JSON, nested too deep, a malformed `crs`) refuses the file; anything wrong inside one
feature (properties that are not an object, a code that is a list, coordinates that are not
finite numbers, see app/geo/geojson_coordinates.py) rejects that feature with its number.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from shapely.errors import GEOSException
from shapely.geometry import shape

from app.geo.gcj02 import CONVERTERS, convert_geometry
from app.geo.geojson_coordinates import OUT_OF_RANGE, coordinates_problem
from app.geo.projection import areas_m2
from app.geo.repair import clean_polygonal

LEVEL_NAMES = {"district": "区", "street": "街道", "community": "社区", "grid": "网格"}
PARENT_LEVEL = {"grid": "community", "community": "street", "street": "district"}
CODE_MAX, NAME_MAX = 32, 100
POLYGONAL = ("Polygon", "MultiPolygon")
GEOGRAPHIC_CRS = ("4326", "CRS84", "4490")  # WGS-84 and CGCS2000 lon/lat: the same within a metre
MIN_AREA_M2 = 1.0
"""A polygon smaller than this (after repair) is a drawing slip, not a grid."""
MAX_FILE_MB = 100
"""A whole city's grids with detailed boundaries take a few tens of MB; past this the file is
refused before it is read (parsed JSON takes about ten times its size in memory)."""


class GridFileError(Exception):
    """The file (or an option) cannot be used at all; nothing was imported. Chinese message."""


@dataclass(frozen=True)
class FieldChoice:
    """The property names holding code, name and parent code (None: the file has no such field)."""

    code: str
    name: str | None
    parent: str | None


@dataclass(frozen=True)
class GridFeature:
    """One usable feature: its number in the file, code, name, parent code, WGS-84 geometry."""

    index: int
    code: str
    name: str
    parent_code: str | None
    geometry: object
    area_m2: float = 0.0


@dataclass(frozen=True)
class Issue:
    """A rejected or repaired feature: number in the file (from 1), code if known, what happened."""

    index: int
    code: str | None
    message: str

    def describe(self) -> str:
        code = f"（编码 {self.code}）" if self.code else ""
        return f"第 {self.index} 个要素{code}：{self.message}"


@dataclass
class GridFile:
    """The file read: usable features, rejections and repairs, and the fields used."""

    fields: FieldChoice
    features: list[GridFeature] = field(default_factory=list)
    rejects: list[Issue] = field(default_factory=list)
    repairs: list[Issue] = field(default_factory=list)
    total: int = 0


def _guesses(level: str) -> dict[str, list[str]]:
    own = LEVEL_NAMES[level]
    parent = LEVEL_NAMES.get(PARENT_LEVEL.get(level, ""), "")
    return {
        "code": ["编码", "代码", f"{own}编码", f"{own}代码", "网格编码", "网格代码", "code", "bm", "dm"],
        "name": ["名称", f"{own}名称", "网格名称", "name", "mc"],
        "parent": ["上级编码", "上级代码", "父级编码", "所属编码",
                   *([f"所属{parent}编码", f"{parent}编码", f"所属{parent}代码", f"{parent}代码"] if parent else []),
                   "parent", "parent_code", "parentcode", "sjbm"],
    }


def load_feature_collection(path: Path) -> list:
    """The features of a GeoJSON FeatureCollection file, or GridFileError saying what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            raise GridFileError(f"“{path.name}”过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_FILE_MB} MB）；"
                                "请按街道或社区分成几个文件导入")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GridFileError(f"找不到文件“{path}”") from None
    except OSError as exc:
        raise GridFileError(f"无法读取文件“{path}”：{exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GridFileError(f"“{path.name}”不是 UTF-8 编码的 GeoJSON 文件") from None
    except json.JSONDecodeError as exc:
        raise GridFileError(f"“{path.name}”不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列 {exc.msg}") from None
    except RecursionError:
        raise GridFileError(f"“{path.name}”的 JSON 嵌套层数过深，不是 GIS 软件导出的 GeoJSON") from None
    except ValueError:  # an integer of thousands of digits (Python's int/str conversion limit)
        raise GridFileError(f"“{path.name}”含有位数过多的数字，不是 GIS 软件导出的 GeoJSON") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        kind = kind[:40] if isinstance(kind, str) else type(kind).__name__
        raise GridFileError(f"“{path.name}”不是 GeoJSON 要素集（FeatureCollection），而是“{kind}”")
    _check_declared_crs(data, path)
    features = data.get("features")
    if not isinstance(features, list):
        raise GridFileError(f"“{path.name}”缺少 features 列表")
    return features


def _check_declared_crs(data: dict, path: Path) -> None:
    """Refuse a file that declares projected coordinates (old GeoJSON 'crs' member), before
    every one of its features is rejected for being out of range, or whose 'crs' cannot be read.

    The member is {"type": "name", "properties": {"name": "EPSG:4326"}} (or "urn:ogc:def:crs:…");
    the oldest files write {"type": "EPSG", "properties": {"code": 4326}}. RFC 7946 dropped it,
    so a missing or null one means WGS-84.
    """
    crs = data.get("crs")
    if crs is None:
        return
    properties = crs.get("properties") if isinstance(crs, dict) else None
    declared = properties.get("name", properties.get("code")) if isinstance(properties, dict) else None
    if isinstance(declared, int) and not isinstance(declared, bool):
        declared = f"EPSG:{declared}"
    if not isinstance(declared, str) or not declared.strip():
        raise GridFileError(f"“{path.name}”的 crs 成员无法识别（应为 {{\"type\": \"name\", \"properties\": "
                            "{\"name\": \"EPSG:4326\"}}）；请在 GIS 软件中重新导出为 GeoJSON")
    if not any(tag in declared.upper() for tag in GEOGRAPHIC_CRS):
        raise GridFileError(f"“{path.name}”的坐标系为“{declared[:60]}”，不是经纬度；"
                            "请在 GIS 软件中导出为 WGS-84（EPSG:4326）或 CGCS2000（EPSG:4490）经纬度")


def choose_fields(features: list, level: str, code: str | None, name: str | None,
                  parent: str | None) -> FieldChoice:
    """The fields named by the user (which must exist) or guessed from the usual Chinese names."""
    present: dict[str, str] = {}
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        for key in props if isinstance(props, dict) else ():
            present.setdefault(str(key).strip().lower(), str(key))
    shown = "、".join(present.values()) or "（无）"
    guesses = _guesses(level)

    def pick(option: str, given: str | None, role: str) -> str | None:
        if given:
            if given.strip().lower() not in present:
                raise GridFileError(f"{option} 指定的字段“{given}”在文件中不存在；文件中的字段：{shown}")
            return present[given.strip().lower()]
        return next((present[g.lower()] for g in guesses[role] if g.lower() in present), None)

    chosen_code = pick("--code-field", code, "code")
    if chosen_code is None:
        raise GridFileError(f"找不到编码字段（如 编码、代码、code），请用 --code-field 指定；文件中的字段：{shown}")
    return FieldChoice(code=chosen_code, name=pick("--name-field", name, "name"),
                       parent=pick("--parent-field", parent, "parent"))


def read_grid_file(path: Path, level: str, *, code_field: str | None = None, name_field: str | None = None,
                   parent_field: str | None = None, crs: str = "wgs84") -> GridFile:
    """Read and check every feature; duplicates of a code reject all its features."""
    if level not in PARENT_LEVEL:
        raise GridFileError(f"--level 的值“{level}”无效，应为 grid、community 或 street")
    if crs not in CONVERTERS:
        raise GridFileError(f"--crs 的值“{crs}”无效，应为 wgs84 或 gcj02")
    features = load_feature_collection(path)
    result = GridFile(fields=choose_fields(features, level, code_field, name_field, parent_field),
                      total=len(features))
    for index, feature in enumerate(features, start=1):
        item = _read_feature(index, feature, result, CONVERTERS[crs])
        if item is not None:
            result.features.append(item)
    _measure_areas(result)
    _reject_duplicates(result)
    return result


def _measure_areas(result: GridFile) -> None:
    """Fill in each feature's area (one vectorised pass) and reject the ones of about zero area."""
    keep = []
    areas = areas_m2([item.geometry for item in result.features])
    for item, area in zip(result.features, areas.tolist()):
        if area < MIN_AREA_M2:
            result.rejects.append(Issue(item.index, item.code, f"边界面积约为 0（{area:.2f} 平方米）"))
        else:
            keep.append(replace(item, area_m2=area))
    result.features = keep
    result.rejects.sort(key=lambda issue: issue.index)


class _NotText(ValueError):
    """A property that should be a code or a name holds a list or an object."""


def _text(value) -> str:
    """A property value as text; integral numbers without '.0' (codes are often stored as numbers)."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise _NotText
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_feature(index: int, feature, result: GridFile, to_wgs84) -> GridFeature | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        result.rejects.append(Issue(index, None, "不是 GeoJSON 要素（Feature）"))
        return None
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        kind = "列表" if isinstance(props, list) else "文字" if isinstance(props, str) else "数值"
        result.rejects.append(Issue(index, None, f"属性（properties）是{kind}，应为“字段: 值”的对象"))
        return None
    fields = result.fields
    try:
        code = _text(props.get(fields.code))
        name = _text(props.get(fields.name)) if fields.name else ""
        parent = _text(props.get(fields.parent)) if fields.parent else ""
    except _NotText:
        result.rejects.append(Issue(index, None, "编码、名称或上级编码的值是列表或对象，应为文字或数字"))
        return None
    reject = _feature_problem(code, feature.get("geometry"), fields)
    if reject is None:
        geometry, reject = _geometry(feature["geometry"], to_wgs84, index, code, result)
    if reject is not None:
        result.rejects.append(Issue(index, code or None, reject))
        return None
    if len(name) > NAME_MAX:
        result.rejects.append(Issue(index, code, f"名称超过 {NAME_MAX} 个字符"))
        return None
    return GridFeature(index=index, code=code, name=name or code, parent_code=parent or None, geometry=geometry)


def _feature_problem(code: str, geometry, fields: FieldChoice) -> str | None:
    if not code:
        return f"缺少编码（字段“{fields.code}”为空）"
    if len(code) > CODE_MAX:
        return f"编码超过 {CODE_MAX} 个字符"
    if not isinstance(geometry, dict) or not geometry.get("type"):
        return "没有几何图形"
    if not isinstance(geometry["type"], str) or geometry["type"] not in POLYGONAL:
        if not isinstance(geometry["type"], str):
            return "几何类型不是文字，应为 Polygon 或 MultiPolygon"
        return f"几何类型为 {geometry['type'][:40]}，应为 Polygon 或 MultiPolygon"
    return coordinates_problem(geometry)


def _geometry(geojson: dict, to_wgs84, index: int, code: str, result: GridFile):
    """(shapely geometry in WGS-84, None) or (None, reason)."""
    try:
        if to_wgs84 is not None:
            geojson = convert_geometry(geojson, to_wgs84)
        geometry = shape(geojson)
        minx, miny, maxx, maxy = geometry.bounds if not geometry.is_empty else (0, 0, 0, 0)
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            return None, OUT_OF_RANGE
        cleaned = clean_polygonal(geometry)
    except (ValueError, TypeError, IndexError, KeyError, GEOSException) as exc:
        return None, f"几何坐标无法读取（{str(exc)[:120]}）"
    if cleaned.reject:
        return None, cleaned.reject
    if cleaned.repair:
        result.repairs.append(Issue(index, code, cleaned.repair))
    return cleaned.geometry, None


def _reject_duplicates(result: GridFile) -> None:
    """A code used by several features: none of them is imported (which one is right is unclear)."""
    seen: dict[str, list[int]] = {}
    for item in result.features:
        seen.setdefault(item.code, []).append(item.index)
    duplicated = {code: idx for code, idx in seen.items() if len(idx) > 1}
    if not duplicated:
        return
    keep = []
    for item in result.features:
        if item.code in duplicated:
            others = "、".join(str(i) for i in duplicated[item.code])
            result.rejects.append(Issue(item.index, item.code, f"编码在文件中重复（第 {others} 个要素）"))
        else:
            keep.append(item)
    result.features = keep
    result.rejects.sort(key=lambda issue: issue.index)
