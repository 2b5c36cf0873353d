"""Offline replicas: the replica's outbox and state, and the conflicts a sync found.

`sync_conflicts` is an ordinary synced table (created everywhere, pulled by every replica, its
resolution pushed back like any other change), so a conflict found at one desk can be settled at
the center and the other way round. The other three tables live only in a replica's SQLite file
(on PostgreSQL they stay empty):

- `sync_outbox`: one row per local change, written by the capture triggers (app.sync.capture)
  in the same transaction as the change; deleted only after the server acknowledged it.
- `sync_state`: the replica's settings and progress (server address, desk code, pull cursor,
  the capture switch) as key → value text.
- `sync_log`: what each sync did, for the sync log view and support.

The server's own bookkeeping (each row's writing transaction, tombstones, applied mutation ids,
the registered replicas) exists only on PostgreSQL and is made by migration 0013
(db.sync_server).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable
from db.sealed import SealedJSON
from db.types import UTCDateTime

CONFLICT_KINDS = ("update_update", "update_delete", "duplicate", "refused", "workflow")


class SyncConflict(Editable, Base):
    """Something a sync could not merge on its own, kept with the base, local and server values.

    `fields` maps each disputed column to {"base": …, "local": …, "server": …} (JSON values);
    `local_row` is the desk's whole row where the desk's change was not applied (a deleted or
    duplicate record), so nothing the desk typed is lost. Both may hold ID numbers and phones:
    they are encrypted on a sealed SQLite file like every other personal datum. A resolution is a
    new change to the record plus `resolved_at` / `resolved_by` / `resolution` here.
    """

    __tablename__ = "sync_conflicts"

    kind: Mapped[str] = mapped_column(String(16), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    desk: Mapped[str] = mapped_column(String(64))
    mutation_id: Mapped[str | None] = mapped_column(String(36))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fields: Mapped[dict | None] = mapped_column(SealedJSON("conflict"))
    local_row: Mapped[dict | None] = mapped_column(SealedJSON("conflict"))
    detail: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(String(16))


class SyncOutbox(Base):
    """One captured local change, in the order it was made (`seq`)."""

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    made_at: Mapped[str] = mapped_column(String(32))


class SyncState(Base):
    """A replica's settings and progress, one value per key (see app.sync.state)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class SyncLogEntry(Base):
    """One sync (or a failed attempt) as the sync log shows it."""

    __tablename__ = "sync_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[str] = mapped_column(String(12))
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float | None] = mapped_column(Float)
    message: Mapped[str | None] = mapped_column(Text)
