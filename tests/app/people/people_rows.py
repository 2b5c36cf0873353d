"""Small helpers that write persons straight into the tables for the search, privacy and visit
tests: a district with two grids, persons with the search columns filled as every writer does."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from app.people.id_numbers import make_id
from app.people.search_keys import search_columns
from db.engine import Database
from db.ids import uuid7
from db.schema import Person, PersonCategory, PopulationCategory, Region, Staff

REGIONS = (  # code, name, level, parent code
    ("370299", "青澜区", "district", None),
    ("370299001", "澜湾街道", "street", "370299"),
    ("370299001001", "海棠社区", "community", "370299001"),
    ("370299001001001", "海棠社区第01网格", "grid", "370299001001"),
    ("370299001001002", "海棠社区第02网格", "grid", "370299001001"),
)
GRID_1, GRID_2 = "370299001001001", "370299001001002"


def write_regions(database: Database) -> dict[str, uuid.UUID]:
    """The district down to two grids; code → id."""
    ids: dict[str, uuid.UUID] = {}
    with database.write() as session:
        for code, name, level, parent in REGIONS:
            ids[code] = uuid7()
            session.add(Region(id=ids[code], code=code, name=name, level=level, parent_id=ids.get(parent)))
            session.flush()
    return ids


def category_ids(database: Database) -> dict[str, uuid.UUID]:
    """Population category code → id (seeded defaults)."""
    with database.read() as session:
        return dict(session.execute(select(PopulationCategory.code, PopulationCategory.id)).all())


def add_person(database: Database, regions: dict[str, uuid.UUID], name: str, *, sex: str = "男",
               birth: date = date(1980, 1, 1), seq: int = 0, phone: str | None = None,
               grid: str = GRID_1, address: str | None = None, categories: dict | None = None) -> uuid.UUID:
    """One person with a valid ID number; `categories` maps a category id to its `since` date."""
    id_number = make_id("370202", birth, seq, sex)
    person_id = uuid7()
    with database.write() as session:
        session.add(Person(id=person_id, name=name, sex=sex, birth_date=birth, id_number=id_number, phone=phone,
                           grid_id=regions[grid], current_address=address, **search_columns(name, id_number, phone)))
        session.flush()
        for category_id, since in (categories or {}).items():
            session.add(PersonCategory(person_id=person_id, category_id=category_id, since=since))
    return person_id


def add_staff(database: Database, login: str, role: str) -> None:
    with database.write() as session:
        session.add(Staff(login=login, name=login, role=role))
