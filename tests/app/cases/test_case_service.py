"""The case service on SQLite and PostgreSQL: every transition, required inputs, clock and history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.calendar import TimeLimit, TimeUnit
from app.cases.clock import start_clock
from app.cases.drafts import CaseDraft
from app.cases.errors import ActionNotAllowed, CaseError, MissingInput
from app.cases.lights import Light
from app.cases.projection import snapshot_of, store
from app.cases.states import Action, CaseStatus
from app.cases.workflow import TRANSITIONS, CaseSnapshot, Step, allowed_actions, apply
from db.schema import Case, CaseEvent
from tests.conftest import local

S = CaseStatus
A = Action
REPORTED_AT = local(2025, 9, 30, 10, 0)
TO_HANDLING = ["verify", "register", "dispatch", "accept"]
PATHS = {
    S.REPORTED: [], S.VERIFIED: ["verify"], S.REGISTERED: ["verify", "register"],
    S.DISPATCHED: TO_HANDLING[:3], S.HANDLING: TO_HANDLING, S.FEEDBACK: [*TO_HANDLING, "feedback"],
    S.CLOSED: [*TO_HANDLING, "feedback", "approve"], S.VOID: ["void"],
    S.PARKED: ["verify", "register", "dispatch", "park"],
}


def new_case(service, category="暴露垃圾", **draft) -> str:
    """Report a case (by default exposed rubbish, 4工作时, at Tuesday 2025-09-30 10:00)."""
    draft.setdefault("reported_at", REPORTED_AT)
    return service.create(CaseDraft(source="网格员上报", category=category, description="路边垃圾", **draft),
                          actor="grid1").case_no


def act(service, case_no, action, **inputs):
    """Act with the inputs the action needs (a note; a limit for extend) unless given."""
    if action in ("void", "return", "reject", "park", "extend"):
        inputs.setdefault("note", "说明")
    if action == "extend":
        inputs.setdefault("limit", "1工作时")
    return service.act(case_no, action, actor=inputs.pop("actor", "disp1"), **inputs)


def case_in(service, status: CaseStatus) -> str:
    """A fresh case brought to `status` along the standard loop."""
    case_no = new_case(service)
    for action in PATHS[status]:
        act(service, case_no, action)
    return case_no


def written(service, case_no) -> tuple[int, int]:
    """How many events the case has and its version: what must not move on a refusal."""
    return len(service.get(case_no).events), service.view(case_no).version


def dept_name(service, code: str) -> str:
    return service.config().rules.department(code).name


@pytest.mark.parametrize("status", list(S))
def test_act_allowed_actions_reach_their_state(service, status):
    """Each allowed action writes one event, bumps the version once and lands in its state."""
    for action in allowed_actions(status):
        case_no = case_in(service, status)
        events, version = written(service, case_no)
        view = act(service, case_no, action.value)
        target = TRANSITIONS[action][1] or status
        if action == A.RESUME:
            target = S.DISPATCHED
        assert (view.status, view.version) == (target.value, version + 1), action
        last = service.get(case_no).events[-1]
        assert (len(service.get(case_no).events), last.action, last.from_status, last.to_status) == (
            events + 1, action.value, status.value, target.value)


@pytest.mark.parametrize("status", list(S))
def test_act_refused_actions_name_state_and_write_nothing(service, status):
    """A refused action says the state in Chinese and leaves events and version as they were."""
    case_no = case_in(service, status)
    before = written(service, case_no)
    for action in (a for a in A if a != A.REPORT and a not in allowed_actions(status)):
        for inputs in ({}, {"note": "说明", "limit": "1工作时", "department": "ZFJ"}):
            with pytest.raises(ActionNotAllowed) as refused:
                service.act(case_no, action.value, actor="disp1", **inputs)
            assert str(refused.value) == f"案件当前状态为“{status.label}”，不能执行“{action.label}”"
    assert written(service, case_no) == before


@pytest.mark.parametrize(("action", "status"), [
    ("void", S.REPORTED), ("return", S.DISPATCHED), ("reject", S.FEEDBACK), ("park", S.HANDLING),
    ("extend", S.HANDLING),
])
def test_act_without_note_is_refused(service, action, status):
    """Void, return, reject, park and extend need a reason; a blank one writes nothing."""
    case_no = case_in(service, status)
    before = written(service, case_no)
    for note in (None, "  "):
        with pytest.raises(MissingInput) as refused:
            service.act(case_no, action, actor="disp1", note=note, limit="1工作时")
        assert str(refused.value) == f"“{A(action).label}”需要填写原因或说明"
    assert written(service, case_no) == before


@pytest.mark.parametrize(("urgency", "limit", "message"), [
    ("一般", None, "延期需要给出延长的时限，如 2工作日"),
    ("一般", "2小时", "本案时限按工作时/工作日计算，延期也应使用工作时/工作日"),
    ("紧急", "1工作日", "本案时限按小时/天/分钟计算，延期也应使用小时/天/分钟"),
    ("一般", "两天", "时限“两天”无法识别，应为数字加单位，如 3工作日、4工作时、2小时、30天"),
])
def test_extend_needs_limit_in_same_unit_family(service, urgency, limit, message):
    """An extension needs a limit counted like the case's own (工作时 case: 工作时/工作日)."""
    case_no = new_case(service, urgency=urgency)
    before = written(service, case_no)
    with pytest.raises(MissingInput) as refused:
        service.act(case_no, "extend", actor="disp1", note="需要更多时间", limit=limit)
    assert str(refused.value) == message
    assert written(service, case_no) == before


