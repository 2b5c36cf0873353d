"""The people's-mediation docket (矛盾纠纷调解台账): disputes and everything recorded about them.

Configuration a district edits (dispute types with the mapping between the 司法部 and 综治
lists, time-limit rules, the file checklist, risk flags, committees and the mediator register)
is seeded from resources/mediation. A dispute's life is its append-only `dispute_events`;
the columns of `disputes` after `status` are a projection of them, recomputed in the same
transaction as each event, so lists, lights and statistics need no replay. Sessions,
investigations, visits, documents and links are append-only records too.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable, Keyed
from db.sealed import Sealed
from db.types import UTCDateTime


class DisputeType(Editable, Base):
    """A dispute type of one list: scheme 'sfb' (司法部 statistics) or 'zz' (综治 platforms);
    a 综治 type names the 司法部 type it is counted under in `maps_to`."""

    __tablename__ = "dispute_types"
    __table_args__ = (UniqueConstraint("scheme", "code"),)

    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(50))
    scheme: Mapped[str] = mapped_column(String(8))
    maps_to: Mapped[str | None] = mapped_column(String(16))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MediationLimit(Editable, Base):
    """A time-limit rule: 'default' 一个月, 'court_delegated' 30天, 'court_entrusted' 15天,
    'confirmation' (司法确认 window) … with its light ratios and the event it runs from."""

    __tablename__ = "mediation_limits"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(8))
    yellow_ratio: Mapped[float] = mapped_column(Float, default=0.8)
    red_ratio: Mapped[float] = mapped_column(Float, default=1.0)
    starts: Mapped[str] = mapped_column(String(16), default="accept")


class MediationFileItem(Editable, Base):
    """An item of the file checklist (卷宗): required for the listed results ('*' = always),
    satisfied by one of the listed events or by a document filed under its code."""

    __tablename__ = "mediation_file_items"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    required_when: Mapped[list] = mapped_column(JSON)
    satisfied_by: Mapped[list] = mapped_column(JSON)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class RiskFlag(Editable, Base):
    """A risk flag (民转刑, 群体性上访 …) with the warning colour it implies and whether it
    alerts the dispatcher; `stat_key` is the statistics column it counts in."""

    __tablename__ = "risk_flags"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    color: Mapped[str] = mapped_column(String(4))
    alert: Mapped[bool] = mapped_column(Boolean, default=False)
    stat_key: Mapped[str | None] = mapped_column(String(32))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MediationCommittee(Editable, Base):
    """A mediation body at one rung of the ladder: 1 调解小组, 2 村居调委会, 3 镇街调委会, 4 区县调解中心."""

    __tablename__ = "mediation_committees"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(Integer)
    region_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)


class Mediator(Editable, Base):
    """A mediator of the register (人民调解员名册)."""

    __tablename__ = "mediators"

    name: Mapped[str] = mapped_column(String(50))
    committee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_committees.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="兼职")
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Dispute(Editable, Base):
    """A dispute (矛盾纠纷). Columns from `status` on are the projection of its events."""

    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_registered_at", "registered_at"),
        Index("ix_disputes_year_seq", "year", "seq"),
        Index("ix_disputes_status_registered", "status", "registered_at"),
        Index("ix_disputes_accepted_at", "accepted_at"),
        # covering: the lights of every open dispute (by number) are read from the index alone
        Index("ix_disputes_open_lights", "is_open", "red_at", "yellow_at", "deleted_at", "dispute_no"),
        Index("ix_disputes_alert_registered", "alert", "registered_at"),
        Index("ix_disputes_stat_type_registered", "stat_type_id", "registered_at"),
        Index("ix_disputes_level_registered", "level", "registered_at"),
        Index("ix_disputes_committee_registered", "committee_id", "registered_at"),
        Index("ix_disputes_type_registered", "type_id", "registered_at"),
        Index("ix_disputes_community_registered", "community_id", "registered_at"),
        Index("ix_disputes_mediator_registered", "mediator_id", "registered_at"),
    )

    dispute_no: Mapped[str] = mapped_column(String(48), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    external_no: Mapped[str | None] = mapped_column(String(64), unique=True)
    committee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_committees.id"))
    community_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"))
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"))
    location: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))
    referring_body: Mapped[str | None] = mapped_column(String(100))
    referring_no: Mapped[str | None] = mapped_column(String(64))
    type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispute_types.id"))
    stat_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispute_types.id"))
    facts: Mapped[str] = mapped_column(Text)
    claims: Mapped[str | None] = mapped_column(Text)
    arose_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arose_place: Mapped[str | None] = mapped_column(String(200))
    people_involved: Mapped[int] = mapped_column(Integer, default=2)
    amount: Mapped[float | None] = mapped_column(Float)
    invited: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    registrar: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mediator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediators.id"))

    status: Mapped[str] = mapped_column(String(16))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[int] = mapped_column(Integer, default=2)
    result: Mapped[str | None] = mapped_column(String(16))
    risk_flags: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    warning: Mapped[str | None] = mapped_column(String(4))
    alert: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    limit_code: Mapped[str | None] = mapped_column(String(32))
    limit_seconds: Mapped[float | None] = mapped_column(Float)
    extension_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    consumed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mediation_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    yellow_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    red_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    agreement_kind: Mapped[str | None] = mapped_column(String(8))
    agreement_amount: Mapped[float | None] = mapped_column(Float)
    effective_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmation_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmation_status: Mapped[str | None] = mapped_column(String(12))
    performed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filer: Mapped[str | None] = mapped_column(String(64))
    retention: Mapped[str | None] = mapped_column(String(16))
    event_count: Mapped[int] = mapped_column(Integer, default=0)


class DisputeEvent(Keyed, Base):
    """One thing that happened to a dispute. Never deleted, never updated except when the server
    marks a desk's offline action as not applied (app.rejections)."""

    __tablename__ = "dispute_events"
    __table_args__ = (UniqueConstraint("dispute_id", "seq"),)

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    workstation: Mapped[str | None] = mapped_column(String(64))


