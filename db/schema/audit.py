"""The audit log: who viewed or changed what, when, from which workstation.

An audit entry is evidence, so two rules hold for every entry:
- its time is the wall clock when it is written (`audit_entry` takes no time): the instant a
  command evaluates lights at (`--now`, GRIDCC_NOW) never reaches the log, so no entry can be
  backdated;
- whoever acted is recorded however long or odd the login is: a login or workstation longer
  than its column is stored cut to the column with a trailing "…" (and NUL characters, which
  PostgreSQL refuses in text, are dropped), so a refused reveal by an over-long login is audited
  on PostgreSQL as on SQLite instead of failing the insert.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, validates

from db.schema.base import Base, Keyed, utcnow
from db.types import UTCDateTime

#: length of the actor and workstation columns
NAME_LENGTH = 64
ELLIPSIS = "…"


def bounded_name(text: str | None, length: int = NAME_LENGTH) -> str | None:
    """`text` without NUL characters, cut to `length` characters ending in "…" when longer."""
    if text is None:
        return None
    text = text.replace("\x00", "")
    return text if len(text) <= length else text[:length - 1] + ELLIPSIS


class AuditEntry(Keyed, Base):
    """One audited act. Append-only; made through `audit_entry`."""

    __tablename__ = "audit_log"
    __table_args__ = (
        # the viewer's filters, newest first: one person's acts, one kind of act, one record's history
        Index("ix_audit_log_actor_at", "actor", "at"),
        Index("ix_audit_log_action_at", "action", "at"),
        Index("ix_audit_log_entity_id_at", "entity_id", "at"),
    )

    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(NAME_LENGTH))
    workstation: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    detail: Mapped[dict | None] = mapped_column(JSON)

    @validates("actor", "workstation")
    def _bounded(self, _key: str, value: str | None) -> str | None:
        return bounded_name(value)


def audit_entry(*, actor: str, workstation: str | None, action: str, entity: str,
                entity_id: uuid.UUID | None = None, detail: dict | None = None) -> AuditEntry:
    """A new audit entry at the wall clock (never a command's --now), to add to a session."""
    return AuditEntry(at=utcnow(), actor=actor, workstation=workstation, action=action, entity=entity,
                      entity_id=entity_id, detail=detail)
