"""`gridcc demo` residents: buildings in every grid, rooms, households, persons, categories,
visits and rental houses (人进户、户进房、房进格), written in bulk.

Rows go in through the driver in batches (app/demo/bulk.py; parents before children), never
one ORM object at a time, so 20,000 persons take a few seconds and the benchmarks' two million a few
minutes. Keys are UUIDv7-shaped but drawn from the seed, so one seed gives identical rows.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config.calendar_config import district_timezone
from app.demo.bulk import BulkRows
from app.demo.people_categories import memberships, visit_dates
from app.demo.people_places import GridPlaces
from app.demo.population import IdMaker, Member, household
from app.people.search_keys import name_keys, number_keys
from app.people.visits import due_day_number
from db.engine import Database
from db.schema import (
    Building,
    Household,
    Person,
    PersonCategory,
    PopulationCategory,
    Region,
    RentalHouse,
    RentalTenant,
    Room,
    Visit,
)

DEFAULT_PERSONS = 20_000
_TABLES = (Building, Room, Household, Person, PersonCategory, Visit, RentalHouse, RentalTenant)


class SeededIds:
    """UUIDv7-shaped keys from a seed: time-ordered like uuid7(), identical for one seed."""

    def __init__(self, rng: random.Random, at: datetime):
        self._rng = rng
        self._ms = int(at.timestamp() * 1000)
        self._n = 0

    def __call__(self) -> uuid.UUID:
        self._n += 1
        ms, rand_a = self._ms + (self._n >> 12), self._n & 0xFFF
        value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | self._rng.getrandbits(62)
        return uuid.UUID(int=value)


def populate(target: Session | Database, seed: int = 1, persons: int = DEFAULT_PERSONS,
             now: datetime | None = None, progress: Callable[[dict[str, int]], None] | None = None) -> int:
    """Fill the grids already in the database with about `persons` residents; returns how many."""
    if isinstance(target, Database):
        with target.write() as session:
            return populate(session, seed, persons, now, progress)
    session = target
    now = now or datetime.now(UTC)
    today = now.astimezone(district_timezone(session)).date()
    rng = random.Random(seed * 7919 + 17)
    context = _Context(session, rng, now, today)
    rows = BulkRows(session, _TABLES, progress=progress)
    shares = _grid_shares(rng, context.grids, persons)
    for grid, target_count in zip(context.grids, shares):
        _fill_grid(context, rows, grid, target_count)
    rows.flush()
    return rows.written[Person.__tablename__]


class _Context:
    """What every grid needs: the grids with their shapes, the categories, ids, ID numbers, times."""

    def __init__(self, session: Session, rng: random.Random, now: datetime, today: date):
        self.rng, self.now, self.today = rng, now, today
        self.ids = SeededIds(random.Random(rng.random()), now)
        self.id_numbers = IdMaker()
        community = {r.id: r.name for r in session.execute(
            select(Region.id, Region.name).where(Region.level == "community"))}
        self.grids = [
            (row.id, row.code, community.get(row.parent_id, ""), shape(row.boundary) if row.boundary else None)
            for row in session.execute(
                select(Region.id, Region.code, Region.parent_id, Region.boundary)
                .where(Region.level == "grid", Region.deleted_at.is_(None)).order_by(Region.code))
        ]
        self.categories = {code: (cid, every) for cid, code, every in session.execute(
            select(PopulationCategory.id, PopulationCategory.code, PopulationCategory.visit_every_days)
            .where(PopulationCategory.deleted_at.is_(None)))}
        self._keys: dict[str, dict] = {}

    def name_keys(self, name: str) -> dict:
        keys = self._keys.get(name)
        if keys is None:
            keys = self._keys[name] = name_keys(name)
        return keys

    def stamp(self) -> dict:
        return {"created_at": self.now, "updated_at": self.now, "version": 1, "deleted_at": None}


def _grid_shares(rng: random.Random, grids: list, persons: int) -> list[int]:
    """Persons per grid: village grids are thinner than town ones, every grid a little different."""
    weights = [(0.45 if community.endswith("村") else 1.0) * rng.uniform(0.7, 1.3) for _i, _c, community, _s in grids]
    total = sum(weights) or 1.0
    return [round(persons * w / total) for w in weights]


def _fill_grid(context: _Context, rows: BulkRows, grid, target_count: int) -> None:
    grid_id, grid_code, community, boundary = grid
    places = GridPlaces(context, rows, grid_id, grid_code, community, boundary)
    landlords: list[uuid.UUID] = []
    placed, number = 0, 0
    while placed < target_count:
        number += 1
        members = household(context.rng, context.today, context.id_numbers)
        renting = members[0].residence_type in ("流动", "境外") and bool(landlords)
        room = places.next_room("出租" if renting else "自住")
        household_id = context.ids()
        rows.add(Household, {"id": household_id, "household_no": f"H{grid_code}{number:05d}", "kind": "家庭户",
                             "address": room.address, "room_id": room.id, "grid_id": grid_id, **context.stamp()})
        person_ids = [_add_person(context, rows, member, household_id, room, grid_id) for member in members]
        if renting:
            _add_rental(context, rows, room, context.rng.choice(landlords), person_ids)
        elif members[0].residence_type == "户籍":
            landlords.append(person_ids[0])
        for index, code, fields, since in memberships(context.rng, members, context.today, community.endswith("村")):
            _add_membership(context, rows, person_ids[index], code, fields, since, grid_code)
        placed += len(members)


def _add_person(context: _Context, rows: BulkRows, member: Member, household_id, room, grid_id) -> uuid.UUID:
    person_id = context.ids()
    registered = room.address if member.residence_type == "户籍" else None
    rows.add(Person, {
        "id": person_id, "name": member.name, **context.name_keys(member.name), "id_number": member.id_number,
        **number_keys(member.id_number, member.phone), "sex": member.sex, "birth_date": member.birth_date,
        "ethnicity": member.ethnicity, "phone": member.phone,
        "registered_address": registered, "current_address": room.address,
        "residence_type": member.residence_type, "household_id": household_id, "relation": member.relation,
        "building_id": room.building_id, "room_id": room.id, "grid_id": grid_id, "note": None, **context.stamp(),
    })
    return person_id


def _add_membership(context: _Context, rows: BulkRows, person_id, code: str, fields: dict, since: date,
                    grid_code: str) -> None:
    category = context.categories.get(code)
    if category is None:
        return
    category_id, every_days = category
    visited = visit_dates(context.rng, since, every_days, context.today) if every_days else []
    last_visit = max(visited, default=None)
    rows.add(PersonCategory, {"id": context.ids(), "person_id": person_id, "category_id": category_id,
                              "fields": fields, "since": since, "until": None, "last_visit_on": last_visit,
                              "visit_due_day": due_day_number(last_visit or since, every_days),
                              **context.stamp()})
    for visited_on in visited:
        rows.add(Visit, {"id": context.ids(), "created_at": context.now, "person_id": person_id,
                         "category_id": category_id, "visited_on": visited_on, "visitor": f"g{grid_code}-1",
                         "content": "入户走访，了解近况", "findings": "情况正常，无异常"})


def _add_rental(context: _Context, rows: BulkRows, room, landlord_id, tenant_ids: list[uuid.UUID]) -> None:
    rental_id = context.ids()
    moved_in = context.today.replace(day=1) if context.rng.random() < 0.1 else date(
        context.today.year - context.rng.randint(0, 4), context.rng.randint(1, 12), 1)
    rows.add(RentalHouse, {"id": rental_id, "room_id": room.id, "landlord_id": landlord_id,
                           "registration_no": f"CZ{room.id.hex[-10:].upper()}", "registered_on": moved_in,
                           "note": None, **context.stamp()})
    for tenant in tenant_ids:
        rows.add(RentalTenant, {"id": context.ids(), "created_at": context.now, "rental_id": rental_id,
                                "person_id": tenant, "moved_in": moved_in, "moved_out": None})
