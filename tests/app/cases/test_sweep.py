"""The supervision sweep: one yellow card and one red card per case, whoever sweeps and how often.

The exposed-rubbish case used here (4工作时 from Tuesday 2025-09-30 10:00) turns yellow at 14:42
(80 %: 2 h before lunch and 72 min after 13:30) and red at 15:30 (100 %).
"""

from __future__ import annotations

import threading
import time

import pytest

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.cases.sweep import SweepResult, sweep
from db.engine import Database
from tests.conftest import local

YELLOW_AT = local(2025, 9, 30, 14, 42)
RED_AT = local(2025, 9, 30, 15, 30)


@pytest.fixture
def other_service(database, clock):
    """The case service of a second workstation, with a connection pool of its own."""
    other = Database(database.url)
    yield CaseService(other, now=clock, workstation="ws2")
    other.dispose()


def dispatched_case(service, category="暴露垃圾", department=None) -> str:
    """A case reported 2025-09-30 10:00 and dispatched at once (to its default department unless named)."""
    case_no = service.create(CaseDraft(source="网格员上报", category=category, description="测试案件",
                                       reported_at=local(2025, 9, 30, 10, 0)), actor="grid1").case_no
    for action in ("verify", "register"):
        service.act(case_no, action, actor="disp1")
    service.act(case_no, "dispatch", actor="disp1", department=department)
    return case_no


def cards(service, case_no) -> list[tuple]:
    """(colour, origin, issuer, department, issued_at) of each card of a case, oldest first."""
    return [(c.color, c.origin, c.issuer, c.department, c.issued_at) for c in service.get(case_no).cards]


def sweep_at(service, clock, moment) -> SweepResult:
    clock.set(moment)
    return service.sweep()


def dept(service, code: str) -> str:
    return service.config().rules.department(code).name


def test_yellow_card_filed_once_however_often_swept(service, clock):
    """Nothing before 14:42; one yellow card at 14:42; later sweeps while yellow file nothing more."""
    case_no = dispatched_case(service)
    assert sweep_at(service, clock, local(2025, 9, 30, 14, 41, 59)) == SweepResult(0, 0)
    assert sweep_at(service, clock, YELLOW_AT) == SweepResult(1, 0)
    for minute in (42, 50, 59):
        assert sweep_at(service, clock, local(2025, 9, 30, 14, minute)) == SweepResult(0, 0)
    assert cards(service, case_no) == [("yellow", "sweep", "system", dept(service, "CGJ"), YELLOW_AT)]
    assert service.get(case_no).cards[0].reason == f"案件 {case_no} 即将到期，请抓紧处置"


def test_red_card_filed_once_after_yellow(service, clock):
    """A case seen yellow then red has exactly one card of each colour."""
    case_no = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    assert sweep_at(service, clock, RED_AT) == SweepResult(0, 1)
    assert sweep_at(service, clock, local(2025, 9, 30, 16, 0)) == SweepResult(0, 0)
    assert sweep_at(service, clock, local(2025, 10, 9, 9, 0)) == SweepResult(0, 0)
    assert [c[0] for c in cards(service, case_no)] == ["yellow", "red"]
    assert service.get(case_no).cards[1].reason == f"案件 {case_no} 已超期，纳入全区督办"


def test_case_found_already_red_gets_only_red_card(service, clock):
    """First swept after 15:30, the case gets a red card and never a late yellow one."""
    case_no = dispatched_case(service)
    assert sweep_at(service, clock, local(2025, 9, 30, 16, 0)) == SweepResult(0, 1)
    assert sweep_at(service, clock, local(2025, 9, 30, 17, 0)) == SweepResult(0, 0)
    assert cards(service, case_no) == [("red", "sweep", "system", dept(service, "CGJ"), local(2025, 9, 30, 16, 0))]