def test_unknown_action_and_department_are_refused(service):
    """An unknown action or department name is refused with what was typed."""
    case_no = case_in(service, S.REGISTERED)
    with pytest.raises(CaseError) as unknown:
        service.act(case_no, "close", actor="disp1")
    assert str(unknown.value).startswith("未知的操作“close”，可用：verify、register、void")
    with pytest.raises(MissingInput) as no_dept:
        service.act(case_no, "dispatch", actor="disp1", department="不存在的局")
    assert str(no_dept.value) == "找不到部门“不存在的局”"
    assert written(service, case_no) == (3, 3)


def test_dispatch_without_department_uses_category_default(service):
    """Exposed rubbish goes to the city management bureau (CGJ) when no department is named."""
    view = act(service, case_in(service, S.REGISTERED), "dispatch")
    assert view.department == dept_name(service, "CGJ") == service.get(view.case_no).events[-1].department


def test_return_clears_department_and_allows_redispatch(service):
    """A case returned as wrongly dispatched has no department until dispatched again."""
    case_no = case_in(service, S.DISPATCHED)
    returned = act(service, case_no, "return", note="不属于本部门职责")
    assert (returned.status, returned.department) == ("registered", None)
    assert act(service, case_no, "dispatch", department="ZFJ").department == dept_name(service, "ZFJ")


def test_reject_counts_rework_and_goes_back_to_handling(service):
    """Each failed check is one more rework and the case is handled again."""
    case_no = case_in(service, S.FEEDBACK)
    assert act(service, case_no, "reject", note="现场仍有垃圾").status == "handling"
    act(service, case_no, "feedback")
    act(service, case_no, "reject", note="仍未清理")
    assert service.get(case_no).rework_count == 2


def test_park_freezes_light_and_resume_keeps_used_time(service, clock):
    """Parked at 14:45 (3.25 of 4 工作时 used, yellow) the light stays yellow; resumed 10-09 09:00 it is due 09:45."""
    case_no = case_in(service, S.DISPATCHED)
    clock.set(local(2025, 9, 30, 14, 45))
    parked = act(service, case_no, "park", note="等待产权单位答复")
    assert (parked.status, parked.light, parked.due_at) == ("parked", Light.YELLOW, None)
    clock.set(local(2025, 10, 9, 9, 0))
    assert (service.view(case_no).light, service.view(case_no).due_at) == (Light.YELLOW, None)
    resumed = act(service, case_no, "resume")
    assert (resumed.status, resumed.due_at, resumed.light) == ("dispatched", local(2025, 10, 9, 9, 45), Light.YELLOW)
    clock.set(local(2025, 10, 9, 9, 45))
    assert service.view(case_no).light == Light.RED


def test_park_while_green_resumes_with_three_hours_left(service, clock):
    """Parked at 11:00 after 1 working hour, resumed 10-09 09:00: 3 h left, due 12:00, yellow 11:12."""
    case_no = case_in(service, S.REGISTERED)
    clock.set(local(2025, 9, 30, 11, 0))
    assert act(service, case_no, "park").light == Light.GREEN
    clock.set(local(2025, 10, 9, 9, 0))
    assert act(service, case_no, "resume").due_at == local(2025, 10, 9, 12, 0)
    clock.set(local(2025, 10, 9, 11, 11, 59))
    assert service.view(case_no).light == Light.GREEN
    clock.set(local(2025, 10, 9, 11, 12))
    assert service.view(case_no).light == Light.YELLOW


