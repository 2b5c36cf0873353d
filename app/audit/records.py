"""Naming the record an audit entry is about, and finding a record from what a person types.

Entries keep only the record's id; the viewer shows the case or dispute number, the login, the
person's or region's name instead, looked up once per page and kind of record. A person looking
for "everything about case 2025093000012" types the number, not the id.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.errors import CaseError
from db.schema import Case, Dispute, Person, Region, Staff

#: entity → (table, the column that names a row of it)
_NAMES = {
    "case": (Case, Case.case_no),
    "dispute": (Dispute, Dispute.dispute_no),
    "account": (Staff, Staff.login),
    "person": (Person, Person.name),
    "region": (Region, Region.name),
}
#: what a typed record may be, in the order it is looked for
_FINDERS = (("case", Case, Case.case_no), ("dispute", Dispute, Dispute.dispute_no), ("account", Staff, Staff.login))


class UnknownRecord(CaseError):
    """A typed record that names no case, dispute, account or id."""


def record_names(session: Session, pairs: Iterable[tuple[str, uuid.UUID | None]]) -> dict:
    """{(entity, id): its number or name} for the pairs whose record still exists."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entity, entity_id in pairs:
        if entity_id is not None and entity in _NAMES:
            wanted[entity].add(entity_id)
    names = {}
    for entity, ids in wanted.items():
        table, column = _NAMES[entity]
        for row_id, name in session.execute(select(table.id, column).where(table.id.in_(ids))):
            names[(entity, row_id)] = name
    return names


def find_record(session: Session, typed: str) -> tuple[str | None, uuid.UUID]:
    """(entity, id) of a case number, a dispute number, a login, or (entity None) a bare id."""
    typed = typed.strip()
    try:
        return None, uuid.UUID(typed)
    except ValueError:
        pass
    for entity, table, column in _FINDERS:
        found = session.scalar(select(table.id).where(column == (typed.lower() if entity == "account" else typed)))
        if found is not None:
            return entity, found
    shown = typed if len(typed) <= 40 else typed[:39] + "…"
    raise UnknownRecord(f"没有编号为“{shown}”的案件、纠纷或登录名为它的账户")
