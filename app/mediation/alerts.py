"""What the dispatcher view shows about disputes: alerts for red-warned or 民转刑/群体性-flagged
disputes (raised like a case turning red), and the lights of every open dispute in one pass."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from app.mediation.queries import light_expression
from db.schema import Dispute


class DisputeAlert(NamedTuple):
    """An open dispute the dispatcher must see: its number, warning, flags (names) and facts."""

    id: uuid.UUID
    dispute_no: str
    warning: str | None
    flags: tuple[str, ...]
    facts: str
    registered_at: datetime


def dispute_alerts(service) -> list[DisputeAlert]:
    """Open disputes that raise the dispatcher's alert, the most recently registered first."""
    names = {code: flag.name for code, flag in service.config().rules.flags.items()}
    query = service.scoped(select(Dispute.id, Dispute.dispute_no, Dispute.warning, Dispute.risk_flags, Dispute.facts,
                                  Dispute.registered_at)
             .where(Dispute.is_open.is_(True), Dispute.alert.is_(True), Dispute.deleted_at.is_(None))
             .order_by(Dispute.registered_at.desc()))
    with service.database.read() as session:
        rows = session.execute(query).all()
    return [DisputeAlert(id=r.id, dispute_no=r.dispute_no, warning=r.warning,
                         flags=tuple(names.get(c, c) for c in (r.risk_flags or ())), facts=r.facts,
                         registered_at=r.registered_at) for r in rows]


def open_lights(service, now: datetime | None = None) -> dict[str, str | None]:
    """Every open dispute's light at `now` (default the service's now) by dispute number, computed
    in the database from one covering index (None: no clock runs)."""
    now = now or service.now()
    query = service.scoped(select(Dispute.dispute_no, light_expression(now))
                           .where(Dispute.is_open.is_(True), Dispute.deleted_at.is_(None)))
    with service.database.read() as session:
        return {number: light for number, light in session.execute(query)}
