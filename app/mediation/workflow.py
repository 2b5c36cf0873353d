"""The workflow as a pure function: (snapshot, step) → snapshot.

The service, the demo and `replay` (which derives a dispute's state from its events alone) all
go through `apply`, so a dispute is always what its events say. Clocks are projected from the
result by app.mediation.projection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.cases.errors import ActionNotAllowed, MissingInput
from app.mediation.states import (
    LEVELS, OPEN_STATUSES, RESULT_FAILED, RESULT_ORAL, RESULT_REFUSED, RESULT_TERMINATED, RESULT_TRANSFERRED,
    RESULT_WRITTEN, DisputeAction, DisputeStatus,
)

S = DisputeStatus
A = DisputeAction
_MEDIATING = frozenset({S.ACCEPTED, S.INVESTIGATING, S.MEDIATING})
_PERFORMING = frozenset({S.AGREED, S.CONFIRMING})
_ENDED = frozenset({S.AGREED, S.CONFIRMING, S.FAILED, S.TERMINATED, S.REFUSED, S.TRANSFERRED})
_OPEN = frozenset(OPEN_STATUSES)
_BEFORE_ACCEPT = frozenset({S.REGISTERED, S.NOTIFIED})

#: action → (states it is allowed in, state it leads to; None = unchanged)
TRANSITIONS: dict[DisputeAction, tuple[frozenset[DisputeStatus], DisputeStatus | None]] = {
    A.NOTIFY: (frozenset({S.REGISTERED}), S.NOTIFIED),
    A.ACCEPT: (frozenset({S.NOTIFIED}), S.ACCEPTED),
    A.REFUSE: (_BEFORE_ACCEPT, S.REFUSED),
    A.INVESTIGATE: (_MEDIATING, S.INVESTIGATING),
    A.SESSION: (_MEDIATING, S.MEDIATING),
    A.AGREE_WRITTEN: (frozenset({S.MEDIATING}), S.AGREED),
    A.AGREE_ORAL: (frozenset({S.MEDIATING}), S.AGREED),
    A.FAIL: (frozenset({S.MEDIATING}), S.FAILED),
    A.TERMINATE: (_MEDIATING, S.TERMINATED),
    A.APPLY_CONFIRMATION: (frozenset({S.AGREED}), S.CONFIRMING),
    A.CONFIRM: (frozenset({S.CONFIRMING}), S.AGREED),
    A.FULFIL: (_PERFORMING, None),
    A.VISIT: (_PERFORMING | {S.CLOSED}, None),
    A.URGE: (_PERFORMING, None),
    A.CLOSE: (_ENDED - {S.CONFIRMING}, S.CLOSED),
    A.FILE: (frozenset({S.CLOSED}), S.FILED),
    A.ESCALATE: (_BEFORE_ACCEPT | _MEDIATING, None),
    A.TRANSFER: (_BEFORE_ACCEPT | _MEDIATING | {S.FAILED}, S.TRANSFERRED),
    A.TRANSFER_RECEIPT: (frozenset({S.TRANSFERRED}), None),
    A.TRANSFER_OUTCOME: (frozenset({S.TRANSFERRED}), None),
    A.EXTEND: (_MEDIATING, None),
    A.FLAG: (_OPEN, None),
    A.ASSIGN: (_OPEN - {S.REFUSED}, None),
    A.ADD_DOCUMENT: (_OPEN, None),
    A.LINK_CASE: (frozenset(DisputeStatus), None),
}

#: actions that need a written reason or record
NOTE_REQUIRED = frozenset({A.REFUSE, A.TERMINATE, A.FAIL, A.INVESTIGATE, A.SESSION, A.URGE, A.VISIT})
_RESULTS = {A.AGREE_WRITTEN: RESULT_WRITTEN, A.AGREE_ORAL: RESULT_ORAL, A.FAIL: RESULT_FAILED,
            A.TERMINATE: RESULT_TERMINATED, A.REFUSE: RESULT_REFUSED, A.TRANSFER: RESULT_TRANSFERRED}


@dataclass(frozen=True, kw_only=True)
class DisputeSnapshot:
    """What the workflow decides about a dispute (its clocks are projected separately)."""

    status: DisputeStatus
    level: int = 2
    result: str | None = None
    confirmation_status: str | None = None


@dataclass(frozen=True, kw_only=True)
class DisputeStep:
    """One action with the inputs the workflow itself looks at."""

    action: DisputeAction
    note: str | None = None
    level: int | None = None
    decision: str | None = None


def allowed_actions(status: DisputeStatus) -> list[DisputeAction]:
    """The actions a dispute in `status` accepts, in workflow order (what the card offers)."""
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def check_allowed(status: DisputeStatus, action: DisputeAction) -> None:
    """Refuse an action the current state does not allow, naming the state (and what comes first)."""
    sources, _ = TRANSITIONS.get(action, (frozenset(), None))
    if status in sources:
        return
    hint = ""
    if action == A.ACCEPT and status == S.REGISTERED:
        hint = "：受理前须先送达权利义务告知书"
    raise ActionNotAllowed(f"纠纷当前状态为“{status.label}”，不能执行“{action.label}”{hint}")


def apply(snapshot: DisputeSnapshot, step: DisputeStep) -> DisputeSnapshot:
    """The snapshot after `step`; raises ActionNotAllowed or MissingInput and changes nothing."""
    check_allowed(snapshot.status, step.action)
    if step.action in NOTE_REQUIRED and not (step.note or "").strip():
        raise MissingInput(f"“{step.action.label}”需要填写记录或原因")
    target = TRANSITIONS[step.action][1]
    new = snapshot
    if step.action in _RESULTS:
        new = replace(new, result=_RESULTS[step.action])
    if step.action == A.ESCALATE:
        new = replace(new, level=_escalated_level(snapshot.level, step.level))
    elif step.action == A.APPLY_CONFIRMATION:
        new = replace(new, confirmation_status="applied")
    elif step.action == A.CONFIRM:
        if step.decision not in ("confirmed", "rejected"):
            raise MissingInput("司法确认结果应为 confirmed（确认有效）或 rejected（驳回申请）")
        new = replace(new, confirmation_status=step.decision)
    if target is not None:
        new = replace(new, status=target)
    return new


def _escalated_level(current: int, wanted: int | None) -> int:
    top = max(LEVELS)
    if current >= top:
        raise ActionNotAllowed(f"纠纷已在{LEVELS[top]}调处，不能再升级")
    level = current + 1 if wanted is None else wanted
    if not current < level <= top:
        raise MissingInput(f"升级只能到更高一级：当前为{LEVELS[current]}")
    return level


def replay(actions: Iterable[DisputeStep], *, level: int = 2) -> DisputeSnapshot:
    """The snapshot a list of steps (a dispute's events after its registration) leads to."""
    snapshot = DisputeSnapshot(status=S.REGISTERED, level=level)
    for step in actions:
        snapshot = apply(snapshot, step)
    return snapshot
