"""Filling the audit log with entries at chosen times (audit_entry itself only writes the wall clock)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from app.accounts.principal import Principal
from db.schema import AuditEntry
from tests.conftest import local

START = local(2025, 9, 1, 8, 0)


def add_entries(database, specs) -> list[uuid.UUID]:
    """Insert (minutes after START, actor, action, entity, entity_id, detail) entries; their ids."""
    ids = []
    with database.write() as session:
        for minutes, actor, action, entity, entity_id, detail in specs:
            entry = AuditEntry(at=START + timedelta(minutes=minutes), actor=actor, workstation="desk-1",
                               action=action, entity=entity, entity_id=entity_id, detail=detail)
            session.add(entry)
            session.flush()
            ids.append(entry.id)
    return ids


def principal(login: str, permissions=("audit.view",), name: str = "审计员") -> Principal:
    """An account holding just `permissions`."""
    return Principal(login=login, name=name, role="viewer", role_name="只读", permissions=frozenset(permissions),
                     workstation="desk-9")


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def forget_settings(database, *keys: str) -> None:
    """Delete the Setting rows of `keys`: PostgreSQL keeps the settings table between tests."""
    from sqlalchemy import delete

    from db.schema import Setting
    with database.write() as session:
        session.execute(delete(Setting).where(Setting.key.in_(keys)))
