"""The workflow as a pure function: (snapshot, step) → snapshot.

The case service, the demo generator and replays of the event history all go through `apply`,
so a case's state is always what its events say it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from app.calendar import WorkingCalendar
from app.cases import clock as clocks
from app.cases.clock import CaseClock
from app.cases.errors import ActionNotAllowed, MissingInput
from app.cases.states import ESCALATION_LEVELS, OPEN_STATUSES, Action, CaseStatus

S = CaseStatus
_SIDE_ACTIONS = (Action.URGE, Action.SUPERVISE, Action.ESCALATE, Action.EXTEND)

#: action → (states it is allowed in, state it leads to; None = unchanged or back to before park)
TRANSITIONS: dict[Action, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    Action.VERIFY: (frozenset({S.REPORTED}), S.VERIFIED),
    Action.REGISTER: (frozenset({S.REPORTED, S.VERIFIED}), S.REGISTERED),
    Action.VOID: (frozenset({S.REPORTED, S.VERIFIED, S.REGISTERED}), S.VOID),
    Action.DISPATCH: (frozenset({S.REGISTERED}), S.DISPATCHED),
    Action.RETURN: (frozenset({S.DISPATCHED}), S.REGISTERED),
    Action.ACCEPT: (frozenset({S.DISPATCHED}), S.HANDLING),
    Action.FEEDBACK: (frozenset({S.HANDLING}), S.FEEDBACK),
    Action.APPROVE: (frozenset({S.FEEDBACK}), S.CLOSED),
    Action.REJECT: (frozenset({S.FEEDBACK}), S.HANDLING),
    Action.PARK: (frozenset({S.REGISTERED, S.DISPATCHED, S.HANDLING}), S.PARKED),
    Action.RESUME: (frozenset({S.PARKED}), None),
    **{action: (frozenset(OPEN_STATUSES), None) for action in _SIDE_ACTIONS},
}

#: actions that need a written reason
NOTE_REQUIRED = frozenset({Action.VOID, Action.RETURN, Action.REJECT, Action.PARK, Action.EXTEND})


@dataclass(frozen=True, kw_only=True)
class CaseSnapshot:
    """Everything about a case that its events decide."""

    status: CaseStatus
    clock: CaseClock
    status_before_park: CaseStatus | None = None
    department_id: uuid.UUID | None = None
    stage_started_at: datetime | None = None
    closed_at: datetime | None = None
    rework_count: int = 0
    escalation_level: int = 0
    urge_count: int = 0


@dataclass(frozen=True, kw_only=True)
class Step:
    """One action with what it needs: who, when, and the action's own inputs."""

    action: Action
    actor: str
    at: datetime
    note: str | None = None
    department_id: uuid.UUID | None = None
    extra_seconds: float | None = None


def allowed_actions(status: CaseStatus) -> list[Action]:
    """The actions a case in `status` accepts, in workflow order (what the detail view offers)."""
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def check_allowed(status: CaseStatus, action: Action) -> None:
    """Refuse an action that the current state does not allow, naming the state."""
    sources, _ = TRANSITIONS.get(action, (frozenset(), None))
    if status not in sources:
        raise ActionNotAllowed(f"案件当前状态为“{status.label}”，不能执行“{action.label}”")


def apply(snapshot: CaseSnapshot, step: Step, calendar: WorkingCalendar) -> CaseSnapshot:
    """The snapshot after `step`; raises ActionNotAllowed or MissingInput and changes nothing."""
    check_allowed(snapshot.status, step.action)
    _check_inputs(snapshot, step)
    target = TRANSITIONS[step.action][1]
    new = snapshot
    if step.action == Action.RESUME:
        target = snapshot.status_before_park or CaseStatus.REGISTERED
        new = replace(new, clock=clocks.resume(new.clock, step.at), status_before_park=None)
    elif step.action == Action.PARK:
        new = replace(new, clock=clocks.stop(new.clock, calendar, step.at), status_before_park=snapshot.status)
    elif step.action == Action.DISPATCH:
        new = replace(new, department_id=step.department_id)
    elif step.action == Action.RETURN:
        new = replace(new, department_id=None)
    elif step.action == Action.REJECT:
        new = replace(new, rework_count=new.rework_count + 1)
    elif step.action == Action.URGE:
        new = replace(new, urge_count=new.urge_count + 1)
    elif step.action == Action.ESCALATE:
        new = replace(new, escalation_level=new.escalation_level + 1)
    elif step.action == Action.EXTEND:
        new = replace(new, clock=clocks.extend(new.clock, step.extra_seconds))
    elif step.action in (Action.APPROVE, Action.VOID):
        new = replace(new, clock=clocks.stop(new.clock, calendar, step.at), closed_at=step.at)
    if target is not None and target != snapshot.status:
        new = replace(new, status=target, stage_started_at=step.at)
    return new


def _check_inputs(snapshot: CaseSnapshot, step: Step) -> None:
    if step.action in NOTE_REQUIRED and not (step.note or "").strip():
        raise MissingInput(f"“{step.action.label}”需要填写原因或说明")
    if step.action == Action.DISPATCH and step.department_id is None:
        raise MissingInput("派遣需要指定处置部门")
    if step.action == Action.EXTEND and not (step.extra_seconds and step.extra_seconds > 0):
        raise MissingInput("延期需要给出延长的时限，如 2工作日")
    if step.action == Action.ESCALATE and snapshot.escalation_level >= len(ESCALATION_LEVELS) - 1:
        raise ActionNotAllowed("案件已上报至区级，不能再上报")
