"""The command line acts as the logged-in account: its scope narrows lists and reports, and its
permissions decide revealing (a refusal names people.reveal and is audited) — on SQLite and
PostgreSQL, with accounts made in the test (tests/app/accounts/wired_world.py)."""

import io
import json
import sys

import pytest
from sqlalchemy import select

from db.schema import AuditEntry
from tests.app.accounts.enforce_world import EAST, GRID_A, GRID_A2, GRID_B
from tests.app.accounts.wired_world import PASSWORD, account, build
from tests.cli_runs import gridcc

NOW = "2025-10-01T10:00:00+08:00"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No GRIDCC_* from the shell; the test accounts' password in GRIDCC_PASSWORD."""
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GRIDCC_PASSWORD", PASSWORD)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def world(database, clock):
    return build(database, clock)


def run(capsys, database, login, *argv):
    url = database.url.render_as_string(hide_password=False)
    return gridcc(capsys, "--db", url, "--now", NOW, "--user", login, *argv)


def test_a_street_leader_lists_only_the_streets_cases(capsys, database, world):
    street = account(database, "leader", region=EAST)
    district = account(database, "leader")
    code, out, err = run(capsys, database, street.login, "cases", "list", "--json")
    assert code == 0, err
    assert sorted(row["case_no"] for row in json.loads(out)) == sorted([world.cases[GRID_A], world.cases[GRID_A2]])
    code, out, _ = run(capsys, database, district.login, "cases", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 3


def test_a_dispatcher_revealing_in_a_search_is_refused_naming_the_permission(capsys, database, world):
    dispatcher = account(database, "dispatcher")
    code, out, err = run(capsys, database, dispatcher.login, "people", "search", "居民", "--reveal")
    assert code != 0 and "people.reveal" in err and "13900000000" not in out + err
    with database.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == dispatcher.login)).all()
    assert "reveal_denied" in actions


def test_a_street_leader_reveals_only_the_streets_persons(capsys, database, world):
    street = account(database, "leader", region=EAST)
    code, out, err = run(capsys, database, street.login, "people", "search", "居民", "--reveal", "--json")
    assert code == 0, err
    phones = sorted(row["phone"] for row in json.loads(out))
    assert phones == ["13900000000", "13900000001"]  # 西一网格's 13900000002 is outside the scope


def test_the_monthly_report_of_a_street_leader_counts_its_street(capsys, database, world):
    street = account(database, "leader", region=EAST)
    district = account(database, "leader")
    code, out, err = run(capsys, database, street.login, "report", "monthly", "--month", "2025-09")
    assert code == 0, err
    assert "网格员上报 2 件" in out
    code, out, _ = run(capsys, database, district.login, "report", "monthly", "--month", "2025-09")
    assert code == 0 and "网格员上报 3 件" in out


def test_the_assessment_of_a_street_leader_lists_its_grids(capsys, database, world):
    street = account(database, "leader", region=EAST)
    code, out, err = run(capsys, database, street.login, "report", "assess", "--from", "2025-09-01",
                         "--to", "2025-10-01", "--by", "grid", "--json")
    assert code == 0, err
    registered = {row["unit_code"]: row["registered"] for row in json.loads(out)}
    assert registered.get(GRID_A) == 1 and registered.get(GRID_A2) == 1 and not registered.get(GRID_B)


def test_report_files_need_report_export(capsys, database, world, tmp_path):
    viewer = account(database, "viewer")
    target = tmp_path / "m.xlsx"
    code, _out, err = run(capsys, database, viewer.login, "report", "monthly", "--month", "2025-09", "--xlsx", target)
    assert code != 0 and "report.export" in err and not target.exists()
    code, _out, err = run(capsys, database, viewer.login, "report", "assess", "--from", "2025-09-01",
                          "--to", "2025-10-01", "--by", "grid", "--pdf", tmp_path / "a.pdf")
    assert code != 0 and "report.export" in err and not (tmp_path / "a.pdf").exists()


def test_visits_due_of_a_street_account_are_its_persons(capsys, database, world):
    street = account(database, "leader", region=EAST)
    code, out, err = run(capsys, database, street.login, "people", "visits", "--json")
    assert code == 0, err
    ids = {row["person_id"] for row in json.loads(out)["rows"]}
    assert str(world.persons[GRID_B]) not in ids
