"""Read models of cases for lists, the detail view and JSON: plain values, never ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from app.cases.lights import Light


class CaseView(NamedTuple):
    """One case as a row of the queue shows it, lit at the instant it was read.

    A NamedTuple rather than a frozen dataclass: lists build ten thousand of these at a time.
    """

    id: uuid.UUID
    case_no: str
    external_no: str | None
    status: str
    status_label: str
    source: str
    category_code: str
    category: str
    urgency: str
    title: str
    address: str | None
    grid_code: str | None
    grid: str | None
    department: str | None
    reported_at: datetime
    due_at: datetime | None
    light: Light | None
    overdue: bool
    version: int
    limit_unit: str
    total_seconds: float
    consumed_seconds: float
    running_since: datetime | None


@dataclass(frozen=True, kw_only=True)
class EventView:
    seq: int
    action: str
    action_label: str
    actor: str
    at: datetime
    note: str | None
    from_status: str | None
    to_status: str
    department: str | None = None
    data: dict | None = None


@dataclass(frozen=True, kw_only=True)
class CardView:
    id: str
    color: str
    origin: str
    reason: str
    issuer: str
    department: str | None
    issued_at: datetime
    reply: str | None
    replied_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class CaseDetail:
    """Everything about one case: the row, its description, history, cards and what may be done."""

    case: CaseView
    description: str
    reporter_name: str | None
    reporter_phone: str | None
    lon: float | None
    lat: float | None
    time_limit: str
    remaining_seconds: float | None
    elapsed_seconds: float
    limit_is_working_time: bool
    stage_due_at: datetime | None
    rework_count: int
    escalation_level: int
    urge_count: int
    allowed_actions: list[str]
    suggested_department: str | None
    events: list[EventView] = field(default_factory=list)
    cards: list[CardView] = field(default_factory=list)


def iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    """ISO 8601 with the district's offset, to the second."""
    return value.astimezone(tz).isoformat(timespec="seconds") if value else None


def case_json(view: CaseView, tz: ZoneInfo) -> dict:
    """The JSON of a case in lists (the keys the issue names, plus title and source)."""
    return {
        "case_no": view.case_no,
        "external_no": view.external_no,
        "status": view.status,
        "category": view.category,
        "category_code": view.category_code,
        "urgency": view.urgency,
        "grid": view.grid,
        "grid_code": view.grid_code,
        "department": view.department,
        "reported_at": iso(view.reported_at, tz),
        "due_at": iso(view.due_at, tz),
        "light": view.light.value if view.light else None,
        "overdue": view.overdue,
        "source": view.source,
        "title": view.title,
    }


def detail_json(detail: CaseDetail, tz: ZoneInfo) -> dict:
    """The JSON of `cases show`: the list keys plus history and cards."""
    data = case_json(detail.case, tz)
    data.update(
        description=detail.description,
        address=detail.case.address,
        time_limit=detail.time_limit,
        stage_due_at=iso(detail.stage_due_at, tz),
        rework_count=detail.rework_count,
        allowed_actions=detail.allowed_actions,
        events=[
            {"action": e.action, "actor": e.actor, "at": iso(e.at, tz), "note": e.note,
             "from_status": e.from_status, "to_status": e.to_status, "department": e.department}
            for e in detail.events
        ],
        cards=[
            {"id": c.id, "color": c.color, "origin": c.origin, "reason": c.reason, "issuer": c.issuer,
             "department": c.department, "issued_at": iso(c.issued_at, tz), "reply": c.reply,
             "replied_at": iso(c.replied_at, tz)}
            for c in detail.cards
        ],
    )
    return data
