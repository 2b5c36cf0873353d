"""Between the `disputes` row and the pure workflow: read the snapshot, store it with its lights.

The stored `yellow_at`/`red_at`/`due_at` are those of the clock that matters now: the mediation
time limit while it runs, else the earliest unperformed obligation while the agreement is being
performed, else none (no light). Lists and the dispatcher compare them with `now`, no replay.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.calendar import TimeUnit, WorkingCalendar
from app.cases.clock import CaseClock, stop
from app.mediation.clocks import lit_thresholds
from app.mediation.rules import MediationRules
from app.mediation.states import PERFORMANCE_STATUSES, DisputeStatus
from app.mediation.workflow import DisputeSnapshot
from db.schema import Dispute, DisputeObligation


def snapshot_of(row: Dispute) -> DisputeSnapshot:
    return DisputeSnapshot(status=DisputeStatus(row.status), level=row.level, result=row.result,
                           confirmation_status=row.confirmation_status)


def clock_of(row: Dispute) -> CaseClock | None:
    """The mediation clock a row projects (None before it started)."""
    if row.limit_seconds is None:
        return None
    unit = TimeUnit.WORK_DAY if row.limit_code and row.limit_code.endswith("@wd") else TimeUnit.DAY
    return CaseClock(unit=unit, limit_seconds=row.limit_seconds, extension_seconds=row.extension_seconds or 0.0,
                     consumed_seconds=row.consumed_seconds or 0.0, running_since=row.running_since)


def put_clock(row: Dispute, clock: CaseClock) -> None:
    row.limit_seconds = clock.limit_seconds
    row.extension_seconds = clock.extension_seconds
    row.consumed_seconds = clock.consumed_seconds
    row.running_since = clock.running_since


def stop_clock(row: Dispute, calendar: WorkingCalendar, at) -> None:
    """Stop the mediation clock at the conclusion, recording whether it ran over."""
    clock = clock_of(row)
    if clock is None or clock.running_since is None:
        return
    row.overdue = bool(row.mediation_due_at is not None and at > row.mediation_due_at)
    put_clock(row, stop(clock, calendar, at))


def store(row: Dispute, snapshot: DisputeSnapshot) -> None:
    row.status = snapshot.status.value
    row.is_open = snapshot.status.is_open
    row.level = snapshot.level
    row.result = snapshot.result
    row.confirmation_status = snapshot.confirmation_status


def relight(row: Dispute, obligations: Iterable[DisputeObligation], rules: MediationRules,
            calendar: WorkingCalendar) -> None:
    """Recompute the stored thresholds of the clock that matters now."""
    row.yellow_at = row.red_at = row.due_at = None
    if not row.is_open:
        return
    clock = clock_of(row)
    if clock is not None and clock.running_since is not None:
        limit = rules.limits.get((row.limit_code or "default").removesuffix("@wd")) or rules.limits["default"]
        marks = lit_thresholds(clock, limit.policy, calendar)
        row.yellow_at, row.red_at, row.due_at = marks.yellow_at, marks.red_at, marks.due_at
        row.mediation_due_at = marks.due_at
        return
    if DisputeStatus(row.status) in PERFORMANCE_STATUSES:
        waiting = [o for o in obligations if o.fulfilled_at is None]
        if waiting:
            first = min(waiting, key=lambda o: (o.red_at, o.seq))
            row.yellow_at, row.red_at, row.due_at = first.yellow_at, first.red_at, first.due_at
