"""The demo's accounts: one per built-in role, printed by `gridcc demo`, and the demo dispatcher
that `--demo` logs in as without a password."""

import argparse

import pytest
from sqlalchemy import select

from app.accounts.principal import SYSTEM
from app.accounts.roles import BUILTIN_ROLES
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.cases.service import CaseService
from app.cli.login import log_in
from app.demo.accounts import DEMO_DISPATCHER, DEMO_PASSWORD, STREET_DISPATCHER, demo_login, ensure_demo_accounts
from app.demo.builder import fill_demo
from db.engine import Database
from db.schema import AccountSecret, Staff
from tests.cli_runs import gridcc_raw

NOW = "2025-09-30T10:00+08:00"


@pytest.fixture(autouse=True)
def clean_environment(no_gridcc_environment):
    """The shared clean command-line environment (tests/app/conftest.py), for every test here."""


@pytest.fixture
def demo_database(database, clock):
    """A small demo (no cases, no residents) with its accounts."""
    fill_demo(CaseService(database, now=clock), cases=0, persons=0)
    ensure_demo_accounts(database)
    return database


def test_every_role_has_a_demo_account_that_logs_in(demo_database):
    accounts = AccountService(demo_database)
    views = {view.login: view for view in accounts.list_accounts()}
    for role in BUILTIN_ROLES:
        login = "demo-" + role.code.replace("_", "-")
        assert views[login].role == role.code and not views[login].must_change
        assert accounts.authenticate(login, DEMO_PASSWORD).role == role.code
    street = accounts.authenticate(STREET_DISPATCHER, DEMO_PASSWORD).scope
    assert street.region_level == "street" and street.region_ids
    handler = accounts.authenticate("demo-handler", DEMO_PASSWORD).scope
    assert handler.department_name == "区城市管理局"


def test_demo_accounts_are_made_once(demo_database):
    before = _account_count(demo_database)
    listed = ensure_demo_accounts(demo_database)
    assert _account_count(demo_database) == before == len(listed) == len(BUILTIN_ROLES) + 1


def test_demo_option_logs_in_as_the_demo_dispatcher_without_a_password(demo_database):
    principal = log_in(argparse.Namespace(user=None), demo_database, demo=True)
    assert principal.login == DEMO_DISPATCHER == demo_login() and principal.role == "dispatcher"


def test_demo_option_with_user_still_asks_for_the_password(demo_database):
    with pytest.raises(ValueError, match="GRIDCC_PASSWORD"):
        log_in(argparse.Namespace(user="demo-admin"), demo_database, demo=True)


def test_gridcc_demo_prints_the_logins_and_the_password(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    code, out, err = gridcc_raw(capsys, "--db", url, "--now", NOW, "demo", "--cases", "0", "--persons", "0")
    assert (code, err) == (0, "")
    assert f"演示账户（密码均为 {DEMO_PASSWORD}）：" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.split("演示账户")[1].splitlines()[2:]}
    assert rows[DEMO_DISPATCHER] == ["派遣员", "全区", DEMO_PASSWORD]
    assert rows["demo-handler"] == ["部门处置人员", "区城市管理局", DEMO_PASSWORD]
    assert len(rows) == len(BUILTIN_ROLES) + 1


def test_gridcc_demo_on_a_database_with_accounts_needs_an_administrator(tmp_path, sqlite_template, capsys,
                                                                        monkeypatch):
    path = tmp_path / "desk.db"
    path.write_bytes(sqlite_template.read_bytes())
    database = Database(f"sqlite:///{path}")
    AccountService(database).create(NewAccount(login="clerk", name="录入员", role="ledger_clerk"), "Clerk2026pw",
                                    SYSTEM)
    with database.write() as session:
        session.execute(AccountSecret.__table__.update().values(must_change=False))
    database.dispose()
    monkeypatch.setenv("GRIDCC_PASSWORD", "Clerk2026pw")
    code, out, err = gridcc_raw(capsys, "--db", f"sqlite:///{path}", "--user", "clerk", "demo", "--cases", "0",
                                "--persons", "0")
    assert (code, out) == (2, "") and "（accounts.manage）" in err and len(err.splitlines()) == 1


def _account_count(database: Database) -> int:
    with database.read() as session:
        return len(session.scalars(select(Staff.login).join(AccountSecret, AccountSecret.staff_id == Staff.id)).all())
