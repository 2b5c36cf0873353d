"""A fictional demo district (青澜区) laid on real coastal coordinates near Qingdao.

Grids are the cells of a jittered lattice: neighbours share their vertices and edge bends, so
the cells tile the district rectangle exactly with no gaps or overlaps. Communities are runs of
a lane-by-lane snake through each street's block, which keeps every community one connected area.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from shapely.geometry import Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

COUNTY_CODE = "370299"
DISTRICT_NAME = "青澜区"
WEST, EAST = 120.08, 120.22
SOUTH, NORTH = 35.925, 36.01
COLUMNS, ROWS = 21, 14
VERTEX_JITTER = 0.2
EDGE_BEND = 0.06
_DIGITS = 7
_METRES_PER_DEGREE_LAT = 110_574.0
_METRES_PER_DEGREE_LON = 111_320.0

Ring = tuple[tuple[float, float], ...]
_Cell = tuple[int, int]


class _Area:
    """Shared geometry helpers for anything whose shape is the union of grid polygons."""

    @property
    def boundary(self) -> BaseGeometry:
        """The shapely geometry of the area (a Polygon when the area is connected)."""
        return self._shape

    @property
    def geojson(self) -> dict:
        """The boundary as a GeoJSON geometry dict (WGS-84 lon/lat), ready to store."""
        return mapping(self._shape)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The bounding box as (min_lon, min_lat, max_lon, max_lat)."""
        return self._shape.bounds

    @property
    def area_m2(self) -> float:
        """Approximate area in square metres (local equirectangular scale, fine at this size)."""
        lon_scale = _METRES_PER_DEGREE_LON * math.cos(math.radians(self._shape.centroid.y))
        return self._shape.area * _METRES_PER_DEGREE_LAT * lon_scale


@dataclass(frozen=True, kw_only=True)
class Grid(_Area):
    """A grid cell (网格): 15-digit code, name and a closed (lon, lat) ring, first == last."""

    code: str
    name: str
    polygon: Ring

    @cached_property
    def _shape(self) -> Polygon:
        return Polygon(self.polygon)

    @property
    def centroid(self) -> tuple[float, float]:
        """The (lon, lat) of the cell's centroid, e.g. to place a label or a default case."""
        point = self._shape.centroid
        return (point.x, point.y)


@dataclass(frozen=True, kw_only=True)
class Community(_Area):
    """A community or village (社区/村): 12-digit code, name and its grids in sequence order."""

    code: str
    name: str
    grids: tuple[Grid, ...]

    @cached_property
    def _shape(self) -> BaseGeometry:
        return unary_union([grid.boundary for grid in self.grids])


@dataclass(frozen=True, kw_only=True)
class Street(_Area):
    """A street or town (街道/镇): 9-digit code, name and its communities."""

    code: str
    name: str
    communities: tuple[Community, ...]

    @cached_property
    def _shape(self) -> BaseGeometry:
        return unary_union([community.boundary for community in self.communities])

    def all_grids(self) -> tuple[Grid, ...]:
        """Every grid of the street, community by community."""
        return tuple(grid for community in self.communities for grid in community.grids)


@dataclass(frozen=True, kw_only=True)
class District(_Area):
    """The district (区): 6-digit county code, name and its streets."""

    code: str
    name: str
    streets: tuple[Street, ...]

    @cached_property
    def _shape(self) -> BaseGeometry:
        return unary_union([street.boundary for street in self.streets])

    def all_communities(self) -> tuple[Community, ...]:
        """Every community of the district, street by street."""
        return tuple(community for street in self.streets for community in street.communities)

    def all_grids(self) -> tuple[Grid, ...]:
        """Every grid of the district, street by street and community by community."""
        return tuple(grid for street in self.streets for grid in street.all_grids())

    def walk(self) -> Iterator[tuple[Street, Community, Grid]]:
        """Yield (street, community, grid) for every grid, parents first, for bulk loading."""
        for street in self.streets:
            for community in street.communities:
                for grid in community.grids:
                    yield street, community, grid

    def grid_by_code(self, code: str) -> Grid:
        """The grid with this 15-digit code; KeyError with a Chinese message if there is none."""
        for grid in self.all_grids():
            if grid.code == code:
                return grid
        raise KeyError(f"演示辖区中没有编码为 {code} 的网格")