class DisputeParty(Editable, Base):
    """A party (申请人/被申请人/第三人): a natural person, linked to the ledger when known,
    or a legal person with its representative; particulars typed in otherwise."""

    __tablename__ = "dispute_parties"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8), default="natural")
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(2))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    age: Mapped[int | None] = mapped_column(Integer)
    occupation: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(Sealed(32, purpose="phone"))  # both encrypted on a SQLite file (db.sealed)
    address: Mapped[str | None] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(Sealed(18, purpose="id"))
    representative: Mapped[str | None] = mapped_column(String(50))


class MediationSession(Keyed, Base):
    """One mediation session's 调解记录: time, place, attendees, record, result."""

    __tablename__ = "mediation_sessions"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(200))
    attendees: Mapped[str | None] = mapped_column(String(300))
    record: Mapped[str] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(100))
    mediator: Mapped[str] = mapped_column(String(64))


class DisputeInvestigation(Keyed, Base):
    """An investigation record (调查记录): 时间, 地点, 调查人, 被调查人, 内容, 记录人."""

    __tablename__ = "dispute_investigations"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(200))
    investigator: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    recorder: Mapped[str | None] = mapped_column(String(64))


class MediationAgreement(Editable, Base):
    """The agreement (人民调解协议书, or the 口头协议登记表 entry): numbered terms, performance."""

    __tablename__ = "mediation_agreements"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    facts: Mapped[str | None] = mapped_column(Text)
    terms: Mapped[list] = mapped_column(JSON)
    performance: Mapped[str | None] = mapped_column(Text)
    copies: Mapped[int] = mapped_column(Integer, default=3)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DisputeObligation(Editable, Base):
    """A performance obligation (what, amount, by when) and its follow-up task's clock."""

    __tablename__ = "dispute_obligations"
    __table_args__ = (Index("ix_dispute_obligations_open_due", "fulfilled_at", "due_at"),)

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    obligor: Mapped[str | None] = mapped_column(String(100))
    what: Mapped[str] = mapped_column(String(300))
    amount: Mapped[float | None] = mapped_column(Float)
    due_on: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    yellow_at: Mapped[datetime] = mapped_column(UTCDateTime)
    red_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    evidence: Mapped[str | None] = mapped_column(String(300))


class DisputeVisit(Keyed, Base):
    """A follow-up visit (回访) on the performance of an agreement."""

    __tablename__ = "dispute_visits"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    obligation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dispute_obligations.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    visitor: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    satisfied: Mapped[bool | None] = mapped_column(Boolean)


class DisputeTransfer(Editable, Base):
    """A typed transfer (升级, 公调, 诉调, 访调, 检调, 仲调) with its receipt and returned outcome."""

    __tablename__ = "dispute_transfers"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    from_body: Mapped[str | None] = mapped_column(String(100))
    to_body: Mapped[str] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ref_no: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_by: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DisputeDocument(Keyed, Base):
    """A document put in the file (申请书, 履行凭证 …) under a checklist item."""

    __tablename__ = "dispute_documents"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))


class DisputeCaseLink(Keyed, Base):
    """A dispute and a case that belong together; `origin` says which was opened from which."""

    __tablename__ = "dispute_case_links"
    __table_args__ = (UniqueConstraint("dispute_id", "case_id"),)

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    origin: Mapped[str] = mapped_column(String(8))
    actor: Mapped[str] = mapped_column(String(64))


class ScreeningReport(Editable, Base):
    """A community's screening report (排查) for one period ('2026-11', '2026-11上' …), zero reports included."""

    __tablename__ = "screening_reports"
    __table_args__ = (UniqueConstraint("community_id", "period"),)

    community_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("regions.id"))
    period: Mapped[str] = mapped_column(String(12), index=True)
    found: Mapped[int] = mapped_column(Integer, default=0)
    prevented: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    reporter: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
