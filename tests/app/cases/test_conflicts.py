"""Two workstations on one case: optimistic locking keeps the first change and refuses the second."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.cases.drafts import CaseDraft
from app.cases.errors import ConflictError
from app.cases.service import CaseService, record_step
from app.cases.states import Action, CaseStatus
from app.cases.workflow import Step
from db.engine import Database
from db.schema import Case, CaseEvent
from tests.conftest import local


@pytest.fixture
def other_database(database):
    """A second connection pool on the same database, as another workstation has."""
    other = Database(database.url)
    yield other
    other.dispose()


@pytest.fixture
def other_service(other_database, clock):
    """The case service of a second workstation."""
    return CaseService(other_database, now=clock, workstation="ws2")


def registered_case(service) -> str:
    """A registered exposed-rubbish case reported Tuesday 2025-09-30 10:00."""
    return service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                    reported_at=local(2025, 9, 30, 10, 0), status=CaseStatus.REGISTERED),
                          actor="grid1").case_no


def dispatch_events(service, case_no) -> list[tuple[str, str]]:
    """(actor, department) of each dispatch event of a case."""
    return [(e.actor, e.department) for e in service.get(case_no).events if e.action == "dispatch"]


def test_second_dispatcher_with_stale_version_gets_conflict(service, other_service):
    """Both saw version v; the first dispatch is saved, the second is refused and writes nothing."""
    case_no = registered_case(service)
    seen = service.view(case_no).version
    assert other_service.view(case_no).version == seen
    service.act(case_no, "dispatch", actor="disp1", department="CGJ", expected_version=seen)
    with pytest.raises(ConflictError) as refused:
        other_service.act(case_no, "dispatch", actor="disp2", department="ZFJ", expected_version=seen)
    assert str(refused.value) == f"案件 {case_no} 已被他人修改，现为“待签收”；本次操作未保存，请刷新后重试"
    view = other_service.view(case_no)
    assert (view.version, view.status) == (seen + 1, "dispatched")
    assert dispatch_events(service, case_no) == [("disp1", service.config().rules.department("CGJ").name)]


def test_current_version_is_accepted(service, other_service):
    """Acting with the version just read succeeds on either workstation."""
    case_no = registered_case(service)
    service.act(case_no, "dispatch", actor="disp1", expected_version=service.view(case_no).version)
    view = other_service.act(case_no, "accept", actor="dept1", expected_version=other_service.view(case_no).version)
    assert (view.status, view.version) == ("handling", 3)


def test_simultaneous_dispatches_one_wins(service, other_service):
    """Two workstations dispatching the same version at the same moment: one saved, one ConflictError."""
    case_no = registered_case(service)
    seen = service.view(case_no).version
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def dispatch(svc, actor, department):
        start.wait()
        try:
            outcomes[actor] = svc.act(case_no, "dispatch", actor=actor, department=department,
                                      expected_version=seen).status
        except ConflictError as exc:
            outcomes[actor] = exc

    threads = [threading.Thread(target=dispatch, args=(service, "disp1", "CGJ")),
               threading.Thread(target=dispatch, args=(other_service, "disp2", "ZFJ"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winners = [actor for actor, outcome in outcomes.items() if outcome == "dispatched"]
    losers = [actor for actor, outcome in outcomes.items() if isinstance(outcome, ConflictError)]
    assert (len(winners), len(losers)) == (1, 1)
    assert [actor for actor, _ in dispatch_events(service, case_no)] == winners
    assert service.view(case_no).version == seen + 1


def load_in_both(databases, case_no) -> tuple[list[Session], list[Case]]:
    """Each workstation reads the case in a transaction of its own that then ends (rows kept).

    The reads must end first on SQLite: in WAL mode a connection whose read snapshot is older than
    another's commit cannot write at all ("database is locked"), which would hide the version check.
    """
    sessions = [Session(db.engine, expire_on_commit=False) for db in databases]
    rows = [s.scalar(select(Case).where(Case.case_no == case_no)) for s in sessions]
    for session in sessions:
        session.commit()
    return sessions, rows


def test_orm_update_of_stale_row_is_refused(database, other_database, service):
    """Two sessions update the same loaded row: the first commits, the second gets StaleDataError."""
    case_no = registered_case(service)
    (first, second), (row_a, row_b) = load_in_both([database, other_database], case_no)
    version = row_a.version
    row_a.urge_count, row_b.urge_count = 5, 7
    first.commit()
    with pytest.raises(StaleDataError):
        second.flush()
    second.rollback()
    first.close(), second.close()
    with database.read() as session:
        stored = session.scalar(select(Case).where(Case.case_no == case_no))
        assert (stored.urge_count, stored.version) == (5, version + 1)


def test_orm_record_step_race_commits_exactly_one(database, other_database, service):
    """Two sessions each append an event to the same loaded case: exactly one commits."""
    case_no = registered_case(service)
    config = service.config()
    (first, second), rows = load_in_both([database, other_database], case_no)
    version, events = rows[0].version, rows[0].event_count
    at = local(2025, 9, 30, 10, 30)
    for session, row, actor in ((first, rows[0], "disp1"), (second, rows[1], "disp2")):
        record_step(session, row, Step(action=Action.URGE, actor=actor, at=at), config, actor)
    first.commit()
    with pytest.raises((StaleDataError, IntegrityError)):
        second.commit()
    second.rollback()
    first.close(), second.close()
    with database.read() as session:
        stored = session.scalar(select(Case).where(Case.case_no == case_no))
        actors = session.scalars(select(CaseEvent.actor).where(CaseEvent.case_id == stored.id,
                                                               CaseEvent.action == "urge")).all()
        count = session.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == stored.id))
    assert (stored.version, stored.urge_count, stored.event_count, count, actors) == (
        version + 1, 1, events + 1, events + 1, ["disp1"])
