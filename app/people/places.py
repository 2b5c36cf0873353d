"""Finding or creating where a person lives: grid, building, room, household (人进户、户进房、房进格).

Grids must already exist (they come from the district's map); buildings, rooms and households
are created the first time a form or an import names them. New rows get their UUIDv7 keys
at once and are inserted together by `flush()`, so an import of 100,000 residents creates
its households in a few bulk statements instead of one at a time.

A label longer than its column is refused (`check_place_label`, the limits read from the schema),
never cut: two long 房号 sharing their first twenty characters used to become one value and
collide on the unique constraint. A building's code is its grid's code and its name; when that
would not fit, the name part is replaced by a digest of the name, which stays unique.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.people.errors import PersonError
from db.bulk import insert_rows
from db.ids import uuid7
from db.schema import Building, Household, Region, Room

_CHUNK = 900
#: longest label each place column holds (building: its name; the code is derived)
PLACE_LIMITS = {"building": Building.__table__.c.name.type.length, "room": Room.__table__.c.number.type.length,
                "household_no": Household.__table__.c.household_no.type.length}
_PLACE_NAMES = {"building": "楼栋", "room": "房号", "household_no": "户号"}
_PLACE_FIELDS = {"building": "building_id", "room": "room_id", "household_no": "household_id"}
_CODE_MAX = Building.__table__.c.code.type.length


def check_place_label(field: str, text: str) -> str:
    """`text` when it fits its column; PersonError naming the limit otherwise."""
    limit = PLACE_LIMITS.get(field)
    if limit is not None and len(text) > limit:
        raise PersonError(_PLACE_FIELDS[field], f"{_PLACE_NAMES[field]}“{text[:limit]}…”太长：最多{limit}个字，现在有{len(text)}个字")
    return text


def building_code(label: str, grid_code: str | None) -> str:
    """The code of a new building: grid code and name, or grid code and a digest of a long name."""
    code = f"{grid_code}-{label}" if grid_code else label
    if len(code) <= _CODE_MAX:
        return code
    digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:12]
    return f"{grid_code}-{digest}" if grid_code else f"B-{digest}"


class Places:
    """Lookups and pending creations of places within one session (one unit of work)."""

    def __init__(self, session: Session, now: datetime):
        self.session = session
        self.now = now
        self._grids_by_code: dict[str, uuid.UUID] | None = None
        self._grids_by_name: dict[str, list[uuid.UUID]] = {}
        self._grid_codes: dict[uuid.UUID, str] = {}
        self._buildings: dict[tuple[str, uuid.UUID | None], uuid.UUID] | None = None
        self._building_codes: dict[str, uuid.UUID] = {}
        self._rooms: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
        self._rooms_loaded: set[uuid.UUID] = set()
        self._households: dict[str, uuid.UUID] = {}
        self._looked_up: set[str] = set()
        self._pending: dict[type, list[dict]] = {Building: [], Room: [], Household: []}
        self.created = {Building.__tablename__: 0, Room.__tablename__: 0, Household.__tablename__: 0}

    # grids -----------------------------------------------------------------------------------
    def grid(self, label: str) -> uuid.UUID:
        """The grid with this code or (unique) name; PersonError when there is none or several."""
        self._load_grids()
        if label in self._grids_by_code:
            return self._grids_by_code[label]
        matches = self._grids_by_name.get(label, [])
        if not matches:
            raise PersonError("grid_id", f"网格“{label}”不存在（请填写网格编码或名称）")
        if len(matches) > 1:
            raise PersonError("grid_id", f"网格名称“{label}”有{len(matches)}个同名网格，请改填网格编码")
        return matches[0]

    def grid_code(self, grid_id: uuid.UUID) -> str | None:
        self._load_grids()
        return self._grid_codes.get(grid_id)

    def _load_grids(self) -> None:
        if self._grids_by_code is not None:
            return
        rows = self.session.execute(
            select(Region.id, Region.code, Region.name).where(Region.level == "grid", Region.deleted_at.is_(None))
        )
        self._grids_by_code = {}
        for grid_id, code, name in rows:
            self._grids_by_code[code] = grid_id
            self._grids_by_name.setdefault(name, []).append(grid_id)
            self._grid_codes[grid_id] = code

    # buildings and rooms --------------------------------------------------------------------
    def building(self, label: str, grid_id: uuid.UUID | None) -> uuid.UUID:
        """The building with this code, or with this name in the grid; created when unknown."""
        self._load_buildings()
        if label in self._building_codes:
            return self._building_codes[label]
        key = (label, grid_id)
        if key not in self._buildings:
            check_place_label("building", label)
            code = building_code(label, self.grid_code(grid_id) if grid_id else None)
            self._buildings[key] = self._add(Building, code=code, name=label, grid_id=grid_id)
            self._building_codes[code] = self._buildings[key]
        return self._buildings[key]

    def room(self, building_id: uuid.UUID, number: str) -> uuid.UUID:
        """The room `number` of a building; created when unknown."""
        if building_id not in self._rooms_loaded:
            self._rooms_loaded.add(building_id)
            for room_id, room_no in self.session.execute(
                select(Room.id, Room.number).where(Room.building_id == building_id)
            ):
                self._rooms[(building_id, room_no)] = room_id
        key = (building_id, number)
        if key not in self._rooms:
            self._rooms[key] = self._add(Room, building_id=building_id, number=check_place_label("room", number))
        return self._rooms[key]

    def _load_buildings(self) -> None:
        if self._buildings is not None:
            return
        self._buildings = {}
        for building_id, code, name, grid_id in self.session.execute(
            select(Building.id, Building.code, Building.name, Building.grid_id).where(Building.deleted_at.is_(None))
        ):
            self._building_codes[code] = building_id
            self._buildings.setdefault((name, grid_id), building_id)

    # households -----------------------------------------------------------------------------
    def preload_households(self, numbers: Iterable[str]) -> None:
        """Look up many household numbers at once (the import calls this before its rows)."""
        wanted = sorted({n for n in numbers if n and n not in self._households and n not in self._looked_up})
        self._looked_up.update(wanted)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            for household_id, number in self.session.execute(
                select(Household.id, Household.household_no).where(Household.household_no.in_(chunk))
            ):
                self._households[number] = household_id

    def household(self, number: str, *, address: str | None, grid_id: uuid.UUID | None,
                  room_id: uuid.UUID | None) -> uuid.UUID:
        """The household with this 户号; created (with the given address, grid, room) when unknown."""
        if number not in self._households and number not in self._looked_up:
            self.preload_households([number])
        if number not in self._households:
            self._households[number] = self._add(
                Household, household_no=check_place_label("household_no", number), kind="家庭户", address=address,
                room_id=room_id, grid_id=grid_id)
        return self._households[number]

    # writing --------------------------------------------------------------------------------
    def _add(self, table: type, **values) -> uuid.UUID:
        new_id = uuid7()
        self.created[table.__tablename__] += 1
        self._pending[table].append({**values, "id": new_id})
        return new_id

    def flush(self) -> None:
        """Insert the pending places in foreign-key order (buildings, rooms, households)."""
        stamps = {"created_at": self.now, "updated_at": self.now, "version": 1, "deleted_at": None}
        for table in (Building, Room, Household):
            rows = self._pending[table]
            if rows:
                insert_rows(self.session, table.__table__, _uniform(rows), same=stamps)
                self._pending[table] = []


def _uniform(rows: list[dict]) -> list[dict]:
    """Rows with the same keys (executemany needs one statement shape)."""
    keys = set().union(*rows)
    return [{key: row.get(key) for key in keys} for row in rows]
