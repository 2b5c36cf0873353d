"""Re-derive a dispute's state from its merged events (offline sync on the server).

The disputes' counterpart of app.cases.rederive, under the same documented rule (events in `seq`
order; one the state at its point does not allow is kept, marked not applied and returned; one
already marked stays skipped). A dispute's row carries more than the workflow snapshot, so the
replay redoes, in the service's order, what `service.apply_action` does to the row itself:

- the workflow snapshot (status, is_open, level, result, confirmation_status) through
  `workflow.apply` and `projection.store`;
- the mediation clock: started by the event its rule runs from (effects.start_limit), stopped by
  the conclusions (projection.stop_clock, which also records `overdue`), extended by the period in
  an 'extend' event's data; then `projection.relight` sets the lights, as after every action;
- the dates those events set: accepted_at, concluded_at, effective_at, closed_at, filed_at/filer.

The records an action writes besides the row (sessions, agreements, obligations, transfers …)
arrive through the sync as rows of their own and are not touched here. The clock's period is
the dispute's rule as configured now, as the service would count it for the event it replays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.clock import extend as extend_clock
from app.cases.errors import ActionNotAllowed, MissingInput
from app.mediation import clocks
from app.mediation.drafts import ActionInputs
from app.mediation.effects import Act, start_limit
from app.mediation.projection import clock_of, put_clock, relight, stop_clock, store
from app.mediation.states import PERFORMANCE_STATUSES, DisputeAction, DisputeStatus
from app.mediation.workflow import DisputeSnapshot, DisputeStep, apply
from app.rejections import RejectedEvent, replay_history
from db.schema import Dispute, DisputeEvent, DisputeObligation

if TYPE_CHECKING:
    from app.mediation.service import MediationConfig

A = DisputeAction
#: the actions that end the mediation and stop its clock (effects.conclude, agree, transfer)
_CONCLUDING = frozenset({A.REFUSE, A.FAIL, A.TERMINATE, A.AGREE_WRITTEN, A.AGREE_ORAL, A.TRANSFER})

__all__ = ["RejectedEvent", "rederive_dispute"]


def rederive_dispute(session: Session, row: Dispute, config: MediationConfig) -> list[RejectedEvent]:
    """Replay the dispute's events onto its row; return the events newly set aside as not applied.

    `config` is the mediation service's MediationConfig (docket rules and working calendar).
    Runs inside the caller's write transaction; nothing is committed here.
    """
    events = session.scalars(select(DisputeEvent).where(DisputeEvent.dispute_id == row.id)
                             .order_by(DisputeEvent.seq)).all()
    # read before the row is touched: a query later would flush half a replay (and bump the version)
    obligations = session.scalars(select(DisputeObligation).where(DisputeObligation.dispute_id == row.id)).all()
    snapshot = _registered(session, row, events, config, obligations)

    def advance(current: DisputeSnapshot, event: DisputeEvent) -> DisputeSnapshot:
        after = apply(current, _step_of(event))
        _redo_effect(session, row, event, config)
        return after

    rejected = replay_history(events, snapshot, creating_action=A.REGISTER.value, advance=advance,
                              project=lambda current: _project(row, current, config, obligations))
    if row.event_count != len(events):
        row.event_count = len(events)
    return rejected


def _registered(session: Session, row: Dispute, events, config: MediationConfig, obligations) -> DisputeSnapshot:
    """Put the row back to what DisputeRegistrar.register made of it; the snapshot it projects."""
    row.limit_code = (row.limit_code or "default").removesuffix("@wd")  # start_limit adds it back
    row.limit_seconds = row.running_since = row.mediation_due_at = None
    row.extension_seconds = row.consumed_seconds = 0.0
    row.overdue = False
    row.accepted_at = row.concluded_at = row.effective_at = row.closed_at = row.filed_at = row.filer = None
    at = events[0].at if events and events[0].action == A.REGISTER.value else row.registered_at
    start_limit(Act(session, row, config.rules, config.calendar, ActionInputs(), row.registrar, at), "register")
    snapshot = DisputeSnapshot(status=DisputeStatus.REGISTERED, level=_first_level(row, events, config))
    _project(row, snapshot, config, obligations)
    return snapshot


def _first_level(row: Dispute, events, config: MediationConfig) -> int:
    """The ladder rung the dispute was registered on.

    The 'register' event records it; older histories do not, so it is the row's level when no
    escalation happened since, else the rung of the committee the first escalation left.
    """
    if events and "level" in (events[0].data or {}):
        return int(events[0].data["level"])
    escalations = [e.data for e in events if e.action == A.ESCALATE.value and e.data]
    if not escalations:
        return row.level
    left = config.rules.committee(escalations[0].get("from") or "") if escalations[0].get("from") else None
    return left.level if left else max(1, int(escalations[0].get("level") or 3) - 1)


def _step_of(event: DisputeEvent) -> DisputeStep:
    """The workflow step an event records: its note, and the level or decision its data kept."""
    try:
        action = DisputeAction(event.action)
    except ValueError:
        raise ActionNotAllowed(f"未知的操作“{event.action}”") from None
    data = event.data or {}
    return DisputeStep(action=action, note=event.note,
                       level=data.get("level") if action == A.ESCALATE else None,
                       decision=data.get("decision") if action == A.CONFIRM else None)


def _redo_effect(session: Session, row: Dispute, event: DisputeEvent, config: MediationConfig) -> None:
    """What the event's action did to the row's clock and dates (effects.py), nothing else.

    Anything refused is refused before the row is touched.
    """
    action, at = DisputeAction(event.action), max(event.at, row.registered_at)  # the service's rule
    if action == A.ACCEPT:
        row.accepted_at = at
        start_limit(Act(session, row, config.rules, config.calendar, ActionInputs(), event.actor, at), "accept")
    elif action in _CONCLUDING:
        stop_clock(row, config.calendar, at)
        row.concluded_at = at
        if action in (A.AGREE_WRITTEN, A.AGREE_ORAL):
            row.effective_at = at
    elif action == A.EXTEND:
        _extend(row, (event.data or {}).get("limit"), config)
    elif action == A.CLOSE:
        row.closed_at = at
    elif action == A.FILE:
        row.filed_at, row.filer = at, event.actor
        row.retention = (event.data or {}).get("retention") or row.retention


def _extend(row: Dispute, limit: str | None, config: MediationConfig) -> None:
    if not limit:
        raise MissingInput("延长调解期限的记录没有写明延长的期限")
    clock = clock_of(row)
    if clock is None or clock.running_since is None:
        raise ActionNotAllowed("调解期限未在计时，不能延长")
    extra = clocks.extension_seconds(clock, clocks.parse_period(limit), config.calendar)
    put_clock(row, extend_clock(clock, extra))


def _project(row: Dispute, snapshot: DisputeSnapshot, config: MediationConfig, obligations) -> None:
    """Store the snapshot and light the row, as the service does after every action."""
    store(row, snapshot)
    performing = snapshot.status in PERFORMANCE_STATUSES
    relight(row, obligations if performing else (), config.rules, config.calendar)
