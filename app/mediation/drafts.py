"""What callers hand the service: a new dispute with its parties, and an action's inputs.

Plain values only; the service validates them and refuses bad input with one Chinese line.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, kw_only=True)
class PartyDraft:
    """A party: role 申请人/被申请人/第三人; kind natural or legal (a legal person with its
    representative); `person_id` links a ledger person (an ID number found in the ledger links too)."""

    role: str
    name: str
    kind: str = "natural"
    person_id: uuid.UUID | None = None
    sex: str | None = None
    ethnicity: str | None = None
    age: int | None = None
    occupation: str | None = None
    phone: str | None = None
    address: str | None = None
    id_number: str | None = None
    representative: str | None = None


@dataclass(frozen=True, kw_only=True)
class DisputeDraft:
    """A dispute to register. `type` is a code or name of either type list; `community` and
    `grid` are region codes or names; a referral source needs `referring_body`."""

    type: str
    facts: str
    source: str = "申请"
    channel: str | None = None
    claims: str | None = None
    referring_body: str | None = None
    referring_no: str | None = None
    committee: str | None = None
    level: int | None = None
    community: str | None = None
    grid: str | None = None
    location: str | None = None
    arose_at: datetime | None = None
    arose_place: str | None = None
    people_involved: int | None = None
    amount: float | None = None
    risk_flags: tuple[str, ...] = ()
    warning: str | None = None
    invited: tuple[str, ...] = ()
    mediator: str | None = None
    parties: tuple[PartyDraft, ...] = ()
    registered_at: datetime | None = None
    external_no: str | None = None
    limit_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class ObligationDraft:
    """One performance term: who owes what (and how much) by which day."""

    what: str
    due_on: date
    obligor: str | None = None
    amount: float | None = None


@dataclass(frozen=True, kw_only=True)
class ActionInputs:
    """Everything an action may need; each action reads its own fields (see `disputes act --help`)."""

    note: str | None = None
    at: datetime | None = None
    place: str | None = None
    attendees: str | None = None
    session_result: str | None = None
    subject: str | None = None
    recorder: str | None = None
    terms: tuple[str, ...] = ()
    facts: str | None = None
    performance: str | None = None
    copies: int | None = None
    obligations: tuple[ObligationDraft, ...] = ()
    decision: str | None = None
    obligation: int | None = None
    evidence: str | None = None
    satisfied: bool | None = None
    limit: str | None = None
    consent: tuple[str, ...] = ()
    level: str | int | None = None
    committee: str | None = None
    kind: str | None = None
    body: str | None = None
    ref_no: str | None = None
    flags: tuple[str, ...] = ()
    warning: str | None = None
    mediator: str | None = None
    item: str | None = None
    title: str | None = None
    case_no: str | None = None
    retention: str | None = None
    extra: dict = field(default_factory=dict)
