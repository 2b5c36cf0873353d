"""Scope through the services, on SQLite and PostgreSQL: a street sees its street's cases,
persons and disputes, a grid its grid's, a department the cases dispatched to it; a record
outside the scope is missing (not forbidden), and the whole district sees everything."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.guard import DENIED
from app.assessment.table import assess
from app.cases.board import load_board
from app.cases.errors import CaseNotFound
from app.cases.queries import CaseFilter
from app.cases.queue_query import count as queue_count
from app.cases.queue_query import fetch_page as queue_page
from app.cases.service import CaseService
from app.map.reading import case_location, read_cases
from app.mediation.errors import DisputeNotFound
from app.people.errors import PersonError, PersonNotFound
from app.people.exporter import export_people
from app.people.importer import import_people
from app.people.ledger_filters import LedgerFilter
from app.people.ledger_query import count as ledger_count
from app.people.ledger_query import fetch_page as ledger_page
from app.people.person_card import read_card
from app.people.privacy import Viewer, reveal
from app.people.search import search_people
from app.people.service import PeopleService
from db.schema import AuditEntry
from tests.app.accounts.enforce_world import EAST, GRID_A, GRID_A2, GRID_B, GRIDS, account, build_world, services
from tests.app.people.people_fixtures import person_id_number, write_sheet


@pytest.fixture
def world(database, clock):
    return build_world(database, clock)


def _numbers(views) -> set[str]:
    return {view.case_no for view in views}


def test_a_street_sees_its_streets_cases_persons_and_disputes(database, clock, world):
    street = account(database, "east.lead", "leader", region=EAST)
    cases, mediation, people = services(database, clock, street)
    east = {world.cases[GRID_A], world.cases[GRID_A2]}
    assert _numbers(cases.list()) == east and cases.count() == 2
    assert {row.view.case_no for row in queue_page(cases, CaseFilter(), "case_no", False, 0, 50)} == east
    assert queue_count(cases, CaseFilter()) == 2
    assert {c.case_no for c in load_board(cases).cases} == east
    assert {c.case_no for c in read_cases(cases)} == east
    assert {d.dispute_no for d in mediation.list()} == {world.disputes[GRID_A], world.disputes[GRID_A2]}
    assert mediation.count() == 2
    viewer = Viewer.of(street)
    page = ledger_page(database, LedgerFilter(), today=date(2025, 9, 30), viewer=viewer)
    assert {row.person_id for row in page.rows} == {world.persons[GRID_A], world.persons[GRID_A2]}
    assert ledger_count(database, LedgerFilter(), today=date(2025, 9, 30), viewer=viewer).value == 2
    assert {hit.id for hit in search_people(database, "居民", viewer=viewer)} == {world.persons[GRID_A],
                                                                                world.persons[GRID_A2]}


def test_a_record_outside_the_scope_is_missing_not_forbidden(database, clock, world, tmp_path):
    street = account(database, "east.disp", "shift_leader", region=EAST)
    cases, mediation, people = services(database, clock, street)
    west_case, west_dispute, west_person = world.cases[GRID_B], world.disputes[GRID_B], world.persons[GRID_B]
    for attempt in (lambda: cases.view(west_case), lambda: cases.get(west_case),
                    lambda: cases.act(west_case, "verify", actor="east.disp")):
        with pytest.raises(CaseNotFound, match=f"找不到案件“{west_case}”"):
            attempt()
    assert case_location(cases, west_case) is None
    for attempt in (lambda: mediation.get(west_dispute), lambda: mediation.view(west_dispute),
                    lambda: mediation.act(west_dispute, "notify", actor="east.disp")):
        with pytest.raises(DisputeNotFound):
            attempt()
    for attempt in (lambda: people.get_person(west_person), lambda: read_card(people, west_person),
                    lambda: people.add_visit(west_person, None, date(2025, 9, 29), "走访人"),
                    lambda: people.delete_person(west_person, 1, reason="迁出")):
        with pytest.raises(PersonNotFound):
            attempt()
    with pytest.raises(Exception, match="没有编号为"):
        reveal(database, west_person, "phone", "east.disp", None, principal=street)
    with database.read() as session:  # nothing says the record exists: no refusal was written
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == DENIED)).all() == []
    assert cases.view(world.cases[GRID_A]).case_no == world.cases[GRID_A]  # its own are there
    assert cases.act(world.cases[GRID_A], "verify", actor="east.disp").status == "verified"
    assert export_people(people, tmp_path / "east.xlsx").rows == 2


def test_a_scoped_account_writes_persons_only_inside_its_scope(database, clock, world):
    clerk = account(database, "east.clerk", "ledger_clerk", region=EAST)
    people = PeopleService(database, now=clock, actor="east.clerk", principal=clerk)
    with pytest.raises(PersonError, match="管辖范围"):
        people.add_person({"name": "外来", "grid": GRID_B, "id_number": person_id_number(9)})
    record = people.get_person(world.persons[GRID_A])
    with pytest.raises(PersonError, match="管辖范围"):
        people.update_person(world.persons[GRID_A], {"grid": GRID_B}, record.version)


def test_a_scoped_import_keeps_to_the_scope(database, clock, world, tmp_path):
    clerk = account(database, "east.import", "ledger_clerk", region=EAST)
    people = PeopleService(database, now=clock, actor="east.import", principal=clerk)
    path = write_sheet(tmp_path / "台账.xlsx", [
        ["姓名", "身份证号", "网格"],
        ["东新", person_id_number(21), GRID_A],
        ["西新", person_id_number(22), GRID_B],
        ["西旧", person_id_number(3), GRID_A],  # the person of 西一网格, whose ID number this is
    ])
    result = import_people(people, path)
    assert result.imported == 1
    assert [(r.row_number, r.reason) for r in result.rejects] == [
        (3, "网格不在本账户的管辖范围（东街道）内"), (4, "该身份证号的人员不在本账户的管辖范围内")]
    assert people.get_person(world.persons[GRID_A]).name == "居民0"


def test_a_grid_sees_only_its_grid(database, clock, world):
    worker = account(database, "grid.a", "grid_worker", region=GRID_A)
    cases, mediation, people = services(database, clock, worker)
    assert _numbers(cases.list()) == {world.cases[GRID_A]}
    assert [d.dispute_no for d in mediation.list()] == [world.disputes[GRID_A]]
    page = ledger_page(database, LedgerFilter(), today=date(2025, 9, 30), viewer=Viewer.of(worker))
    assert [row.person_id for row in page.rows] == [world.persons[GRID_A]]
    with pytest.raises(CaseNotFound):
        cases.view(world.cases[GRID_A2])  # the next grid of the same community


def test_a_department_sees_the_cases_dispatched_to_it(database, clock, world):
    system_cases = CaseService(database, now=clock)
    dispatched = world.cases[GRID_A]
    for action in ("verify", "register", "dispatch"):
        system_cases.act(dispatched, action, actor="disp")
    department = system_cases.view(dispatched).department
    handler = account(database, "dept.handler", "handler", department=department)
    cases, mediation, people = services(database, clock, handler)
    assert _numbers(cases.list()) == {dispatched}
    assert cases.act(dispatched, "accept", actor="dept.handler").status == "handling"
    with pytest.raises(CaseNotFound):
        cases.view(world.cases[GRID_B])  # not dispatched to it
    assert mediation.list() == [] and people.find_by_id_number("x") is None
    system_cases.act(world.cases[GRID_B], "verify", actor="disp")
    system_cases.act(world.cases[GRID_B], "register", actor="disp")
    system_cases.act(world.cases[GRID_B], "dispatch", actor="disp")
    assert _numbers(cases.list()) == {dispatched, world.cases[GRID_B]}  # dispatched since: now seen


def test_reports_count_the_scope(database, clock, world):
    street = account(database, "east.view", "viewer", region=EAST)
    system = CaseService(database, now=clock)
    for code in GRIDS:
        system.act(world.cases[code], "verify", actor="disp")
        system.act(world.cases[code], "register", actor="disp")
    period = dict(start=date(2025, 9, 1), end=date(2025, 10, 1), level="grid", now=clock())
    whole = {row.unit_code: row.registered for row in assess(database, **period)}
    east = {row.unit_code: row.registered for row in assess(database, **period, scope=street.scope)}
    assert whole[GRID_B] == 1 and east.get(GRID_B, 0) == 0
    assert east[GRID_A] == 1 and east[GRID_A2] == 1


def test_the_whole_district_sees_everything(database, clock, world):
    leader = account(database, "district.lead", "leader")
    cases, mediation, people = services(database, clock, leader)
    assert _numbers(cases.list()) == set(world.cases.values())
    assert mediation.count() == 3
    page = ledger_page(database, LedgerFilter(), today=date(2025, 9, 30), viewer=Viewer.of(leader))
    assert len(page.rows) == 3


def test_the_whole_district_reads_the_same_queries_as_before_accounts(database, clock):
    """No clause, no join: the benches measure the district-wide queries unchanged."""
    leader = account(database, "district.boss", "leader")
    cases, mediation, people = services(database, clock, leader)
    for service in (cases, mediation, people):
        query = select(AuditEntry.id)
        assert service.scoped(query) is query
