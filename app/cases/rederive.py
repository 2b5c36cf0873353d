"""Re-derive a case's state from its merged events (offline sync on the server).

When several desks act on the same case offline, the server receives their events and appends
them after its own history (the sync assigns the `seq` numbers). The `cases` row — a projection
of the events — must then say what the merged history says. `rederive_case` replays the events
in `seq` order through the same `workflow.apply` the service uses and stores the result with the
same `projection.store`, one step at a time as the service did, so a history that merged cleanly
gives back exactly the row the service wrote (a closed case keeps the due time it had when it
closed; a re-derivation of an unchanged case writes nothing and does not bump its version).

The documented rule for impossible sequences: an event the state at its point does not allow
(ActionNotAllowed / MissingInput — the case was dispatched twice by two offline desks) stays in
the history but is not applied; app.rejections marks it and it is returned as a RejectedEvent.
An event already marked is skipped on later replays and not returned again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import TimeUnit
from app.cases.clock import CaseClock
from app.cases.errors import ActionNotAllowed
from app.cases.projection import store
from app.cases.states import Action, CaseStatus
from app.cases.workflow import CaseSnapshot, Step, apply
from app.rejections import RejectedEvent, replay_history
from db.schema import Case, CaseEvent

__all__ = ["RejectedEvent", "first_snapshot", "rederive_case", "step_of"]


def rederive_case(session: Session, row: Case, config) -> list[RejectedEvent]:
    """Replay the case's events onto its row; return the events newly set aside as not applied.

    `config` is the case service's Config (rules for the category's light policy, calendar).
    Runs inside the caller's write transaction; nothing is committed here.
    """
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == row.id).order_by(CaseEvent.seq)).all()
    policy = config.rules.categories[row.category_id].policy
    snapshot = first_snapshot(row)
    store(row, snapshot, policy, config.calendar)
    rejected = replay_history(
        events, snapshot, creating_action=Action.REPORT.value,
        advance=lambda current, event: apply(current, step_of(event, not_before=current.stage_started_at),
                                             config.calendar),
        project=lambda current: store(row, current, policy, config.calendar))
    if row.event_count != len(events):
        row.event_count = len(events)
    return rejected


def first_snapshot(row: Case) -> CaseSnapshot:
    """The snapshot of the case as reported (what CaseCreator.plan starts from).

    The clock is built from the row's stored `limit_seconds`, not from the calendar of today:
    the limit was fixed when the case was reported, and a holiday added since must not move it.
    """
    clock = CaseClock(unit=TimeUnit(row.limit_unit), limit_seconds=row.limit_seconds, running_since=row.reported_at)
    return CaseSnapshot(status=CaseStatus.REPORTED, clock=clock, stage_started_at=row.reported_at)


def step_of(event: CaseEvent, *, not_before: datetime | None = None) -> Step:
    """The workflow step an event records; an action this program does not know is not allowed.

    The step takes effect no earlier than `not_before` (the current stage's start), the rule the
    service applies to every action: a desk whose clock ran behind, or whose offline action is
    appended after the server's, cannot move the case back in time. The event keeps its own `at`.
    """
    try:
        action = Action(event.action)
    except ValueError:
        raise ActionNotAllowed(f"未知的操作“{event.action}”") from None
    extra = (event.data or {}).get("extra_seconds")
    at = max(event.at, not_before) if not_before is not None else event.at
    return Step(action=action, actor=event.actor, at=at, note=event.note,
                department_id=event.department_id, extra_seconds=extra)
