"""Everything the ledger's person card shows, read in one go and masked before it leaves app/.

The card is the person (PeopleService.get_person), the household's members, the building's rooms
and residents, the visits, the change history and the cases the person reported. ID numbers and
phones are masked everywhere — in the history too, whose entries hold old and new values — the
birth date is left out (the card shows the age: the date is the masked part of the ID number)
and a sensitive category shows neither its name nor its fields: showing them is a reveal
(app.people.privacy), which the card asks for separately and which is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from app.accounts.scope import case_condition
from app.cases.queries import base_select, view_columns, view_from_row
from app.cases.views import CaseView
from app.people.privacy import (
    MASKED_DATE,
    SENSITIVE_LABEL,
    age_at,
    mask_categories,
    mask_id_number,
    mask_phone,
)
from app.people.records import ChangeRecord, Membership, PersonRecord, VisitRecord
from app.people.service import PeopleService
from app.scoping import narrowed
from db.schema import Case, Person, Room

LINKED_CASES_LIMIT = 50
_MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "birth_date": lambda _value: MASKED_DATE}


@dataclass(frozen=True, kw_only=True)
class Resident:
    """A person as a household or building list shows them."""

    person_id: uuid.UUID
    name: str
    relation: str
    sex: str
    age: int | None
    id_masked: str
    room: str


@dataclass(frozen=True, kw_only=True)
class PersonCard:
    """The card of one person: the record with ID and phone masked and no birth date (`age`
    instead), and what surrounds it."""

    person: PersonRecord
    id_masked: str
    phone_masked: str
    age: int | None
    categories: tuple[Membership, ...]
    household: tuple[Resident, ...]
    building: tuple[Resident, ...]
    visits: tuple[VisitRecord, ...]
    history: tuple[ChangeRecord, ...]
    cases: tuple[CaseView, ...]


def read_card(people: PeopleService, person_id: uuid.UUID) -> PersonCard:
    """The card of a person (PersonNotFound when deleted meanwhile)."""
    record = people.get_person(person_id)
    today = people.today()
    with people.database.read() as session:
        household = _residents(session, people, Person.household_id == record.household_id, today) \
            if record.household_id else ()
        building = _residents(session, people, Person.building_id == record.building_id, today) \
            if record.building_id else ()
        cases = _cases_reported_from(session, people, record.phone) if record.phone else ()
    masked = _without_clear_numbers(record)
    sensitive = {(c.name, c.sensitive) for c in people.categories()}
    return PersonCard(
        person=masked, id_masked=mask_id_number(record.id_number), phone_masked=mask_phone(record.phone),
        age=age_at(record.birth_date, today) if record.birth_date else None,
        categories=tuple(_masked_membership(m) for m in record.categories), household=household,
        building=building, visits=tuple(people.visits(person_id)),
        history=tuple(_masked_change(change, sensitive) for change in people.history(person_id)), cases=cases)


def _without_clear_numbers(record: PersonRecord) -> PersonRecord:
    """The record with ID number and phone replaced by their masks and the birth date left out
    (the GUI never holds them)."""
    return replace(record, id_number=mask_id_number(record.id_number) or None,
                   phone=mask_phone(record.phone) or None, birth_date=None)


def _masked_membership(membership: Membership) -> Membership:
    if not membership.sensitive:
        return membership
    return Membership(code=membership.code, name=SENSITIVE_LABEL, sensitive=True, fields={},
                      since=membership.since, until=membership.until)


def _masked_change(change: ChangeRecord, categories: set[tuple[str, bool]]) -> ChangeRecord:
    """A history entry with ID number, phone and birth date values masked, sensitive category
    names replaced by 敏感类别 and the values of their own fields hidden."""
    secret = {name for name, sensitive in categories if sensitive}
    changes = {}
    for field, values in change.changes.items():
        masker = _MASKERS.get(field)
        if masker and isinstance(values, (list, tuple)):
            values = [masker(value) if value else value for value in values]
        elif field == "人员类别" and isinstance(values, (list, tuple)):
            values = [list(mask_categories((name, name in secret) for name in names or ())) for names in values]
        elif field.split(".")[0] in secret:
            field, values = f"{SENSITIVE_LABEL}.{field.split('.', 1)[-1]}", ["***", "***"]
        changes[field] = values
    return ChangeRecord(change.at, change.actor, change.workstation, change.source, changes)


def _residents(session, people: PeopleService, condition, today: date) -> tuple[Resident, ...]:
    """Live persons matching `condition` (one household or one building) in the account's scope,
    by room, then head first."""
    rows = session.execute(people.scoped(
        select(Person.id, Person.name, Person.relation, Person.sex, Person.birth_date, Person.id_number, Room.number)
        .outerjoin(Room, Room.id == Person.room_id)
        .where(condition, Person.deleted_at.is_(None))
        .order_by(Room.number, Person.relation != "户主", Person.birth_date, Person.name_pinyin)
        .limit(2000)
    )).all()
    return tuple(Resident(person_id=r.id, name=r.name, relation=r.relation or "", sex=r.sex or "",
                          age=age_at(r.birth_date, today) if r.birth_date else None,
                          id_masked=mask_id_number(r.id_number), room=r.number or "") for r in rows)


def _cases_reported_from(session, people: PeopleService, phone: str) -> tuple[CaseView, ...]:
    """Cases of the account's scope whose reporter phone is the person's phone, newest first
    (anonymous reports excluded)."""
    query = narrowed(base_select(*view_columns())
                     .where(Case.reporter_phone == phone, Case.deleted_at.is_(None),
                            Case.reporter_anonymous.is_(False))
                     .order_by(Case.reported_at.desc()).limit(LINKED_CASES_LIMIT),
                     people.principal.scope, case_condition)
    now = people.now()
    return tuple(view_from_row(row, now) for row in session.execute(query))
