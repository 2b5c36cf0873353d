"""Privacy of the people ledger (个人信息保护法, DESIGN §6): masking and the audited reveal.

ID numbers, phones and sensitive categories (社区矫正, 吸毒, 严重精神障碍 …) are sensitive personal
information: every list and search shows them masked. Showing one in clear is a *reveal*: it
needs the permission and writes an audit entry — and so does a refused attempt, because a
refusal is exactly what an auditor wants to see.

The permission rule, until accounts and a login exist: the acting login must be a live staff
member whose role is one of the reveal roles. The roles are data — the setting
`people_reveal_roles` (comma-separated role codes) — defaulting to the shift leader (值班长),
the leader (领导) and the administrator. Grid workers and dispatchers see masked values only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.errors import CaseError
from db.engine import Database
from db.schema import (
    AuditEntry,
    Person,
    PersonCategory,
    PopulationCategory,
    Setting,
    Staff,
)

SENSITIVE_LABEL = "敏感类别"
REVEAL_ROLES_SETTING = "people_reveal_roles"
DEFAULT_REVEAL_ROLES = ("shift_leader", "leader", "admin")
FIELDS = {"id_number": "身份证号", "phone": "联系电话", "categories": "人员类别"}

PermissionCheck = Callable[[Session, str], bool]


class RevealDenied(CaseError):
    """The acting user may not see this value in clear (the attempt was audited)."""


class Revealed(NamedTuple):
    """A value shown in clear and the audit entry that records it."""

    person_id: uuid.UUID
    field: str
    value: str | tuple[str, ...] | None
    audit_id: uuid.UUID


def mask_id_number(number: str | None) -> str:
    """110105********002X: the region and the last four stay, the birth date and order are hidden."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """138****8000: the prefix and the last four stay."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_categories(categories: Iterable[tuple[str, bool]]) -> tuple[str, ...]:
    """Category names with every sensitive one shown as 敏感类别 (once, at the end)."""
    plain, hidden = [], False
    for name, sensitive in categories:
        if sensitive:
            hidden = True
        else:
            plain.append(name)
    return tuple(plain) + ((SENSITIVE_LABEL,) if hidden else ())


def reveal_roles(session: Session) -> frozenset[str]:
    """The role codes that may reveal: the setting, else the defaults."""
    value = session.scalar(
        select(Setting.value).where(Setting.key == REVEAL_ROLES_SETTING, Setting.deleted_at.is_(None))
    )
    roles = [part.strip() for part in (value or "").split(",") if part.strip()]
    return frozenset(roles or DEFAULT_REVEAL_ROLES)


def role_may_reveal(session: Session, actor: str) -> bool:
    """The default permission check: `actor` is a live staff login holding a reveal role."""
    role = session.scalar(select(Staff.role).where(Staff.login == actor, Staff.deleted_at.is_(None)))
    return role is not None and role in reveal_roles(session)


def reveal(
    database: Database, person_id: uuid.UUID, field: str, actor: str, workstation: str | None,
    permission_check: PermissionCheck = role_may_reveal, now: datetime | None = None,
) -> Revealed:
    """One field of one person in clear, audited; RevealDenied (also audited) without permission."""
    return reveal_many(database, [person_id], [field], actor, workstation, permission_check, now)[0]


def reveal_many(
    database: Database, person_ids: Sequence[uuid.UUID], fields: Sequence[str], actor: str,
    workstation: str | None, permission_check: PermissionCheck = role_may_reveal,
    now: datetime | None = None,
) -> list[Revealed]:
    """Fields of several persons in clear (e.g. a search shown with --reveal): one audit entry
    per person and field, written in the same transaction that reads the values."""
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise CaseError(f"不能显示字段“{unknown[0]}”：可显示 {'、'.join(FIELDS)}")
    at = now or datetime.now(UTC)
    with database.write() as session:
        allowed = permission_check(session, actor)
        if not allowed:
            for person_id in person_ids:
                for field in fields:
                    _audit(session, "reveal_denied", person_id, field, actor, workstation, at)
    if not allowed:
        raise RevealDenied(f"用户“{actor}”无权查看完整的{'、'.join(FIELDS[f] for f in fields)}（已记入审计日志）")
    with database.write() as session:
        values = _clear_values(session, person_ids)
        missing = [pid for pid in person_ids if pid not in values]
        if missing:
            raise CaseError(f"没有编号为 {missing[0]} 的人员")
        return [
            Revealed(pid, field, values[pid][field], _audit(session, "reveal", pid, field, actor, workstation, at))
            for pid in person_ids for field in fields
        ]


def _clear_values(session: Session, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict]:
    rows = session.execute(
        select(Person.id, Person.id_number, Person.phone)
        .where(Person.id.in_(person_ids), Person.deleted_at.is_(None))
    ).all()
    values = {pid: {"id_number": number, "phone": phone, "categories": ()} for pid, number, phone in rows}
    memberships = session.execute(
        select(PersonCategory.person_id, PopulationCategory.name)
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .where(PersonCategory.person_id.in_(person_ids), PersonCategory.deleted_at.is_(None))
        .order_by(PopulationCategory.sort_order)
    ).all()
    for pid, name in memberships:
        if pid in values:
            values[pid]["categories"] += (name,)
    return values


def _audit(session: Session, action: str, person_id: uuid.UUID, field: str, actor: str,
           workstation: str | None, at: datetime) -> uuid.UUID:
    entry = AuditEntry(at=at, actor=actor, workstation=workstation, action=action, entity="person",
                       entity_id=person_id, detail={"field": field})
    session.add(entry)
    session.flush()
    return entry.id
