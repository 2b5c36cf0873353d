"""Supervision cards of the demo's simulated cases, filed when the sweep would have filed them.

The sweep (app/cases/sweep.py) files a yellow card the first time it sees a case yellow and a red
card the first time it sees it red. No sweep runs during the 90 days the demo simulates, and a
first sweep at start-up would date every card at that moment. So while a case's steps are
replayed, a `CardTimer` follows the thresholds the case row holds after each step (the light
policy's yellow and red instants, or the light kept while parked) and files each card at the
instant a sweep running without pause would have: when the light first showed that colour. The
cards carry the sweep's key, so a later sweep never files them again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.cases.lights import Light, light_at
from app.cases.states import CaseStatus
from app.cases.sweep import SYSTEM_ACTOR, card_reason
from db.schema import Case, SupervisionCard


class CardTimer:
    """Files one case's yellow and red cards as its replayed life crosses the thresholds."""

    def __init__(self, session: Session, row: Case, policy_kind: str):
        self._session = session
        self._row = row
        self._policy_kind = policy_kind
        self._filed: set[str] = set()

    def advance(self, start: datetime, end: datetime, *, end_included: bool) -> None:
        """File the cards due while the row stays as it is, from `start` (its last step) to
        `end` (its next step, excluded, or now, included)."""
        row = self._row
        if not CaseStatus(row.status).is_open:
            return
        if row.parked_light is not None:
            moments = [start]
        else:
            moments = sorted(max(at, start) for at in (row.yellow_at, row.red_at) if at is not None)
        for moment in moments:
            if moment > end or (moment == end and not end_included):
                return
            self._file_due(moment)

    def _file_due(self, moment: datetime) -> None:
        """The sweep's rule at `moment`: red once; yellow once, unless the case was already red."""
        row = self._row
        light = light_at(is_open=True, parked_light=row.parked_light, yellow_at=row.yellow_at,
                         red_at=row.red_at, now=moment)
        if light == Light.RED:
            color = "red"
        elif light == Light.YELLOW and "red" not in self._filed:
            color = "yellow"
        else:
            return
        if color in self._filed:
            return
        self._filed.add(color)
        self._session.add(SupervisionCard(
            case_id=row.id, color=color, origin="sweep", sweep_key=f"{row.id}:{color}",
            reason=card_reason(color, row.case_no, self._policy_kind), issuer=SYSTEM_ACTOR,
            department_id=row.department_id, issued_at=moment, created_at=moment, updated_at=moment,
        ))