def test_closed_and_void_cases_get_no_cards(service, clock):
    """A case closed before its deadline or voided is never carded; a closed yellow case gets no red."""
    closed = dispatched_case(service)
    for action in ("accept", "feedback", "approve"):
        service.act(closed, action, actor="dept1")
    void = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="重复",
                                    reported_at=local(2025, 9, 30, 10, 0)), actor="grid1").case_no
    service.act(void, "void", actor="lead1", note="重复上报")
    late = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    for action in ("accept", "feedback", "approve"):
        service.act(late, action, actor="dept1")
    assert sweep_at(service, clock, local(2025, 10, 10, 9, 0)) == SweepResult(0, 0)
    assert (cards(service, closed), cards(service, void), [c[0] for c in cards(service, late)]) == ([], [], ["yellow"])


def test_cards_addressed_to_responsible_department(service, clock):
    """A case dispatched to the law-enforcement bureau (ZFJ) is carded to it, not to the default."""
    case_no = dispatched_case(service, department="ZFJ")
    sweep_at(service, clock, YELLOW_AT)
    sweep_at(service, clock, RED_AT)
    assert {c[3] for c in cards(service, case_no)} == {dept(service, "ZFJ")}


def test_grade_overdue_cards_are_worded_for_overdue(service, clock):
    """政策咨询 (2工作日, grade-overdue) turns yellow when overdue at 10-10 10:00 and red at 10-15 10:00."""
    case_no = dispatched_case(service, category="政策咨询")
    assert sweep_at(service, clock, local(2025, 10, 10, 9, 59, 59)) == SweepResult(0, 0)
    assert sweep_at(service, clock, local(2025, 10, 10, 10, 0)) == SweepResult(1, 0)
    assert sweep_at(service, clock, local(2025, 10, 15, 10, 0)) == SweepResult(0, 1)
    assert [c.reason for c in service.get(case_no).cards] == [
        f"案件 {case_no} 已超过处置时限", f"案件 {case_no} 严重超期，纳入全区督办"]
    assert {c[3] for c in cards(service, case_no)} == {dept(service, "RXB")}


def test_parked_yellow_case_gets_yellow_card_only(service, clock):
    """A case parked while yellow keeps its yellow light: one yellow card, no red while parked."""
    case_no = dispatched_case(service)
    clock.set(local(2025, 9, 30, 14, 45))
    service.act(case_no, "park", actor="lead1", note="等待答复")
    assert sweep_at(service, clock, local(2025, 10, 20, 9, 0)) == SweepResult(1, 0)
    assert sweep_at(service, clock, local(2025, 10, 21, 9, 0)) == SweepResult(0, 0)
    assert [c[0] for c in cards(service, case_no)] == ["yellow"]


def test_two_workstations_sweeping_in_turn_file_each_card_once(service, other_service, clock):
    """The second workstation's sweep finds the cards the first filed and files nothing."""
    case_no = dispatched_case(service)
    assert sweep_at(service, clock, YELLOW_AT) == SweepResult(1, 0)
    assert other_service.sweep() == SweepResult(0, 0)
    clock.set(RED_AT)
    assert (other_service.sweep(), service.sweep()) == (SweepResult(0, 1), SweepResult(0, 0))
    assert [c[0] for c in cards(service, case_no)] == ["yellow", "red"]


def test_overlapping_sweeps_file_each_card_once(service, other_service, clock, database):
    """A sweep that starts while another's cards are not yet committed still files each card once,
    and the two results together count exactly the cards filed."""
    cases = [dispatched_case(service), dispatched_case(service)]
    sweep_at(service, clock, YELLOW_AT)
    clock.set(RED_AT)
    kinds = {cid: c.policy.kind for cid, c in service.config().rules.categories.items()}
    first_swept, results = threading.Event(), {}

    def first():
        with database.write() as session:
            results["first"] = sweep(session, RED_AT, kinds)
            first_swept.set()
            time.sleep(0.5)

    def second():
        first_swept.wait(10)
        results["second"] = other_service.sweep()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [[c[0] for c in cards(service, no)] for no in cases] == [["yellow", "red"]] * 2
    assert results["first"].red + results["second"].red == 2
    assert results["first"].yellow + results["second"].yellow == 0
