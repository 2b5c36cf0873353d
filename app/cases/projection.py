"""Between the `cases` row and the pure snapshot: read one from the other, store thresholds."""

from __future__ import annotations

from app.calendar import TimeUnit, WorkingCalendar
from app.cases.clock import CaseClock
from app.cases.lights import LightPolicy, light_of, thresholds
from app.cases.states import CaseStatus
from app.cases.workflow import CaseSnapshot
from db.schema import Case


def snapshot_of(row: Case) -> CaseSnapshot:
    """The snapshot a stored case row projects."""
    return CaseSnapshot(
        status=CaseStatus(row.status),
        status_before_park=CaseStatus(row.status_before_park) if row.status_before_park else None,
        clock=clock_of(row),
        department_id=row.department_id,
        stage_started_at=row.stage_started_at,
        closed_at=row.closed_at,
        rework_count=row.rework_count,
        escalation_level=row.escalation_level,
        urge_count=row.urge_count,
    )


def clock_of(row: Case) -> CaseClock:
    """The clock a stored case row projects."""
    return CaseClock(
        unit=TimeUnit(row.limit_unit),
        limit_seconds=row.limit_seconds,
        extension_seconds=row.extension_seconds or 0.0,
        consumed_seconds=row.consumed_seconds or 0.0,
        running_since=row.running_since,
    )


def store(row: Case, snapshot: CaseSnapshot, policy: LightPolicy, calendar: WorkingCalendar) -> None:
    """Write the snapshot into the row, with the light thresholds lists filter on."""
    clock = snapshot.clock
    row.status = snapshot.status.value
    row.status_before_park = snapshot.status_before_park.value if snapshot.status_before_park else None
    row.department_id = snapshot.department_id
    row.stage_started_at = snapshot.stage_started_at
    row.closed_at = snapshot.closed_at
    row.rework_count = snapshot.rework_count
    row.escalation_level = snapshot.escalation_level
    row.urge_count = snapshot.urge_count
    row.extension_seconds = clock.extension_seconds
    row.consumed_seconds = clock.consumed_seconds
    row.running_since = clock.running_since
    if not snapshot.status.is_open:
        row.yellow_at = row.red_at = None
        row.parked_light = None
        return
    if clock.running_since is None:
        row.parked_light = light_of(clock, policy, calendar, snapshot.stage_started_at).value
        row.yellow_at = row.red_at = row.due_at = None
        return
    marks = thresholds(clock, policy, calendar)
    row.parked_light = None
    row.yellow_at, row.red_at, row.due_at = marks.yellow_at, marks.red_at, marks.due_at
