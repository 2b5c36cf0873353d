"""Buildings and rooms of one demo grid, handed out to households as they are generated.

Town grids get residential blocks (住宅楼, 6–18 floors, 2–4 units, two flats a landing, named
after a compound on one of the district's roads); village grids get one self-built house
(自建房) per household on a lane. A sixth of the flats stay empty (空置). Every building stands
at a point inside its grid's polygon.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from app.demo.geography import Grid, point_in_grid
from app.demo.people_names import ROAD_NAMES, VILLAGE_LANES
from db.schema import Building, Room

COMPOUND_SUFFIXES = ("花园", "小区", "家园", "苑", "新村", "公寓")
VACANT_SHARE = 0.15


class PlacedRoom(NamedTuple):
    id: uuid.UUID
    building_id: uuid.UUID
    address: str


class GridPlaces:
    """The grid's buildings, created one by one as households need rooms."""

    def __init__(self, context, rows, grid_id: uuid.UUID, grid_code: str, community: str, boundary):
        self._context, self._rows = context, rows
        self._grid_id, self._grid_code, self._community = grid_id, grid_code, community
        self._grid = _as_grid(grid_code, boundary)
        self._village = community.endswith("村")
        self._free: list[tuple[str, str]] = []
        self._building: tuple[uuid.UUID, str] | None = None
        self._count = 0
        rng = context.rng
        self._road = rng.choice(ROAD_NAMES)
        self._compound = self._road.removesuffix("路").removesuffix("街").removesuffix("大道")[:2] + rng.choice(
            COMPOUND_SUFFIXES)

    def next_room(self, use: str) -> PlacedRoom:
        """A new occupied room (use 自住 or 出租), leaving some empty ones on the way."""
        rng = self._context.rng
        while True:
            if not self._free:
                self._new_building()
            number, address = self._free.pop(0)
            vacant = not self._village and rng.random() < VACANT_SHARE
            room_id = self._context.ids()
            self._rows.add(Room, {"id": room_id, "building_id": self._building[0], "number": number,
                                  "area_m2": round(rng.uniform(45, 140), 1), "use": "空置" if vacant else use,
                                  **self._context.stamp()})
            if not vacant:
                return PlacedRoom(room_id, self._building[0], address)

    def _new_building(self) -> None:
        rng = self._context.rng
        self._count += 1
        building_id = self._context.ids()
        lon, lat = point_in_grid(rng, self._grid) if self._grid else (None, None)
        if self._village:
            address = f"{self._community} {rng.choice(VILLAGE_LANES)}{self._count}号"
            name, kind, floors = address.split(" ", 1)[1], "自建房", rng.randint(1, 2)
            self._free = [("1", address)]
        else:
            floors, units = rng.randint(6, 18), rng.randint(2, 4)
            name, kind = f"{self._compound}{self._count}号楼", "住宅楼"
            address = f"{self._community} {self._road}{self._count * 2 - 1}号{name}"
            self._free = [(f"{u}-{f}0{d}", f"{address}{u}单元{f}0{d}室")
                          for u in range(1, units + 1) for f in range(1, floors + 1) for d in (1, 2)]
        self._building = (building_id, address)
        self._rows.add(Building, {"id": building_id, "code": f"B{self._grid_code}{self._count:04d}", "name": name,
                                  "address": address, "grid_id": self._grid_id, "kind": kind, "floors": floors,
                                  "lon": lon, "lat": lat, **self._context.stamp()})


def _as_grid(code: str, boundary) -> Grid | None:
    """The stored polygon as a demo Grid, so buildings are placed by the same point_in_grid."""
    if boundary is None or boundary.geom_type != "Polygon":
        return None
    return Grid(code=code, name=code, polygon=tuple(boundary.exterior.coords))
