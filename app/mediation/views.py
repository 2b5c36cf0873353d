"""Read models of disputes for lists, the dispute card and JSON: plain values, never ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from app.cases.lights import Light
from app.cases.views import iso
from app.mediation.files import ChecklistLine


class DisputeView(NamedTuple):
    """One dispute as a docket row shows it, lit at the instant it was read."""

    id: uuid.UUID
    dispute_no: str
    status: str
    status_label: str
    type_code: str
    type: str
    level: int
    level_label: str
    committee: str | None
    community: str | None
    source: str
    facts: str
    registered_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None
    light: Light | None
    overdue: bool
    result: str | None
    confirmation_due_at: datetime | None
    confirmation_due_on: date | None
    warning: str | None
    risk_flags: tuple[str, ...]
    alert: bool
    mediator: str | None
    amount: float | None
    version: int


@dataclass(frozen=True, kw_only=True)
class PartyView:
    seq: int
    role: str
    kind: str
    name: str
    person_id: uuid.UUID | None
    sex: str | None
    ethnicity: str | None
    age: int | None
    occupation: str | None
    phone: str | None
    address: str | None
    id_number: str | None
    representative: str | None


@dataclass(frozen=True, kw_only=True)
class DisputeDetail:
    """Everything about one dispute: the card's content and what may be done next."""

    dispute: DisputeView
    claims: str | None
    channel: str | None
    referring_body: str | None
    referring_no: str | None
    location: str | None
    arose_at: datetime | None
    arose_place: str | None
    people_involved: int
    invited: tuple[str, ...]
    limit: str | None
    mediation_due_at: datetime | None
    days_left: int | None
    confirmation_status: str | None
    confirmation_days_left: int | None
    performed_at: datetime | None
    closed_at: datetime | None
    filed_at: datetime | None
    allowed_actions: list[str]
    parties: list[PartyView] = field(default_factory=list)
    sessions: list[dict] = field(default_factory=list)
    investigations: list[dict] = field(default_factory=list)
    agreement: dict | None = None
    obligations: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    transfers: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    checklist: list[ChecklistLine] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)


def dispute_json(view: DisputeView, tz: ZoneInfo) -> dict:
    """The JSON of a dispute in lists: the keys the issue names, plus a few the pane shows."""
    return {
        "dispute_no": view.dispute_no,
        "status": view.status,
        "type": view.type,
        "level": view.level_label,
        "committee": view.committee,
        "community": view.community,
        "source": view.source,
        "accepted_at": iso(view.accepted_at, tz),
        "due_at": iso(view.due_at, tz),
        "light": view.light.value if view.light else None,
        "result": view.result,
        "confirmation_due_on": view.confirmation_due_on.isoformat() if view.confirmation_due_on else None,
        "registered_at": iso(view.registered_at, tz),
        "warning": view.warning,
        "risk_flags": list(view.risk_flags),
        "mediator": view.mediator,
    }


def detail_json(detail: DisputeDetail, tz: ZoneInfo) -> dict:
    """The JSON of `disputes show`: the list keys plus parties, sessions, agreement, obligations,
    visits, transfers and events (ID numbers and phones masked)."""
    from app.people.privacy import mask_id_number, mask_phone

    data = dispute_json(detail.dispute, tz)
    data.update(
        facts=detail.dispute.facts, claims=detail.claims, referring_body=detail.referring_body,
        referring_no=detail.referring_no, limit=detail.limit, days_left=detail.days_left,
        confirmation_status=detail.confirmation_status, confirmation_days_left=detail.confirmation_days_left,
        allowed_actions=detail.allowed_actions,
        parties=[{"role": p.role, "kind": p.kind, "name": p.name, "linked": p.person_id is not None,
                  "sex": p.sex, "age": p.age, "phone": mask_phone(p.phone) if p.phone else None,
                  "id_number": mask_id_number(p.id_number) if p.id_number else None,
                  "representative": p.representative} for p in detail.parties],
        sessions=[_stamped(s, tz) for s in detail.sessions],
        investigations=[_stamped(s, tz) for s in detail.investigations],
        agreement=_stamped(detail.agreement, tz) if detail.agreement else None,
        obligations=[_stamped(o, tz) for o in detail.obligations],
        visits=[_stamped(v, tz) for v in detail.visits],
        transfers=[_stamped(t, tz) for t in detail.transfers],
        cases=detail.cases,
        file=[{"item": c.code, "name": c.name, "required": c.required, "present": c.present}
              for c in detail.checklist],
        events=[_stamped(e, tz) for e in detail.events],
    )
    return data


def _stamped(record: dict, tz: ZoneInfo) -> dict:
    """A record with its datetimes as district-time ISO text and dates as ISO dates."""
    out = {}
    for key, value in record.items():
        if isinstance(value, datetime):
            out[key] = iso(value, tz)
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, Light):
            out[key] = value.value
        else:
            out[key] = value
    return out
