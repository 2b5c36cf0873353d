"""The administrator's role × permission table: read it, and change grants (audited).

The grants are data (db/schema/accounts.py); this is the one place that changes them after
seeding. Each role whose grants change gets one audit entry naming what was added and removed,
in the same transaction. The administrator role always keeps `accounts.manage`, so a center
cannot lock itself out of its own accounts by a slip of the mouse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select

from app.accounts.audit_actions import ROLE_GRANTS_CHANGED
from app.accounts.errors import AccountError
from app.accounts.guard import require
from app.accounts.permissions import ALL_CODES
from app.accounts.principal import Principal
from app.accounts.roles import ADMIN
from db.engine import Database
from db.schema import Role, RolePermission
from db.schema.audit import audit_entry

MANAGE = "accounts.manage"


@dataclass(frozen=True, kw_only=True)
class RoleGrants:
    """One role as the table shows it: its code, name and the permissions it holds now."""

    code: str
    name: str
    grants: frozenset[str]


def role_table(database: Database) -> list[RoleGrants]:
    """Every role in its display order with its grants."""
    with database.read() as session:
        roles = session.execute(select(Role.code, Role.name).where(Role.deleted_at.is_(None))
                                .order_by(Role.sort_order, Role.code)).all()
        pairs = session.execute(select(RolePermission.role_code, RolePermission.permission)).all()
    held: dict[str, set[str]] = {}
    for role, code in pairs:
        held.setdefault(role, set()).add(code)
    return [RoleGrants(code=code, name=name, grants=frozenset(held.get(code, ()))) for code, name in roles]


def set_role_grants(database: Database, wanted: Mapping[str, frozenset[str]], by: Principal) -> int:
    """Make each role in `wanted` hold exactly those permissions; the number of roles changed."""
    require(database, by, MANAGE, entity="role")
    unknown = {code for grants in wanted.values() for code in grants} - ALL_CODES
    if unknown:
        raise AccountError(f"未知的权限：{'、'.join(sorted(unknown))}")
    if ADMIN in wanted and MANAGE not in wanted[ADMIN]:
        raise AccountError("系统管理员角色必须保留“管理账户与角色权限”，否则无人能再管理账户")
    changed = 0
    with database.write() as session:
        known = set(session.scalars(select(Role.code).where(Role.deleted_at.is_(None))))
        for role, grants in wanted.items():
            if role not in known:
                raise AccountError(f"角色“{role[:32]}”不存在")
            have = set(session.scalars(select(RolePermission.permission).where(RolePermission.role_code == role)))
            added, removed = set(grants) - have, have - set(grants)
            if not added and not removed:
                continue
            if removed:
                session.execute(delete(RolePermission).where(RolePermission.role_code == role,
                                                             RolePermission.permission.in_(removed)))
            session.add_all(RolePermission(role_code=role, permission=code) for code in sorted(added))
            session.add(audit_entry(actor=by.login, workstation=by.workstation, action=ROLE_GRANTS_CHANGED,
                                    entity="role", detail={"role": role, "added": sorted(added),
                                                           "removed": sorted(removed)}))
            changed += 1
    return changed
