"""What the people service hands out: plain frozen records, never ORM objects (the GUI keeps them)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.people.errors import PersonNotFound
from db.schema import (
    Building, Household, Person, PersonCategory, PersonChange, PersonUnmappedLabel, PopulationCategory, Region, Room,
    Visit,
)


@dataclass(frozen=True)
class Membership:
    """A person's population category with its own field values."""

    code: str
    name: str
    sensitive: bool
    fields: dict
    since: date | None
    until: date | None


@dataclass(frozen=True)
class PersonRecord:
    """A person with the labels of where they live and their categories; `unmapped_labels` are the
    category labels an import found on them that match no category yet, as written."""

    id: uuid.UUID
    version: int
    name: str
    id_number: str | None
    sex: str | None
    birth_date: date | None
    ethnicity: str | None
    phone: str | None
    registered_address: str | None
    current_address: str | None
    residence_type: str
    relation: str | None
    note: str | None
    household_id: uuid.UUID | None
    household_no: str | None
    building_id: uuid.UUID | None
    building: str | None
    room_id: uuid.UUID | None
    room: str | None
    grid_id: uuid.UUID | None
    grid_code: str | None
    grid_name: str | None
    categories: tuple[Membership, ...]
    created_at: datetime
    updated_at: datetime
    unmapped_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeRecord:
    """One entry of a person's history: {field: [old, new]}; empty `changes` marks the creation."""

    at: datetime
    actor: str
    workstation: str | None
    source: str | None
    changes: dict


@dataclass(frozen=True)
class VisitRecord:
    """A follow-up visit."""

    id: uuid.UUID
    category_code: str | None
    visited_on: date
    visitor: str
    content: str | None
    findings: str | None


def read_person(session: Session, person_id: uuid.UUID) -> PersonRecord:
    """The live person `person_id` as a record; PersonNotFound when missing or deleted."""
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise PersonNotFound(person_id)
    return PersonRecord(
        id=person.id, version=person.version, name=person.name, id_number=person.id_number, sex=person.sex,
        birth_date=person.birth_date, ethnicity=person.ethnicity, phone=person.phone,
        registered_address=person.registered_address, current_address=person.current_address,
        residence_type=person.residence_type, relation=person.relation, note=person.note,
        household_id=person.household_id,
        household_no=_scalar(session, Household.household_no, Household.id, person.household_id),
        building_id=person.building_id, building=_scalar(session, Building.name, Building.id, person.building_id),
        room_id=person.room_id, room=_scalar(session, Room.number, Room.id, person.room_id),
        grid_id=person.grid_id, grid_code=_scalar(session, Region.code, Region.id, person.grid_id),
        grid_name=_scalar(session, Region.name, Region.id, person.grid_id),
        categories=tuple(read_memberships(session, person_id)),
        created_at=person.created_at, updated_at=person.updated_at,
        unmapped_labels=tuple(session.scalars(
            select(PersonUnmappedLabel.label).where(PersonUnmappedLabel.person_id == person_id)
            .order_by(PersonUnmappedLabel.label))),
    )


def read_memberships(session: Session, person_id: uuid.UUID) -> list[Membership]:
    """The person's live categories in the configured order."""
    rows = session.execute(
        select(PopulationCategory.code, PopulationCategory.name, PopulationCategory.sensitive,
               PersonCategory.fields, PersonCategory.since, PersonCategory.until)
        .join(PersonCategory, PersonCategory.category_id == PopulationCategory.id)
        .where(PersonCategory.person_id == person_id, PersonCategory.deleted_at.is_(None))
        .order_by(PopulationCategory.sort_order)
    )
    return [Membership(code, name, sensitive, dict(fields or {}), since, until)
            for code, name, sensitive, fields, since, until in rows]


def read_history(session: Session, person_id: uuid.UUID) -> list[ChangeRecord]:
    """The person's changes, oldest first."""
    rows = session.scalars(
        select(PersonChange).where(PersonChange.person_id == person_id)
        .order_by(PersonChange.at, PersonChange.id)
    )
    return [ChangeRecord(r.at, r.actor, r.workstation, r.source, dict(r.changes)) for r in rows]


def read_visits(session: Session, person_id: uuid.UUID) -> list[VisitRecord]:
    """The person's visits, newest first."""
    rows = session.execute(
        select(Visit.id, PopulationCategory.code, Visit.visited_on, Visit.visitor, Visit.content, Visit.findings)
        .outerjoin(PopulationCategory, PopulationCategory.id == Visit.category_id)
        .where(Visit.person_id == person_id)
        .order_by(Visit.visited_on.desc(), Visit.id.desc())
    )
    return [VisitRecord(*row) for row in rows]


def _scalar(session: Session, column, key_column, key):
    if key is None:
        return None
    return session.scalar(select(column).where(key_column == key))
