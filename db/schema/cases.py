"""Cases, their append-only events, and supervision cards."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable, Keyed
from db.sealed import Sealed
from db.types import UTCDateTime


class Case(Editable, Base):
    """A case (事件/案件). The columns after `status` are a projection of its events.

    `status`, the clock and the light thresholds are recomputed from the events by the case
    service in the same transaction as each new event, so lists and filters need no replay.
    """

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_open_due", "status", "due_at"),
        Index("ix_cases_reported_at", "reported_at"),
        # the map and the other watchers read "what changed since": an index range, not a scan
        Index("ix_cases_updated_at", "updated_at"),
    )

    case_no: Mapped[str] = mapped_column(String(24), unique=True)
    external_no: Mapped[str | None] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(20))
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_categories.id"), index=True)
    urgency: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(300))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)
    reporter_name: Mapped[str | None] = mapped_column(String(50))
    reporter_phone: Mapped[str | None] = mapped_column(Sealed(32, purpose="phone"))  # encrypted on a SQLite file (db.sealed)
    reporter_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"), index=True)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)

    status: Mapped[str] = mapped_column(String(12), index=True)
    status_before_park: Mapped[str | None] = mapped_column(String(12))
    limit_amount: Mapped[float] = mapped_column(Float)
    limit_unit: Mapped[str] = mapped_column(String(8))
    limit_seconds: Mapped[float] = mapped_column(Float)
    extension_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    consumed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stage_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    yellow_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    red_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    parked_light: Mapped[str | None] = mapped_column(String(8))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rework_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    urge_count: Mapped[int] = mapped_column(Integer, default=0)
    event_count: Mapped[int] = mapped_column(Integer, default=0)


class CaseEvent(Keyed, Base):
    """One thing that happened to a case. Never deleted, and never updated — except once by the server
    when it merges desks' offline histories: an action that no longer applied is marked so in `data`
    and its statuses (app.rejections). A correction is a new event."""

    __tablename__ = "case_events"
    #: (action, at, case_id): the assessment finds "the cases registered / handled / closed in a
    #: period" as an index range per action, without reading the events themselves
    __table_args__ = (UniqueConstraint("case_id", "seq"),
                      Index("ix_case_events_action_at", "action", "at", "case_id"))

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    data: Mapped[dict | None] = mapped_column(JSON)
    workstation: Mapped[str | None] = mapped_column(String(64))


class SupervisionCard(Editable, Base):
    """A yellow/red card (黄牌/红牌督办) or a leader's instruction on a case.

    Cards filed by the sweep carry `sweep_key` ('<case id>:yellow'); its uniqueness makes
    "once per case and colour" hold even when two workstations sweep at the same moment.
    """

    __tablename__ = "supervision_cards"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    color: Mapped[str] = mapped_column(String(8))
    origin: Mapped[str] = mapped_column(String(8))
    sweep_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(64))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
