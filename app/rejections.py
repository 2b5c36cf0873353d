"""Events a re-derivation kept in the history but did not apply, shared by cases and disputes.

When offline desks push their actions, the server re-derives a record's state from its merged
events (app.cases.rederive, app.mediation.rederive). An action the state at its point no longer
allows — the case was already dispatched by another desk — is not deleted: the history keeps
what each desk did, marked in its `data` as not applied, with from/to equal to the state at
that point so the timeline reads truthfully. Both replays mark and report such events the same
way, so the rule lives here once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.cases.errors import ActionNotAllowed, MissingInput

#: the key of an event's `data` that says it was kept but not applied, and why
NOT_APPLIED = "not_applied"


@dataclass(frozen=True)
class RejectedEvent:
    """One event a re-derivation did not apply: which, whose, and the one-line reason."""

    event_id: uuid.UUID
    seq: int
    action: str
    actor: str
    reason: str


def is_not_applied(event) -> bool:
    """True for an event an earlier re-derivation already set aside (it stays set aside)."""
    return bool(event.data) and NOT_APPLIED in event.data


def not_applied_reason(data: dict | None) -> str | None:
    """Why the event whose `data` this is was kept but not applied; None for an applied one."""
    return data.get(NOT_APPLIED) if isinstance(data, dict) else None


def reason_of(error: Exception) -> str:
    """The Chinese line stored with a set-aside event: the workflow's own refusal, on one line."""
    text = " ".join(str(error).split()) or "当时的状态不允许此操作"
    return f"离线操作合并后未执行：{text}"


def set_statuses(event, before: str | None, after: str) -> None:
    """Record the state the event found and left (assigned only when different, so an
    unchanged history writes nothing)."""
    if event.from_status != before:
        event.from_status = before
    if event.to_status != after:
        event.to_status = after


def mark_not_applied(event, status: str, reason: str) -> RejectedEvent:
    """Keep `event` in the history as not applied at `status`; the other keys of its data stay.

    `data` gets a new dict (not changed in place) so the ORM sees the change.
    """
    event.data = {**(event.data or {}), NOT_APPLIED: reason}
    set_statuses(event, status, status)
    return RejectedEvent(event_id=event.id, seq=event.seq, action=event.action, actor=event.actor, reason=reason)


def replay_history(events: Sequence, snapshot, *, creating_action: str, advance: Callable, project: Callable,
                   ) -> list[RejectedEvent]:
    """Replay `events` (in seq order) from `snapshot` under the rule above; the events newly set aside.

    The first event, when it is `creating_action`, made the record and found no state. An event
    set aside before stays so. `advance(snapshot, event)` gives the next snapshot or raises the
    workflow's refusal; `project(snapshot)` writes an applied step's result into the row.
    """
    rejected: list[RejectedEvent] = []
    for index, event in enumerate(events):
        before = snapshot.status.value
        if index == 0 and event.action == creating_action:
            set_statuses(event, None, before)
            continue
        if is_not_applied(event):
            set_statuses(event, before, before)
            continue
        try:
            snapshot = advance(snapshot, event)
        except (ActionNotAllowed, MissingInput) as error:
            rejected.append(mark_not_applied(event, before, reason_of(error)))
            continue
        set_statuses(event, before, snapshot.status.value)
        project(snapshot)
    return rejected
