"""Category labels an import could not map, and mapping one of them once for everybody.

An import keeps a 人员类别 label that matches no category, alias or unique name prefix on the
person, as written (`person_unmapped_labels`), and lists it in NAME.labels.xlsx. A clerk then maps
the label to a category once: the label becomes an alias (so the next import knows it) and every
person who carries it gets the category — membership, history entry and visit clock — in one
transaction, after which the label is no longer kept as unmapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.config.alias_admin import AliasError, add_alias
from app.config.aliases import normalize_label
from app.people.categories import category_lookup, load_categories
from app.people.errors import PersonError
from app.people.import_rows import membership_row
from app.people.visits import refresh_visit_clocks
from app.people.writes import change_row
from db.bulk import insert_rows
from db.schema import AuditEntry, Person, PersonCategory, PersonChange, PersonUnmappedLabel

KIND = "population_category"
_CHUNK = 900


@dataclass(frozen=True)
class UnmappedLabel:
    """A label as first written, and how many persons carry it (spellings that differ only in
    spaces or width counted together)."""

    label: str
    persons: int


def list_unmapped(session: Session) -> list[UnmappedLabel]:
    """The unmapped category labels, most common first."""
    counts: dict[str, list] = {}
    for label, persons in session.execute(
        select(PersonUnmappedLabel.label, func.count(PersonUnmappedLabel.person_id.distinct()))
        .where(PersonUnmappedLabel.kind == KIND).group_by(PersonUnmappedLabel.label)
        .order_by(PersonUnmappedLabel.label)
    ):
        entry = counts.setdefault(normalize_label(label), [label, 0])
        entry[1] += persons
    return sorted((UnmappedLabel(label, persons) for label, persons in counts.values()),
                  key=lambda item: (-item.persons, item.label))


def map_unmapped_label(session: Session, label: str, category: str, *, now: datetime, actor: str,
                       workstation: str | None) -> int:
    """Alias `label` to `category` (code or name) and give its carriers the category; the number of
    persons who got it. PersonError (nothing written) when the label or category is wrong."""
    lookup = category_lookup(load_categories(session))
    target = lookup.get(category.strip())
    if target is None:
        raise PersonError("categories", f"没有“{category}”这一人员类别")
    word = normalize_label(label)
    if not word:
        raise PersonError("categories", "要映射的类别名称不能为空")
    if normalize_label(target.name) != word:
        try:
            add_alias(session, KIND, label, target.code, actor=actor, workstation=workstation)
        except AliasError as exc:
            raise PersonError("categories", str(exc)) from None
    written = [text for text in session.scalars(
        select(PersonUnmappedLabel.label).where(PersonUnmappedLabel.kind == KIND).distinct())
        if normalize_label(text) == word]
    person_ids = list(session.scalars(
        select(PersonUnmappedLabel.person_id).distinct()
        .join(Person, Person.id == PersonUnmappedLabel.person_id)
        .where(PersonUnmappedLabel.kind == KIND, PersonUnmappedLabel.label.in_(written), Person.deleted_at.is_(None))
    )) if written else []
    given = _give_category(session, person_ids, target, now)
    insert_rows(session, PersonChange.__table__, [
        change_row(person_id, at=now, actor=actor, workstation=workstation, source=f"映射类别“{label}”",
                   changes={"人员类别": [None, [target.name]]}) for person_id in given])
    if written:
        session.execute(delete(PersonUnmappedLabel).where(PersonUnmappedLabel.kind == KIND,
                                                          PersonUnmappedLabel.label.in_(written)))
    refresh_visit_clocks(session, given)
    session.add(AuditEntry(at=now, actor=actor, workstation=workstation, action="map_label", entity="persons",
                           detail={"label": label, "category": target.code, "persons": len(given)}))
    session.flush()
    return len(given)


def _give_category(session: Session, person_ids: list, category, now: datetime) -> list:
    """Add (or revive) the membership for each person who lacks a live one; the persons changed."""
    existing: dict = {}
    for start in range(0, len(person_ids), _CHUNK):
        for person_id, deleted_at in session.execute(
            select(PersonCategory.person_id, PersonCategory.deleted_at)
            .where(PersonCategory.category_id == category.id,
                   PersonCategory.person_id.in_(person_ids[start:start + _CHUNK]))
        ):
            existing[person_id] = deleted_at
    revived = [p for p, deleted_at in existing.items() if deleted_at is not None]
    for start in range(0, len(revived), _CHUNK):
        session.execute(update(PersonCategory)
                        .where(PersonCategory.category_id == category.id,
                               PersonCategory.person_id.in_(revived[start:start + _CHUNK]))
                        .values(deleted_at=None, updated_at=now, version=PersonCategory.version + 1)
                        .execution_options(synchronize_session=False))
    new = [p for p in person_ids if p not in existing]
    insert_rows(session, PersonCategory.__table__, [membership_row(p, category.id, now) for p in new])
    return new + revived
