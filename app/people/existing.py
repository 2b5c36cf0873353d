"""Persons already in the database that an import row names by ID number, and merging into them.

A row fills what the stored person lacks and never overwrites what differs: each difference
becomes a Conflict for the report, and the stored value stays.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, any_, bindparam, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from app.imports.table_reader import ImportFileError
from app.people.import_report import Conflict
from app.people.import_rows import membership_row, resolve_places, unmapped_row
from app.people.ledger_columns import LABELS
from app.people.search_keys import search_columns
from app.people.validation import SCALAR_FIELDS
from app.people.writes import change_row, json_value
from db.schema import Building, Household, Person, PersonCategory, PersonUnmappedLabel, Region, Room

_CHUNK = 900  # ID numbers per query: SQLite's old limit on bound values is 999
_PG_CHUNK = 10_000  # PostgreSQL takes many more, and each query costs a round trip and a plan


@dataclass
class ExistingPerson:
    """A stored person with the labels of their places and their live category ids."""

    id: uuid.UUID
    version: int
    deleted: bool
    values: dict
    place_labels: dict[str, tuple]
    category_ids: set
    unmapped: set = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.values["name"]

    @property
    def id_number(self) -> str:
        return self.values["id_number"]


def load_existing(session: Session, id_numbers: list[str]) -> dict[str, ExistingPerson]:
    """The stored persons (deleted ones too) with these ID numbers, looked up in chunks."""
    grid = aliased(Region)
    columns = [getattr(Person, f) for f in SCALAR_FIELDS]
    found: dict[str, ExistingPerson] = {}
    on_postgresql = session.get_bind().dialect.name == "postgresql"
    size = _PG_CHUNK if on_postgresql else _CHUNK
    for start in range(0, len(id_numbers), size):
        chunk = id_numbers[start:start + size]
        rows = session.execute(
            select(Person.id, Person.version, Person.deleted_at, *columns, grid.code, grid.name, Building.name,
                   Building.code, Room.number, Household.household_no)
            .outerjoin(grid, grid.id == Person.grid_id)
            .outerjoin(Building, Building.id == Person.building_id)
            .outerjoin(Room, Room.id == Person.room_id)
            .outerjoin(Household, Household.id == Person.household_id)
            .where(_one_of(Person.id_number, chunk, on_postgresql))
        )
        for row in rows:
            values = dict(zip(SCALAR_FIELDS, row[3:3 + len(SCALAR_FIELDS)]))
            grid_code, grid_name, building, building_code, room, household = row[3 + len(SCALAR_FIELDS):]
            found[values["id_number"]] = ExistingPerson(
                id=row[0], version=row[1], deleted=row[2] is not None, values=values,
                place_labels={"grid": (grid_code, grid_name), "building": (building, building_code),
                              "room": (room,), "household_no": (household,)},
                category_ids=set(),
            )
    _load_categories(session, found)
    return found


def _one_of(column, values: list[str], as_array: bool):
    """`column IN (values)`; on PostgreSQL as `= ANY(array)`, one bound value instead of thousands
    (binding ten thousand separate values cost more than the query)."""
    if as_array:
        return column == any_(bindparam("values", values, type_=postgresql.ARRAY(String)))
    return column.in_(values)


def _load_categories(session: Session, found: dict[str, ExistingPerson]) -> None:
    """Each person's live category ids and the category labels kept unmapped."""
    by_id = {person.id: person for person in found.values()}
    keys = list(by_id)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        for person_id, category_id in session.execute(
            select(PersonCategory.person_id, PersonCategory.category_id)
            .where(PersonCategory.person_id.in_(chunk), PersonCategory.deleted_at.is_(None))
        ):
            by_id[person_id].category_ids.add(category_id)
        for person_id, label in session.execute(
            select(PersonUnmappedLabel.person_id, PersonUnmappedLabel.label)
            .where(PersonUnmappedLabel.person_id.in_(chunk))
        ):
            by_id[person_id].unmapped.add(label)


def merge_into_existing(person: ExistingPerson, row, places, batch, *, now: datetime, service, source: str,
                        conflicts: list[Conflict]) -> bool:
    """Fill the person's empty fields from the row, list differences; True when anything was filled."""
    fills, delta = {}, {}
    for f in SCALAR_FIELDS:
        if f not in row.given:
            continue
        old, new = person.values[f], row.values[f]
        if old is None and new is not None:
            fills[f] = new
        elif new is not None and old != new:
            conflicts.append(Conflict(row.number, person.name, person.id_number, LABELS[f],
                                      _shown(old), _shown(new)))
    conflicted = set()
    for f, label in row.places.items():
        stored = person.place_labels[f]
        if stored[0] is None:
            continue
        if label not in stored:
            conflicted.add(f)
            conflicts.append(Conflict(row.number, person.name, person.id_number, LABELS[f], stored[0], label))
    empty = [f for f in row.places if person.place_labels[f][0] is None
             and not (f == "room" and "building" in conflicted)]
    if empty:
        fills.update(resolve_places(row, places, wanted=tuple(empty)))
    for f, value in fills.items():
        delta[f] = [None, json_value(value)]
    added = [c for c in row.categories if c.id not in person.category_ids]
    for category in added:
        batch.memberships.append(membership_row(person.id, category.id, now))
        person.category_ids.add(category.id)
    if added:
        delta["人员类别"] = [None, [c.name for c in added]]
    labels = [label for label in row.unmapped if label not in person.unmapped]
    for label in labels:
        batch.unmapped.append(unmapped_row(person.id, label, now))
        person.unmapped.add(label)
    if labels:
        delta["未识别的类别"] = [None, labels]
    if not delta:
        return False
    if fills:
        person.values.update({f: v for f, v in fills.items() if f in person.values})
        batch.updates.append((person, fills))
    batch.changes.append(change_row(person.id, at=now, actor=service.actor, workstation=service.workstation,
                                    source=f"{source} 第{row.number}行", changes=delta))
    return True


def apply_updates(session: Session, updates: list[tuple[ExistingPerson, dict]], now: datetime) -> None:
    """Write the filled fields, one executemany per set of columns, bumping each version."""
    groups: dict[tuple, list[dict]] = {}
    for person, fills in updates:
        values = dict(fills)
        values.update(search_columns(person.values["name"], person.values["id_number"], person.values["phone"]))
        key = tuple(sorted(values))
        groups.setdefault(key, []).append({**{f"v_{k}": v for k, v in values.items()}, "p_id": person.id,
                                           "p_version": person.version, "p_next": person.version + 1,
                                           "p_now": now})
    for key, params in groups.items():
        statement = (
            update(Person.__table__)
            .where(Person.__table__.c.id == bindparam("p_id"), Person.__table__.c.version == bindparam("p_version"))
            .values(version=bindparam("p_next"), updated_at=bindparam("p_now"),
                    **{k: bindparam(f"v_{k}") for k in key})
        )
        result = session.connection().execute(statement, params)
        if result.rowcount not in (-1, len(params)):
            raise ImportFileError("导入期间有人修改了其中的人员，导入已取消，请重新导入")


def _shown(value):
    return json_value(value) if value is not None else ""