def test_extension_adds_exactly_the_given_time(service, clock):
    """Due 15:30; +1工作时 → 16:30; +2工作日 → 10-10 16:30. A 2小时 case: +30分钟 → 12:30, +1天 → 10-01 12:30."""
    case_no = case_in(service, S.HANDLING)
    assert service.view(case_no).due_at == local(2025, 9, 30, 15, 30)
    clock.set(local(2025, 9, 30, 15, 30))
    extended = act(service, case_no, "extend", limit="1工作时")
    assert (extended.due_at, extended.light) == (local(2025, 9, 30, 16, 30), Light.YELLOW)
    assert act(service, case_no, "extend", limit="2工作日").due_at == local(2025, 10, 10, 16, 30)
    urgent = new_case(service, urgency="紧急")
    assert service.view(urgent).due_at == local(2025, 9, 30, 12, 0)
    assert act(service, urgent, "extend", limit="30分钟").due_at == local(2025, 9, 30, 12, 30)
    assert act(service, urgent, "extend", limit="1天").due_at == local(2025, 10, 1, 12, 30)


@pytest.mark.parametrize("status", [S.CLOSED, S.VOID])
def test_closed_and_void_cases_have_no_light(service, clock, status):
    """Once ended a case shows no light, even long after its deadline."""
    case_no = case_in(service, status)
    clock.set(local(2025, 12, 31, 16, 0))
    assert (service.view(case_no).status, service.view(case_no).light) == (status.value, None)
    assert service.get(case_no).allowed_actions == []


def replay(session, row, config) -> CaseSnapshot:
    """The snapshot obtained by applying the stored events after 'report' to a fresh case."""
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == row.id).order_by(CaseEvent.seq)).all()
    limit = TimeLimit(amount=row.limit_amount, unit=TimeUnit(row.limit_unit))
    snapshot = CaseSnapshot(status=S.REPORTED, clock=start_clock(limit, row.reported_at, config.calendar),
                            stage_started_at=row.reported_at)
    assert [e.action for e in events][:1] == ["report"]
    for e in events[1:]:
        snapshot = apply(snapshot, Step(action=A(e.action), actor=e.actor, at=e.at, note=e.note,
                                        department_id=e.department_id,
                                        extra_seconds=(e.data or {}).get("extra_seconds")), config.calendar)
    return snapshot


def test_replayed_events_equal_stored_row(service, clock, database):
    """After every step of a winding history, replaying the events gives exactly the stored row."""
    config = service.config()
    case_no = new_case(service)
    steps = [
        ((10, 5), "verify", {}), ((10, 10), "register", {}), ((10, 20), "dispatch", {}),
        ((10, 30), "return", {}), ((10, 40), "dispatch", {"department": "ZFJ"}), ((11, 0), "accept", {}),
        ((11, 10), "urge", {}), ((11, 20), "escalate", {}), ((11, 30), "supervise", {"note": "尽快"}),
        ((11, 40), "park", {}), ((10, 9, 9, 0), "resume", {}), ((10, 9, 9, 30), "extend", {"limit": "2工作时"}),
        ((10, 9, 10, 0), "feedback", {}), ((10, 9, 10, 30), "reject", {}), ((10, 9, 11, 0), "feedback", {}),
        ((10, 9, 14, 0), "approve", {}),
    ]
    for when, action, inputs in steps:
        clock.set(local(2025, 9, 30, *when) if len(when) == 2 else local(2025, *when))
        act(service, case_no, action, **inputs)
        with database.read() as session:
            row = session.scalar(select(Case).where(Case.case_no == case_no))
            replayed = replay(session, row, config)
            assert replayed == snapshot_of(row), action
            projected = Case()
            store(projected, replayed, config.rules.categories[row.category_id].policy, config.calendar)
            assert (projected.yellow_at, projected.red_at, projected.parked_light) == (
                row.yellow_at, row.red_at, row.parked_light), action
            if replayed.status.is_open:
                assert projected.due_at == row.due_at, action
    assert service.view(case_no).status == "closed"


def test_history_lists_events_in_order_with_actor_time_note(service, clock):
    """The detail view shows each event in order, with who did it, when, and the reason."""
    case_no = new_case(service)
    clock.set(local(2025, 9, 30, 10, 15))
    service.act(case_no, "verify", actor="grid1")
    clock.set(local(2025, 9, 30, 10, 30))
    service.act(case_no, "register", actor="disp1")
    clock.set(local(2025, 9, 30, 11, 0))
    service.act(case_no, "void", actor="lead1", note="重复上报")
    history = [(e.seq, e.action, e.action_label, e.actor, e.at, e.note, e.from_status, e.to_status)
               for e in service.get(case_no).events]
    assert history == [
        (1, "report", "上报", "grid1", REPORTED_AT, None, None, "reported"),
        (2, "verify", "核实", "grid1", local(2025, 9, 30, 10, 15), None, "reported", "verified"),
        (3, "register", "立案", "disp1", local(2025, 9, 30, 10, 30), None, "verified", "registered"),
        (4, "void", "作废", "lead1", local(2025, 9, 30, 11, 0), "重复上报", "registered", "void"),
    ]
