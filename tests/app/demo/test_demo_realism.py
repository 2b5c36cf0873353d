"""A believable demo: dispatches to the departments that handle each category, cards when lights turned."""

import pytest
from sqlalchemy import select

from app.cases.states import Action
from app.demo.builder import fill_demo
from db.schema import Case, CaseCategory, CaseEvent, Department, SupervisionCard

DEMO_CASES = 300
#: Steps that leave a running case's light thresholds where the report set them.
_KEEPS_THRESHOLDS = {a.value for a in (Action.REPORT, Action.VERIFY, Action.REGISTER, Action.DISPATCH,
                                       Action.RETURN, Action.ACCEPT, Action.URGE)}


@pytest.fixture
def demo(service):
    """The seed-3 demo of 300 cases at the test clock, without residents."""
    fill_demo(service, seed=3, cases=DEMO_CASES, persons=0)
    return service


def test_demo_dispatches_each_case_to_its_category_department(demo):
    """Every dispatch goes to the department the taxonomy names for the case's category."""
    with demo.database.read() as session:
        rows = session.execute(
            select(CaseCategory.name, CaseCategory.default_department_id, CaseEvent.department_id)
            .join(Case, Case.id == CaseEvent.case_id).join(CaseCategory, CaseCategory.id == Case.category_id)
            .where(CaseEvent.action == Action.DISPATCH.value)
        ).all()
    assert len(rows) > DEMO_CASES // 2
    assert [(name, sent) for name, default, sent in rows if sent != default] == []


def test_demo_never_sends_a_neighbour_dispute_to_the_telecom_operator(demo):
    """邻里纠纷 cases are dispatched, and never to 通信运营商."""
    with demo.database.read() as session:
        sent_to = set(session.scalars(
            select(Department.code).join(CaseEvent, CaseEvent.department_id == Department.id)
            .join(Case, Case.id == CaseEvent.case_id).join(CaseCategory, CaseCategory.id == Case.category_id)
            .where(CaseCategory.name == "邻里纠纷", CaseEvent.action == Action.DISPATCH.value)
        ))
    assert sent_to and "TXYYS" not in sent_to


def test_demo_files_every_card_the_sweep_would_file(demo):
    """The demo's cards leave nothing for a sweep at now to file, and none is dated now."""
    now = demo.now()
    with demo.database.read() as session:
        issued = list(session.scalars(select(SupervisionCard.issued_at)))
    assert len(issued) > 10
    assert all(at < now for at in issued)
    result = demo.sweep()
    assert (result.yellow, result.red) == (0, 0)


def test_demo_cards_issued_when_the_case_turned_yellow_and_red(demo):
    """On a running case whose thresholds no step moved, its cards bear its yellow and red instants."""
    with demo.database.read() as session:
        cases = session.execute(
            select(Case.id, Case.yellow_at, Case.red_at)
            .where(Case.parked_light.is_(None), Case.yellow_at.is_not(None), Case.yellow_at < demo.now())
        ).all()
        actions = {}
        for case_id, action in session.execute(select(CaseEvent.case_id, CaseEvent.action)):
            actions.setdefault(case_id, set()).add(action)
        cards = {(case_id, color): at for case_id, color, at in session.execute(
            select(SupervisionCard.case_id, SupervisionCard.color, SupervisionCard.issued_at))}
    checked = [c for c in cases if actions[c.id] <= _KEEPS_THRESHOLDS]
    assert len(checked) >= 3
    for case in checked:
        assert cards[(case.id, "yellow")] == case.yellow_at
        if case.red_at < demo.now():
            assert cards[(case.id, "red")] == case.red_at
        else:
            assert (case.id, "red") not in cards


def test_demo_cards_fall_within_their_case_life(demo):
    """Each card is issued after its case was reported, red never before yellow on one case."""
    with demo.database.read() as session:
        rows = session.execute(
            select(SupervisionCard.case_id, SupervisionCard.color, SupervisionCard.issued_at, Case.reported_at)
            .join(Case, Case.id == SupervisionCard.case_id)
        ).all()
    assert all(row.issued_at >= row.reported_at for row in rows)
    by_case = {}
    for row in rows:
        by_case.setdefault(row.case_id, {})[row.color] = row.issued_at
    assert all(colors["yellow"] <= colors["red"] for colors in by_case.values() if len(colors) == 2)
