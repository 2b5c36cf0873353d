"""The wall's mediation panel: today's docket figures and the disputes that raise the alert.

Counts go through the docket's own filter and service (app.mediation), the alerts are the
dispatcher view's (`app.mediation.alerts.dispute_alerts`: red-warned or 民转刑/群体性-flagged
open disputes), so the wall says nothing the docket would not. A district without a docket (no
dispute ever registered) gets no panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.cases.lights import Light
from app.mediation.alerts import DisputeAlert, dispute_alerts
from app.mediation.queries import DisputeFilter
from app.mediation.service import MediationService
from app.mediation.states import SUCCESS_RESULTS
from db.schema import Dispute, MediationSession

#: the most alerts the panel holds
MAX_ALERTS = 30


@dataclass(frozen=True, kw_only=True)
class MediationToday:
    """Today's docket: registered, mediation sessions held, agreements reached; the open disputes
    and those past their time (red); the alerts, newest first (at most MAX_ALERTS)."""

    exists: bool
    registered: int = 0
    sessions: int = 0
    agreed: int = 0
    open: int = 0
    red: int = 0
    alerts: tuple[DisputeAlert, ...] = ()
    alert_count: int = 0


def mediation_today(service: MediationService, start: datetime, end: datetime) -> MediationToday:
    """The docket's figures for the day [start, end)."""
    live = Dispute.deleted_at.is_(None)
    with service.database.read() as session:
        any_dispute = session.execute(select(Dispute.id).where(live).limit(1)).first()
        if any_dispute is None:
            return MediationToday(exists=False)
        sessions = session.execute(
            select(func.count()).select_from(MediationSession).join(Dispute, Dispute.id == MediationSession.dispute_id)
            .where(live, MediationSession.at >= start, MediationSession.at < end)).scalar_one()
        agreed = session.execute(
            select(func.count()).select_from(Dispute)
            .where(live, Dispute.result.in_(SUCCESS_RESULTS), Dispute.concluded_at >= start,
                   Dispute.concluded_at < end)).scalar_one()
    registered = service.count(DisputeFilter(registered_from=start, registered_to=end))
    open_count = service.count(DisputeFilter(open_only=True))
    red = service.count(DisputeFilter(open_only=True, light=Light.RED))
    alerts = dispute_alerts(service)
    return MediationToday(exists=True, registered=registered, sessions=sessions, agreed=agreed, open=open_count,
                          red=red, alerts=tuple(alerts[:MAX_ALERTS]), alert_count=len(alerts))