@dataclass(frozen=True, kw_only=True)
class _StreetPlan:
    code: str
    name: str
    columns: range
    rows: range
    communities: tuple[tuple[str, str], ...]


_STREET_PLANS = (
    _StreetPlan(code="001", name="澜湾街道", columns=range(7, 14), rows=range(0, 8), communities=(
        ("001", "海棠社区"), ("002", "望海社区"), ("003", "听涛社区"),
        ("004", "银沙社区"), ("005", "金湾社区"), ("006", "星港社区"))),
    _StreetPlan(code="002", name="望潮街道", columns=range(14, 21), rows=range(0, 5), communities=(
        ("001", "白鹭社区"), ("002", "鸥鸣社区"), ("003", "渔光社区"), ("004", "潮音社区"))),
    _StreetPlan(code="003", name="鹤滨街道", columns=range(0, 7), rows=range(0, 7), communities=(
        ("001", "鹤鸣社区"), ("002", "晴川社区"), ("003", "锦绣社区"),
        ("004", "紫荆社区"), ("005", "兰亭社区"))),
    _StreetPlan(code="004", name="松岭街道", columns=range(7, 14), rows=range(8, 14), communities=(
        ("001", "松涛社区"), ("002", "枫林社区"), ("003", "翠竹社区"), ("004", "梧桐社区"))),
    _StreetPlan(code="101", name="石湾镇", columns=range(0, 7), rows=range(7, 14), communities=(
        ("001", "石湾社区"), ("201", "后柳村"), ("202", "东岭村"),
        ("203", "石河村"), ("204", "南崖村"))),
    _StreetPlan(code="102", name="云台镇", columns=range(14, 21), rows=range(5, 14), communities=(
        ("001", "云台社区"), ("201", "上泉村"), ("202", "岔河村"),
        ("203", "杏花峪村"), ("204", "北沟村"), ("205", "槐树底村"))),
)


def build_district(seed: int = 1) -> District:
    """Build the demo district; names and codes are fixed, the seed only moves the jitter."""
    lattice = _Lattice(random.Random(seed))
    streets = tuple(_build_street(plan, lattice) for plan in _STREET_PLANS)
    return District(code=COUNTY_CODE, name=DISTRICT_NAME, streets=streets)


def point_in_grid(rng: random.Random, grid: Grid) -> tuple[float, float]:
    """A random (lon, lat) strictly inside the grid, e.g. to place a demo case."""
    shape = grid.boundary
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    while True:
        lon = round(rng.uniform(min_lon, max_lon), _DIGITS)
        lat = round(rng.uniform(min_lat, max_lat), _DIGITS)
        if shape.contains(Point(lon, lat)):
            return (lon, lat)


def _build_street(plan: _StreetPlan, lattice: _Lattice) -> Street:
    street_code = COUNTY_CODE + plan.code
    cells = _snake(plan.columns, plan.rows)
    chunks = _split_evenly(cells, len(plan.communities))
    communities = tuple(
        _build_community(street_code + suffix, name, chunk, lattice)
        for (suffix, name), chunk in zip(plan.communities, chunks)
    )
    return Street(code=street_code, name=plan.name, communities=communities)


def _build_community(code: str, name: str, cells: list[_Cell], lattice: _Lattice) -> Community:
    grids = tuple(
        Grid(code=f"{code}{seq:03d}", name=f"{name}第{seq:02d}网格", polygon=lattice.cell_ring(cell))
        for seq, cell in enumerate(cells, start=1)
    )
    return Community(code=code, name=name, grids=grids)


