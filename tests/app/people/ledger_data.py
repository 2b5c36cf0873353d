"""A tiny people ledger for the ledger's query and page tests: two streets, three grids, one
household of three, an elderly person living alone, and people without a birth date.

Written straight into the tables (no service), so the ledger's reads are tested on their own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.people.id_numbers import make_id
from app.people.search_keys import search_columns
from db.engine import Database
from db.ids import uuid7
from db.schema import (
    Building,
    Household,
    Person,
    PersonCategory,
    PopulationCategory,
    Region,
    Room,
)

LOW_INCOME = "dibao"
ALONE = "elderly_alone"
MENTAL = "mental"


@dataclass
class Ledger:
    """Ids of what `make_ledger` wrote, by a short name."""

    regions: dict[str, uuid.UUID] = field(default_factory=dict)
    persons: dict[str, uuid.UUID] = field(default_factory=dict)
    buildings: dict[str, uuid.UUID] = field(default_factory=dict)
    households: dict[str, uuid.UUID] = field(default_factory=dict)
    categories: dict[str, uuid.UUID] = field(default_factory=dict)


_REGIONS = (  # code, name, level, parent code
    ("370299", "青澜区", "district", None),
    ("370299001", "海滨街道", "street", "370299"),
    ("370299001001", "望海社区", "community", "370299001"),
    ("370299001001001", "望海第一网格", "grid", "370299001001"),
    ("370299001001002", "望海第二网格", "grid", "370299001001"),
    ("370299002", "山前街道", "street", "370299"),
    ("370299002001", "松岭社区", "community", "370299002"),
    ("370299002001001", "松岭第一网格", "grid", "370299002001"),
)
#: name, sex, birth date, phone, grid, building, room, household, relation, residence type, categories
_PERSONS = (
    ("张三", "男", date(1985, 3, 12), "13812345678", "370299001001001", "B1", "1-101", "H1", "户主", "户籍",
     (LOW_INCOME,)),
    ("李梅", "女", date(1987, 6, 1), "13900001111", "370299001001001", "B1", "1-101", "H1", "配偶", "户籍",
     (LOW_INCOME,)),
    ("张小明", "男", date(2015, 9, 1), None, "370299001001001", "B1", "1-101", "H1", "子", "户籍", ()),
    ("王秀英", "女", date(1940, 1, 5), "13700002222", "370299001001002", "B2", "3-502", "H2", "户主", "流动",
     (ALONE,)),
    ("赵建国", "男", date(1960, 10, 1), "13600003333", "370299002001001", None, None, None, None, "人户分离",
     (MENTAL,)),
    ("钱多多", "女", None, None, "370299002001001", None, None, None, None, "户籍", ()),
)

#: when memberships began (the visit clocks start there): on 2025-09-30, 张三's 低保 (every 90 days)
#: is green, 李梅's yellow (77 of 90 days gone), 王秀英 alone (every 7 days, never visited) red
_SINCE = {("张三", LOW_INCOME): date(2025, 9, 1), ("李梅", LOW_INCOME): date(2025, 7, 15)}


def make_ledger(database: Database) -> Ledger:
    """Write the small ledger; returns the ids."""
    ledger = Ledger()
    with database.write() as session:
        for code, name, level, parent in _REGIONS:
            region = Region(id=uuid7(), code=code, name=name, level=level, parent_id=ledger.regions.get(parent))
            session.add(region)
            session.flush()
            ledger.regions[code] = region.id
        ledger.categories = dict(session.execute(select(PopulationCategory.code, PopulationCategory.id)).all())
        rooms: dict[tuple[str, str], uuid.UUID] = {}
        for key, grid, room in (("B1", "370299001001001", "1-101"), ("B2", "370299001001002", "3-502")):
            building = Building(id=uuid7(), code=f"T-{key}", name=f"望海花园{key[1]}号楼", grid_id=ledger.regions[grid])
            session.add(building)
            ledger.buildings[key] = building.id
            rooms[(key, room)] = uuid7()
            session.add(Room(id=rooms[(key, room)], building_id=building.id, number=room))
        session.flush()
        for key, room in (("H1", ("B1", "1-101")), ("H2", ("B2", "3-502"))):
            household = Household(id=uuid7(), household_no=f"T{key}", room_id=rooms[room])
            session.add(household)
            ledger.households[key] = household.id
        session.flush()
        for seq, (name, sex, birth, phone, grid, building, room, household, relation, residence,
                  categories) in enumerate(_PERSONS):
            id_number = make_id("370202", birth, seq, sex) if birth else None
            person = Person(
                id=uuid7(), name=name, sex=sex, birth_date=birth, id_number=id_number, phone=phone,
                grid_id=ledger.regions[grid], building_id=ledger.buildings.get(building),
                room_id=rooms.get((building, room)), household_id=ledger.households.get(household),
                relation=relation, residence_type=residence, current_address=f"青澜区{name}家",
                **search_columns(name, id_number, phone))
            session.add(person)
            ledger.persons[name] = person.id
            session.flush()
            for code in categories:
                session.add(PersonCategory(person_id=person.id, category_id=ledger.categories[code],
                                           fields={"cert_no": "DB-001"} if code == LOW_INCOME else {},
                                           since=_SINCE.get((name, code))))
    return ledger
