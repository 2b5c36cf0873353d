"""A replica made by a street account holds that street's records (the server's row-level security
decides what it pulls), and that account — only — logs in on it offline with its own password.

A database of its own for this module; the login roles it creates are dropped afterwards.
"""

from __future__ import annotations


import pytest
from sqlalchemy import select

from app.accounts.errors import LoginFailed
from app.accounts.principal import SYSTEM
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.sync.engine import SyncEngine
from app.sync.replica import init_replica, open_server
from db.engine import Database
from db.schema import Case, Person
from tests.app.accounts.test_pg_rls import PASSWORD, SUFFIX, _district, _require_passwords, drop_login_roles, login
from tests.conftest import own_pg_database

pytestmark = pytest.mark.pg


@pytest.fixture(scope="module")
def server():
    with own_pg_database("gridcc_replica_scope") as url:
        owner = Database(url)
        ids = _district(owner)
        account = login("replica")
        for name, scope in (("replica", {"scope_region": f"D{SUFFIX}1"}), ("other", {})):
            AccountService(owner).create(NewAccount(login=login(name), name=name, role="dispatcher", **scope),
                                         PASSWORD, SYSTEM)
        yield owner, url, ids, account
        owner.dispose()
        drop_login_roles(url, f"gcc_t{SUFFIX}.%")


def test_a_street_accounts_replica_holds_its_street_and_logs_that_account_in_offline(server, sqlite_template,
                                                                                      tmp_path):
    owner, url, ids, account = server
    _require_passwords(url, account)
    path = tmp_path / "street.db"
    path.write_bytes(sqlite_template.read_bytes())
    replica = Database(f"sqlite:///{path}")
    desk_url = f"postgresql://{url.host}:{url.port or 5432}/{url.database}"
    init_replica(replica, desk_url, login=account, password=PASSWORD)
    with replica.read() as session:
        assert set(session.scalars(select(Case.id))) == {ids["case1"]}
        assert set(session.scalars(select(Person.id))) == {ids["person1"]}
    accounts = AccountService(replica)
    assert accounts.authenticate(account, PASSWORD).login == account
    with pytest.raises(LoginFailed):
        accounts.authenticate(login("other"), PASSWORD)  # not this desk's account: no hash here
    server_db = open_server(replica)  # the saved login, not the owner
    assert server_db.url.username == f"gcc_{account}"
    report = SyncEngine(replica, server_db).sync_once()
    assert report.pulled >= 0
    server_db.dispose()
    replica.dispose()


def test_an_address_without_a_user_needs_an_account(server, sqlite_template, tmp_path):
    from app.sync.engine import SyncError

    _owner, url, _ids, _account = server
    path = tmp_path / "nobody.db"
    path.write_bytes(sqlite_template.read_bytes())
    with pytest.raises(SyncError, match="--user"):
        init_replica(Database(f"sqlite:///{path}"), f"postgresql://{url.host}:{url.port or 5432}/{url.database}")


def test_after_a_password_change_the_desk_says_so_and_init_saves_the_new_one(server, sqlite_template, tmp_path,
                                                                              capsys, monkeypatch):
    """The server refuses the saved password: one line, recorded in the status; `sync init` again on
    the same replica keeps the new password, and the desk syncs on with its data."""
    import json

    from tests.cli_runs import gridcc

    owner, url, _ids, _account = server
    account = login("renew")
    AccountService(owner).create(NewAccount(login=account, name="改密", role="dispatcher",
                                            scope_region=f"D{SUFFIX}1"), PASSWORD, SYSTEM)
    _require_passwords(url, account)
    path = tmp_path / "desk.db"
    path.write_bytes(sqlite_template.read_bytes())
    desk_url = f"postgresql://{url.host}:{url.port or 5432}/{url.database}"
    init_replica(Database(f"sqlite:///{path}"), desk_url, login=account, password=PASSWORD)
    AccountService(owner).change_password(account, PASSWORD, "Renewed-pass-2026")
    monkeypatch.setenv("GRIDCC_USER", account)
    monkeypatch.setenv("GRIDCC_PASSWORD", PASSWORD)
    code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 2 and "服务器拒绝了同步所用的账户" in err and len(err.strip().splitlines()) == 1
    status = json.loads(gridcc(capsys, "--db", path, "sync", "status", "--json")[1])
    assert status["online"] is False and "服务器拒绝" in status["last_error"]
    monkeypatch.setenv("GRIDCC_PASSWORD", "Renewed-pass-2026")
    code, out, err = gridcc(capsys, "--db", path, "sync", "init", "--server", desk_url)
    assert code == 0 and "重新保存" in out, err
    code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 0, err
