"""The one permission check: services call `require` before they act.

A refusal is evidence an auditor wants, so it is written to the audit log in a transaction of
its own (the caller's transaction is about to fail) and the message names the permission, so
a person knows what to ask the administrator for.
"""

from __future__ import annotations

import uuid

from app.accounts.errors import PermissionDenied
from app.accounts.permissions import BY_CODE
from app.accounts.principal import Principal
from db.engine import Database
from db.schema.audit import audit_entry, bounded_name

DENIED = "denied"


def denied_message(principal: Principal, code: str) -> str:
    """用户“x”没有“…”权限（code）…: one line naming the account and the permission."""
    label = BY_CODE[code].label if code in BY_CODE else code
    return f"用户“{bounded_name(principal.login)}”没有“{label}”权限（{code}），未执行（已记入审计日志）"


def require(database: Database, principal: Principal, code: str, *, entity: str = "permission",
            entity_id: uuid.UUID | None = None) -> None:
    """Return when `principal` holds `code`; otherwise audit the refusal and raise PermissionDenied."""
    if code not in BY_CODE:
        raise KeyError(f"unknown permission {code!r}")  # a programming error, not a user's
    if principal.may(code):
        return
    with database.write() as session:
        session.add(audit_entry(actor=principal.login, workstation=principal.workstation, action=DENIED,
                                entity=entity, entity_id=entity_id, detail={"permission": code}))
    raise PermissionDenied(denied_message(principal, code))