def _snake(columns: range, rows: range) -> list[_Cell]:
    """Order a block's cells along lanes two cells wide so consecutive cells share an edge.

    The path runs along an odd-length side; that parity makes each lane end next to the next one.
    """
    along_columns = len(columns) % 2 == 1
    along, across = (columns, rows) if along_columns else (rows, columns)
    if len(along) % 2 == 0:
        raise ValueError(f"街道区块 {len(columns)}×{len(rows)} 至少要有一边为奇数格")
    path: list[_Cell] = []
    for lane, start in enumerate(range(0, len(across), 2)):
        lane_across = list(across[start:start + 2])
        lane_along = list(along) if lane % 2 == 0 else list(reversed(along))
        for step, u in enumerate(lane_along):
            order = lane_across if step % 2 == 0 else list(reversed(lane_across))
            path.extend((u, v) if along_columns else (v, u) for v in order)
    return path


def _split_evenly(items: list[_Cell], parts: int) -> list[list[_Cell]]:
    size, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


class _Lattice:
    """Jittered vertices and bent edges of the district lattice, each computed once and shared."""

    def __init__(self, rng: random.Random) -> None:
        self._dlon = (EAST - WEST) / COLUMNS
        self._dlat = (NORTH - SOUTH) / ROWS
        self._vertices = {
            (i, j): self._jittered_vertex(rng, i, j)
            for j in range(ROWS + 1) for i in range(COLUMNS + 1)
        }
        self._bends = self._edge_bends(rng)

    def cell_ring(self, cell: _Cell) -> Ring:
        """The closed counter-clockwise ring of a cell, bends included."""
        i, j = cell
        corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
        ring: list[tuple[float, float]] = []
        for a, b in zip(corners, corners[1:] + corners[:1]):
            ring.append(self._vertices[a])
            bend = self._bends.get(frozenset((a, b)))
            if bend is not None:
                ring.append(bend)
        ring.append(ring[0])
        return tuple(ring)

    def _jittered_vertex(self, rng: random.Random, i: int, j: int) -> tuple[float, float]:
        dx = rng.uniform(-VERTEX_JITTER, VERTEX_JITTER) if 0 < i < COLUMNS else 0.0
        dy = rng.uniform(-VERTEX_JITTER, VERTEX_JITTER) if 0 < j < ROWS else 0.0
        lon = EAST if i == COLUMNS else WEST + (i + dx) * self._dlon
        lat = NORTH if j == ROWS else SOUTH + (j + dy) * self._dlat
        return (round(lon, _DIGITS), round(lat, _DIGITS))

    def _edge_bends(self, rng: random.Random) -> dict[frozenset[_Cell], tuple[float, float]]:
        """A bend point on every inner edge, pushed sideways a little so borders look drawn."""
        bends = {}
        for j in range(ROWS + 1):
            for i in range(COLUMNS + 1):
                if i < COLUMNS and 0 < j < ROWS:
                    bends[frozenset(((i, j), (i + 1, j)))] = self._bend((i, j), (i + 1, j), rng, 1)
                if j < ROWS and 0 < i < COLUMNS:
                    bends[frozenset(((i, j), (i, j + 1)))] = self._bend((i, j), (i, j + 1), rng, 0)
        return bends

    def _bend(self, a: _Cell, b: _Cell, rng: random.Random, axis: int) -> tuple[float, float]:
        (lon_a, lat_a), (lon_b, lat_b) = self._vertices[a], self._vertices[b]
        offset = rng.uniform(-EDGE_BEND, EDGE_BEND)
        lon = (lon_a + lon_b) / 2 + (offset * self._dlon if axis == 0 else 0.0)
        lat = (lat_a + lat_b) / 2 + (offset * self._dlat if axis == 1 else 0.0)
        return (round(lon, _DIGITS), round(lat, _DIGITS))
