"""The case workflow as a pure transition table: `apply`, `allowed_actions`, `check_allowed`."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendar import TimeLimit, TimeUnit, WorkingCalendar
from app.cases.clock import start_clock
from app.cases.errors import ActionNotAllowed, MissingInput
from app.cases.states import Action, CaseStatus
from app.cases.workflow import NOTE_REQUIRED, TRANSITIONS, CaseSnapshot, Step, allowed_actions, apply, check_allowed
from tests.conftest import local

S = CaseStatus
A = Action
CALENDAR = WorkingCalendar()
REPORTED_AT = local(2025, 9, 30, 10, 0)
DEPT = uuid.UUID("00000000-0000-0000-0000-0000000000d1")
SIDE = [A.URGE, A.SUPERVISE, A.ESCALATE, A.EXTEND]

#: the lifecycle table of app/cases/states.py: state → actions it accepts, in workflow order
EXPECTED_ALLOWED = {
    S.REPORTED: [A.VERIFY, A.REGISTER, A.VOID, *SIDE],
    S.VERIFIED: [A.REGISTER, A.VOID, *SIDE],
    S.REGISTERED: [A.VOID, A.DISPATCH, A.PARK, *SIDE],
    S.DISPATCHED: [A.RETURN, A.ACCEPT, A.PARK, *SIDE],
    S.HANDLING: [A.FEEDBACK, A.PARK, *SIDE],
    S.FEEDBACK: [A.APPROVE, A.REJECT, *SIDE],
    S.PARKED: [A.RESUME, *SIDE],
    S.CLOSED: [],
    S.VOID: [],
}

#: where each state-changing action leads
EXPECTED_TARGET = {
    A.VERIFY: S.VERIFIED, A.REGISTER: S.REGISTERED, A.VOID: S.VOID, A.DISPATCH: S.DISPATCHED,
    A.RETURN: S.REGISTERED, A.ACCEPT: S.HANDLING, A.FEEDBACK: S.FEEDBACK, A.APPROVE: S.CLOSED,
    A.REJECT: S.HANDLING, A.PARK: S.PARKED,
}


def fresh(status: CaseStatus = S.REPORTED, **changes) -> CaseSnapshot:
    """A snapshot of a 4工作时 case reported at 2025-09-30 10:00, placed in `status`."""
    clock = start_clock(TimeLimit(amount=4, unit=TimeUnit.WORK_HOUR), REPORTED_AT, CALENDAR)
    return replace(CaseSnapshot(status=status, clock=clock, stage_started_at=REPORTED_AT), **changes)


def step(action: Action, at=None, **inputs) -> Step:
    """A step with every input the action could need, unless overridden."""
    defaults = dict(note="原因", department_id=DEPT if action == A.DISPATCH else None,
                    extra_seconds=3600.0 if action == A.EXTEND else None)
    defaults.update(inputs)
    return Step(action=action, actor="d1", at=at or local(2025, 9, 30, 11, 0), **defaults)


@pytest.mark.parametrize("status", list(S))
def test_allowed_actions_match_design_table(status):
    """Each state offers exactly the actions of the lifecycle (app/cases/states.py), in workflow order."""
    assert allowed_actions(status) == EXPECTED_ALLOWED[status]


@pytest.mark.parametrize("status", list(S))
def test_apply_every_action_allowed_or_refused(status):
    """Allowed actions lead to their target state; every other action is refused naming the state."""
    before = fresh(status, status_before_park=S.DISPATCHED if status == S.PARKED else None)
    for action in A:
        if action == A.REPORT:
            continue
        if action in EXPECTED_ALLOWED[status]:
            after = apply(before, step(action), CALENDAR)
            expected = EXPECTED_TARGET.get(action, S.DISPATCHED if action == A.RESUME else status)
            assert after.status == expected, action
        else:
            with pytest.raises(ActionNotAllowed) as refused:
                apply(before, step(action), CALENDAR)
            assert str(refused.value) == f"案件当前状态为“{status.label}”，不能执行“{action.label}”"


def test_check_allowed_refuses_report_everywhere():
    """'report' only creates a case; it is never an action on an existing one."""
    for status in S:
        with pytest.raises(ActionNotAllowed):
            check_allowed(status, A.REPORT)


@pytest.mark.parametrize("action", sorted(NOTE_REQUIRED))
@pytest.mark.parametrize("note", [None, "", "   "])
def test_apply_refuses_missing_note(action, note):
    """Void, return, reject, park and extend need a written reason; blank does not count."""
    source = next(s for s in EXPECTED_ALLOWED if action in EXPECTED_ALLOWED[s])
    with pytest.raises(MissingInput) as refused:
        apply(fresh(source), step(action, note=note), CALENDAR)
    assert str(refused.value) == f"“{action.label}”需要填写原因或说明"


def test_note_required_is_exactly_the_five_actions():
    """The actions needing a reason are void, return, reject, park and extend."""
    assert NOTE_REQUIRED == {A.VOID, A.RETURN, A.REJECT, A.PARK, A.EXTEND}


def test_dispatch_without_department_is_refused():
    """The pure workflow cannot dispatch to nobody (the service fills in the default first)."""
    with pytest.raises(MissingInput) as refused:
        apply(fresh(S.REGISTERED), step(A.DISPATCH, department_id=None), CALENDAR)
    assert str(refused.value) == "派遣需要指定处置部门"


@pytest.mark.parametrize("extra", [None, 0.0, -60.0])
def test_extend_without_positive_time_is_refused(extra):
    """An extension must add some time."""
    with pytest.raises(MissingInput) as refused:
        apply(fresh(S.HANDLING), step(A.EXTEND, extra_seconds=extra), CALENDAR)
    assert str(refused.value) == "延期需要给出延长的时限，如 2工作日"


def test_dispatch_sets_department_and_return_clears_it():
    """Dispatch records the department; returning a wrongly dispatched case forgets it."""
    dispatched = apply(fresh(S.REGISTERED), step(A.DISPATCH), CALENDAR)
    assert dispatched.department_id == DEPT
    returned = apply(dispatched, step(A.RETURN), CALENDAR)
    assert (returned.status, returned.department_id) == (S.REGISTERED, None)


def test_reject_counts_rework_each_time():
    """Every failed check sends the case back to handling and adds one rework."""
    snapshot = fresh(S.FEEDBACK)
    for expected in (1, 2):
        snapshot = apply(snapshot, step(A.REJECT), CALENDAR)
        assert (snapshot.status, snapshot.rework_count) == (S.HANDLING, expected)
        snapshot = apply(snapshot, step(A.FEEDBACK), CALENDAR)


def test_escalate_climbs_to_district_then_stops():
    """Grid → community → street → district, and no further."""
    snapshot = fresh(S.HANDLING)
    for level in (1, 2, 3):
        snapshot = apply(snapshot, step(A.ESCALATE), CALENDAR)
        assert snapshot.escalation_level == level
    with pytest.raises(ActionNotAllowed) as refused:
        apply(snapshot, step(A.ESCALATE), CALENDAR)
    assert str(refused.value) == "案件已上报至区级，不能再上报"


def test_side_actions_keep_state_and_stage_start():
    """Urge, supervise, escalate and extend leave the state and its start time alone."""
    before = fresh(S.HANDLING)
    after = before
    for action in SIDE:
        after = apply(after, step(action), CALENDAR)
    assert (after.status, after.stage_started_at) == (S.HANDLING, REPORTED_AT)
    assert (after.urge_count, after.escalation_level, after.clock.extension_seconds) == (1, 1, 3600.0)


def test_state_change_restarts_stage_clock():
    """A new state starts its stage at the step's instant."""
    at = local(2025, 9, 30, 10, 20)
    assert apply(fresh(), step(A.VERIFY, at=at), CALENDAR).stage_started_at == at


