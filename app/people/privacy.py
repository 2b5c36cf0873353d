"""Privacy of the people ledger (个人信息保护法): masking and the audited reveal.

ID numbers, phones and sensitive categories (社区矫正, 吸毒, 严重精神障碍 …) are sensitive personal
information: every list and search shows them masked. Showing one in clear is a *reveal*: it
needs the permission and writes an audit entry — and so does a refused attempt, because a
refusal is exactly what an auditor wants to see.

What is shown together must not complete a mask. The masked ID (370299********0014) hides
exactly the eight digits of the birth date, so the birth date is a revealed field too: lists,
cards, search results and masked exports show the age instead (which leaves the birth day
within a year, about thirty candidates once the check digit is used — not the number).

The permission rule is the permission table's: the acting account's role must hold
`people.reveal` (by default the shift leader 值班长, the leader 领导 and the administrator;
app/accounts/roles.py). A viewer made from a logged-in Principal (`Viewer.of`) asks the principal
through app.accounts.guard — the one permission check — and sees only the persons of its scope;
a viewer named only by a login looks the login's role up. Grid workers and dispatchers see
masked values only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.guard import denied_message as guard_denied_message
from app.accounts.principal import SYSTEM, WHOLE_DISTRICT, Principal, Scope
from app.accounts.scope import person_condition
from app.accounts.service import role_permissions
from app.cases.errors import CaseError
from app.scoping import narrowed
from db.engine import Database
from db.schema import (
    Person,
    PersonCategory,
    PopulationCategory,
    Staff,
)
from db.schema.audit import audit_entry, bounded_name

SENSITIVE_LABEL = "敏感类别"
REVEAL_PERMISSION = "people.reveal"
FIELDS = {"id_number": "身份证号", "phone": "联系电话", "birth_date": "出生日期", "categories": "人员类别"}
#: what a birth date shows until it is revealed (the age is shown beside it)
MASKED_DATE = "****-**-**"

PermissionCheck = Callable[[Session, str], bool]


class RevealDenied(CaseError):
    """The acting user may not see this value in clear (the attempt was audited)."""


class Revealed(NamedTuple):
    """A value shown in clear and the audit entry that records it."""

    person_id: uuid.UUID
    field: str
    value: str | date | tuple[str, ...] | None
    audit_id: uuid.UUID


def age_at(birth: date, today: date) -> int:
    """Full years of age on `today` (a 29 February birthday counts from 1 March): what lists
    show instead of the birth date."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


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


def role_may_reveal(session: Session, actor: str) -> bool:
    """The default permission check: `actor` is an enabled staff login whose role holds people.reveal."""
    role = session.scalar(select(Staff.role).where(Staff.login == actor, Staff.deleted_at.is_(None),
                                                   Staff.disabled.is_(False)))
    return role is not None and REVEAL_PERMISSION in role_permissions(session, role)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the acting login, the workstation, how the permission is checked and, for
    a logged-in account, its Principal (whose scope narrows what the viewer finds)."""

    actor: str
    workstation: str | None = None
    permission_check: PermissionCheck = role_may_reveal
    principal: Principal | None = None

    @classmethod
    def of(cls, principal: Principal, workstation: str | None = None) -> Viewer:
        """The viewer a logged-in account is: its permissions and scope are the principal's. The
        program itself (SYSTEM's role: a database without accounts yet, acting under the login it
        was given) keeps the rule from before accounts: that login's staff role may reveal or not."""
        if principal.role == SYSTEM.role:
            return cls(principal.login, workstation or principal.workstation)
        return cls(principal.login, workstation or principal.workstation, principal_may_reveal(principal), principal)

    @classmethod
    def acting(cls, principal: Principal, login: str, workstation: str | None = None) -> Viewer:
        """The viewer behind a service or a screen: the logged-in account; for SYSTEM (nobody logged
        in: the program's own jobs, tests) the `login` it acts under, by that login's role."""
        return cls.of(replace(SYSTEM, login=login) if principal is SYSTEM else principal, workstation)

    @property
    def scope(self) -> Scope:
        return self.principal.scope if self.principal is not None else WHOLE_DISTRICT

    def may_reveal(self, session: Session) -> bool:
        """True when this viewer may see sensitive personal information in clear."""
        return self.permission_check(session, self.actor)

    def may_output_clear(self, session: Session, code: str) -> bool:
        """True when an export or a print (`code`: export.personal, print.personal) may carry ID
        numbers and phones in clear: a logged-in account's role must hold `code` (a mediator
        prints the agreement the parties sign); a viewer named only by a login, people.reveal."""
        if self.principal is None:
            return self.may_reveal(session)
        return self.principal.may(code)


