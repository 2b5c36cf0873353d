"""Write the built-in roles and their default grants into a database that lacks them.

Seeded once per role: a role already in the table — and every grant an administrator changed —
is left alone. A database from before accounts existed may carry the setting
`people_reveal_roles` (comma-separated role codes); its roles receive `people.reveal` instead of
the default holders (the administrator keeps every permission), and the setting is retired, so the permission table is the only rule.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.accounts.roles import ADMIN, BUILTIN_ROLES
from db.schema import Role, RolePermission, Setting

LEGACY_REVEAL_SETTING = "people_reveal_roles"
REVEAL = "people.reveal"


def roles_seeded(session: Session) -> bool:
    """True when every built-in role is in the table."""
    have = session.scalar(select(func.count()).select_from(Role).where(Role.code.in_([r.code for r in BUILTIN_ROLES])))
    return have == len(BUILTIN_ROLES)


def seed_roles(session: Session) -> None:
    """Add the missing built-in roles with their default grants (the legacy reveal setting applied)."""
    present = set(session.scalars(select(Role.code)))
    legacy = _legacy_reveal_roles(session)
    for order, role in enumerate(BUILTIN_ROLES):
        if role.code in present:
            continue
        session.add(Role(code=role.code, name=role.name, name_en=role.name_en, sort_order=order))
        grants = set(role.grants)
        if legacy is not None and role.code != ADMIN:
            grants = (grants - {REVEAL}) | ({REVEAL} if role.code in legacy else set())
        session.add_all(RolePermission(role_code=role.code, permission=code) for code in sorted(grants))
    if legacy is not None:
        session.execute(delete(Setting).where(Setting.key == LEGACY_REVEAL_SETTING))


def _legacy_reveal_roles(session: Session) -> set[str] | None:
    value = session.scalar(select(Setting.value).where(Setting.key == LEGACY_REVEAL_SETTING,
                                                       Setting.deleted_at.is_(None)))
    roles = {part.strip() for part in (value or "").split(",") if part.strip()}
    return roles or None