def test_park_stops_clock_and_resume_returns_to_previous_state():
    """Parking keeps the used time and the state parked from; resuming restarts the clock there."""
    parked = apply(fresh(S.HANDLING), step(A.PARK, at=local(2025, 9, 30, 11, 0)), CALENDAR)
    assert (parked.status, parked.status_before_park) == (S.PARKED, S.HANDLING)
    assert (parked.clock.consumed_seconds, parked.clock.running_since) == (3600.0, None)
    resumed = apply(parked, step(A.RESUME, at=local(2025, 10, 9, 9, 0)), CALENDAR)
    assert (resumed.status, resumed.status_before_park) == (S.HANDLING, None)
    assert (resumed.clock.consumed_seconds, resumed.clock.running_since) == (3600.0, local(2025, 10, 9, 9, 0))


@pytest.mark.parametrize("action", [A.APPROVE, A.VOID])
def test_ending_a_case_stops_clock_and_records_close(action):
    """Approval and voiding stop the clock at the step and record when the case ended."""
    source = S.FEEDBACK if action == A.APPROVE else S.REPORTED
    at = local(2025, 9, 30, 14, 0)
    ended = apply(fresh(source), step(action, at=at), CALENDAR)
    assert (ended.closed_at, ended.clock.running_since, ended.clock.consumed_seconds) == (at, None, 9000.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([a for a in A if a != A.REPORT]), max_size=25))
def test_any_action_sequence_follows_the_table(actions):
    """Whatever is tried, each accepted step lands where the table says and refused ones change nothing."""
    snapshot = fresh()
    for action in actions:
        try:
            after = apply(snapshot, step(action), CALENDAR)
        except (ActionNotAllowed, MissingInput):
            assert action not in allowed_actions(snapshot.status) or action == A.ESCALATE
            continue
        target = TRANSITIONS[action][1]
        if action == A.RESUME:
            target = snapshot.status_before_park
        assert after.status == (target or snapshot.status)
        snapshot = after
    assert snapshot.status.is_open or allowed_actions(snapshot.status) == []