def principal_may_reveal(principal: Principal) -> PermissionCheck:
    """The permission check of a logged-in account: its role's people.reveal, as the principal
    holds it (Principal.may, the rule guard.require applies). The callers audit a refusal
    themselves (reveal_denied, sensitive_read_denied, as before accounts) inside their own
    transaction, so the guard's separate entry is not written twice."""

    def check(session: Session, actor: str) -> bool:
        return principal.may(REVEAL_PERMISSION)

    return check


def denied_message(actor: str, what: str) -> str:
    """The one line a refusal shows: who may not see what (the login bounded, as audited)."""
    return f"用户“{bounded_name(actor)}”无权{what}（已记入审计日志）"


def reveal(
    database: Database, person_id: uuid.UUID, field: str, actor: str, workstation: str | None,
    permission_check: PermissionCheck = role_may_reveal, *, principal: Principal | None = None,
) -> Revealed:
    """One field of one person in clear, audited; RevealDenied (also audited) without permission."""
    return reveal_many(database, [person_id], [field], actor, workstation, permission_check, principal=principal)[0]


def reveal_many(
    database: Database, person_ids: Sequence[uuid.UUID], fields: Sequence[str], actor: str,
    workstation: str | None, permission_check: PermissionCheck = role_may_reveal, *,
    principal: Principal | None = None,
) -> list[Revealed]:
    """Fields of several persons in clear (e.g. a search shown with --reveal): one audit entry
    per person and field, written in the same transaction that reads the values, at the wall
    clock (db.schema.audit). Given the logged-in `principal`, its permission decides and a person
    outside its scope is reported missing, like one that does not exist."""
    scope = WHOLE_DISTRICT
    if principal is not None:
        permission_check, scope = principal_may_reveal(principal), principal.scope
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise CaseError(f"不能显示字段“{unknown[0]}”：可显示 {'、'.join(FIELDS)}")
    with database.write() as session:
        allowed = permission_check(session, actor)
        if not allowed:
            for person_id in person_ids:
                for field in fields:
                    _audit(session, "reveal_denied", person_id, field, actor, workstation)
    if not allowed:
        if principal is not None:  # an account: the message names the permission to ask for
            raise RevealDenied(guard_denied_message(principal, REVEAL_PERMISSION))
        raise RevealDenied(denied_message(actor, f"查看完整的{'、'.join(FIELDS[f] for f in fields)}"))
    with database.write() as session:
        values = _clear_values(session, person_ids, scope)
        missing = [pid for pid in person_ids if pid not in values]
        if missing:
            raise CaseError(f"没有编号为 {missing[0]} 的人员")
        return [
            Revealed(pid, field, values[pid][field], _audit(session, "reveal", pid, field, actor, workstation))
            for pid in person_ids for field in fields
        ]


def _clear_values(session: Session, person_ids: Sequence[uuid.UUID], scope: Scope) -> dict[uuid.UUID, dict]:
    rows = session.execute(narrowed(
        select(Person.id, Person.id_number, Person.phone, Person.birth_date)
        .where(Person.id.in_(person_ids), Person.deleted_at.is_(None)), scope, person_condition)
    ).all()
    values = {pid: {"id_number": number, "phone": phone, "birth_date": birth, "categories": ()}
              for pid, number, phone, birth in rows}
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
           workstation: str | None) -> uuid.UUID:
    entry = audit_entry(actor=actor, workstation=workstation, action=action, entity="person",
                        entity_id=person_id, detail={"field": field})
    session.add(entry)
    session.flush()
    return entry.id
