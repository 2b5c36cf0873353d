"""PostgreSQL enforces accounts by itself: a street account connected with plain psycopg, outside
the program, sees only its street, cannot alter the audit log or read the password table, and
the server follows the account service (disable, password reset, lockout through the gate).

A database of its own for this module; every login role it creates is dropped afterwards
(roles are cluster-wide), and the logins carry a random suffix so parallel runs never meet.
"""

from __future__ import annotations

import socket
import uuid
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import create_engine, select, text

from app.accounts.errors import AccountError, AccountLocked, LoginFailed
from app.accounts.pg_login import change_own_password, connect_as, set_gate_password
from app.accounts.pg_roles import account_role
from app.accounts.principal import SYSTEM
from app.accounts.scope import case_condition, dispute_condition, load_scope, person_condition
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from db.engine import Database
from tests.conftest import own_pg_database
from db.schema import Case, CaseCategory, Department, Dispute, DisputeType, Person, Region, Staff
from db.schema.audit import audit_entry

pytestmark = pytest.mark.pg
SUFFIX = uuid.uuid4().hex[:6]
PASSWORD = "Street-pass-2025"
NOW = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)


def login(name: str) -> str:
    return f"t{SUFFIX}.{name}"


@pytest.fixture(scope="module")
def server():
    """(owner Database, server URL) on a database of this module's own."""
    with own_pg_database("gridcc_rls") as url:
        owner = Database(url)
        ids = _district(owner)
        yield owner, url, ids
        owner.dispose()
        drop_login_roles(url, f"gcc_t{SUFFIX}.%")
        with owner.engine.begin() as conn:
            conn.execute(text("ALTER ROLE gcc_gate NOLOGIN PASSWORD NULL"))  # as the migration left it
        owner.dispose()


def drop_login_roles(url, pattern: str) -> None:
    """Drop the login roles matching `pattern` (roles are cluster-wide: they outlive the database)."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for (role,) in conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": pattern}):
            conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def _district(owner: Database) -> dict[str, uuid.UUID]:
    """A district with two streets (each a community and a grid), a department, and in each
    street one case, one person and one dispute; a case dispatched to the department."""
    with owner.write() as s:
        ids: dict[str, uuid.UUID] = {}
        district = Region(code=f"D{SUFFIX}", name="区", level="district")
        s.add(district)
        s.flush()
        for n in ("1", "2"):
            street = Region(code=f"D{SUFFIX}{n}", name=f"街道{n}", level="street", parent_id=district.id)
            s.add(street)
            s.flush()
            community = Region(code=f"D{SUFFIX}{n}1", name=f"社区{n}", level="community", parent_id=street.id)
            s.add(community)
            s.flush()
            grid = Region(code=f"D{SUFFIX}{n}11", name=f"网格{n}", level="grid", parent_id=community.id)
            s.add(grid)
            s.flush()
            ids[f"grid{n}"], ids[f"community{n}"] = grid.id, community.id
        department = Department(code=f"B{SUFFIX}", name=f"城管{SUFFIX}")
        s.add(department)
        s.flush()
        ids["department"] = department.id
        category = s.scalars(select(CaseCategory.id)).first()
        dispute_type = s.scalars(select(DisputeType.id)).first()
        for n, grid, dept in (("1", ids["grid1"], None), ("2", ids["grid2"], None), ("3", None, department.id)):
            case = Case(case_no=f"C{SUFFIX}{n}", source="phone", category_id=category, urgency="normal",
                        title=f"案件{n}", description="", reported_at=NOW, status="dispatched", limit_amount=1,
                        limit_unit="day", limit_seconds=86400, grid_id=grid, department_id=dept)
            s.add(case)
            s.flush()
            ids[f"case{n}"] = case.id
        for n in ("1", "2"):
            person = Person(name=f"居民{n}", grid_id=ids[f"grid{n}"], id_number=f"11010119900101{n}23X")
            dispute = Dispute(dispute_no=f"M{SUFFIX}{n}", year=2025, seq=int(n), source="walk_in", type_id=dispute_type,
                              stat_type_id=dispute_type, facts="", registrar="x", registered_at=NOW, status="registered",
                              community_id=ids[f"community{n}"])
            s.add_all([person, dispute])
            s.flush()
            ids[f"person{n}"], ids[f"dispute{n}"] = person.id, dispute.id
        s.add(audit_entry(actor="system", workstation=None, action="seed", entity="test"))
    return ids


def _create(owner: Database, name: str, role: str, **scope) -> str:
    account = login(name)
    AccountService(owner).create(NewAccount(login=account, name=name, role=role, **scope), PASSWORD, SYSTEM)
    return account


def _psycopg(url, account: str, password: str = PASSWORD) -> psycopg.Connection:
    return psycopg.connect(host=url.host, port=url.port or 5432, dbname=url.database, user=account_role(account),
                           password=password, autocommit=True)


def _require_passwords(url, account: str) -> None:
    """Skip when the server trusts the address (pg_hba.conf `trust`): passwords are not checked then.
    The README asks for `scram-sha-256` for +gcc_app and gcc_gate."""
    try:
        _psycopg(url, account, "certainly-not-the-password").close()
    except psycopg.OperationalError:
        return
    pytest.skip("the test server trusts gcc_ roles without a password (pg_hba.conf): add scram-sha-256 for +gcc_app")


def _ids(conn: psycopg.Connection, table: str) -> set[uuid.UUID]:
    return {row[0] for row in conn.execute(f"SELECT id FROM {table}")}


def test_a_street_account_outside_the_program_sees_only_its_street(server):
    owner, url, ids = server
    account = _create(owner, "street", "grid_worker", scope_region=f"D{SUFFIX}1")
    with _psycopg(url, account) as conn:
        assert _ids(conn, "cases") == {ids["case1"]}
        assert _ids(conn, "persons") == {ids["person1"]}
        assert _ids(conn, "disputes") == {ids["dispute1"]}
        assert conn.execute("UPDATE cases SET title = 'x' WHERE id = %s", (ids["case2"],)).rowcount == 0
        assert conn.execute("SELECT count(*) FROM case_events").fetchone()[0] == 0


def test_a_whole_district_account_sees_everything_and_a_department_its_cases(server):
    owner, url, ids = server
    district = _create(owner, "district", "dispatcher")
    handler = _create(owner, "handler", "handler", department=f"城管{SUFFIX}")
    with _psycopg(url, district) as conn:
        assert {ids["case1"], ids["case2"], ids["case3"]} <= _ids(conn, "cases")
        assert {ids["person1"], ids["person2"]} <= _ids(conn, "persons")
    with _psycopg(url, handler) as conn:
        assert _ids(conn, "cases") == {ids["case3"]}
        assert _ids(conn, "persons") == set()
        assert _ids(conn, "disputes") == set()


@pytest.mark.parametrize("scope", [{"scope_region": "1"}, {"scope_region": "11"}, {"scope_region": "111"},
                                   {"scope_region": ""}, {"department": "dept"}, {}])
def test_row_level_security_agrees_with_the_services_scope(server, scope):
    """The policies and app/accounts/scope.py's conditions select the same rows, for every kind
    of scope (street, community, grid, the district itself, a department, none)."""
    owner, url, _ids_ = server
    given = {key: (f"D{SUFFIX}{value}" if key == "scope_region" else f"城管{SUFFIX}") for key, value in scope.items()}
    account = _create(owner, "same" + "".join(f"{k[0]}{v}" for k, v in scope.items()), "dispatcher", **given)
    with owner.read() as session:
        staff = session.scalar(select(Staff).where(Staff.login == account))
        seen = load_scope(session, staff)
        expected = {
            "cases": set(session.scalars(select(Case.id).where(case_condition(seen)))),
            "persons": set(session.scalars(select(Person.id).where(person_condition(seen)))),
            "disputes": set(session.scalars(select(Dispute.id).where(dispute_condition(seen)))),
        }
    with _psycopg(url, account) as conn:
        assert {table: _ids(conn, table) for table in expected} == expected


def test_the_audit_log_is_append_only_and_the_secrets_unreadable(server):
    owner, url, _ids_ = server
    account = _create(owner, "auditee", "dispatcher")
    with _psycopg(url, account) as conn:
        conn.execute("INSERT INTO audit_log (id, created_at, at, actor, action, entity) "
                     "VALUES (gen_random_uuid(), now(), now(), %s, 'view', 'case')", (account,))
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
        for statement in ("UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                          "SELECT password_hash FROM account_secrets", "DROP TABLE cases",
                          "UPDATE account_secrets SET failed_attempts = 0"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_only_audit_view_reads_others_audit_entries(server):
    owner, url, _ids_ = server
    clerk, admin = _create(owner, "clerk", "ledger_clerk"), _create(owner, "boss", "admin")
    with _psycopg(url, clerk) as conn:
        conn.execute("INSERT INTO audit_log (id, created_at, at, actor, action, entity) "
                     "VALUES (gen_random_uuid(), now(), now(), %s, 'view', 'person')", (clerk,))
        assert {row[0] for row in conn.execute("SELECT DISTINCT actor FROM audit_log")} == {clerk}
    with _psycopg(url, admin) as conn:
        assert {clerk, "system"} <= {row[0] for row in conn.execute("SELECT DISTINCT actor FROM audit_log")}


def test_an_account_cannot_widen_its_own_scope_or_grant_itself_permissions(server):
    owner, url, ids = server
    account = _create(owner, "climber", "grid_worker", scope_region=f"D{SUFFIX}1")
    with _psycopg(url, account) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE staff SET scope_region_id = NULL WHERE login = %s", (account,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO role_permissions (id, created_at, role_code, permission) "
                         "VALUES (gen_random_uuid(), now(), 'grid_worker', 'accounts.manage')")
        conn.execute("SET ROLE gcc_app")
        assert _ids(conn, "cases") == {ids["case1"]}


def test_a_disabled_account_cannot_connect_and_enabling_it_restores_it(server):
    owner, url, _ids_ = server
    account = _create(owner, "leaver", "grid_worker", scope_region=f"D{SUFFIX}2")
    service = AccountService(owner)
    service.set_disabled(account, True, SYSTEM)
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        _psycopg(url, account)
    with pytest.raises(LoginFailed):
        connect_as(url, account, PASSWORD)
    service.set_disabled(account, False, SYSTEM)
    _psycopg(url, account).close()


def test_a_password_reset_takes_effect_on_the_server(server):
    owner, url, _ids_ = server
    account = _create(owner, "forgetful", "grid_worker", scope_region=f"D{SUFFIX}2")
    _require_passwords(url, account)
    AccountService(owner).reset_password(account, "Brand-new-2025", SYSTEM)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _psycopg(url, account)
    logged_in = connect_as(url, account, "Brand-new-2025", "desk-1")
    try:
        assert logged_in.principal.login == account
        assert logged_in.principal.must_change_password
        assert logged_in.principal.scope.region_name == "街道2"
    finally:
        logged_in.database.dispose()
    changed = change_own_password(url, account, "Brand-new-2025", "Own-choice-2026", "desk-1")
    try:
        assert not changed.principal.must_change_password
    finally:
        changed.database.dispose()


def test_connect_as_reads_the_principal_and_the_connection_is_scoped(server):
    owner, url, ids = server
    account = _create(owner, "desk", "grid_worker", scope_region=f"D{SUFFIX}1")
    logged_in = connect_as(url, account, PASSWORD, "desk-2")
    try:
        assert logged_in.principal.role == "grid_worker" and "case.report" in logged_in.principal.permissions
        with logged_in.database.read() as session:
            assert set(session.scalars(select(Case.id))) == {ids["case1"]}
            assert session.scalar(select(Staff.login).where(Staff.login == account)) == account
    finally:
        logged_in.database.dispose()
    with owner.read() as session:
        actions = session.execute(text("SELECT action, workstation FROM audit_log WHERE actor = :a"),
                                  {"a": account}).all()
    assert ("login", "desk-2") in actions


def test_the_program_writes_through_an_account_connection(server):
    """The ORM's inserts and versioned updates pass the policies (no RETURNING of a row the
    account may not read), and an audit entry by the program itself is accepted."""
    owner, url, ids = server
    account = _create(owner, "writer", "grid_worker", scope_region=f"D{SUFFIX}1")
    logged_in = connect_as(url, account, PASSWORD)
    try:
        with logged_in.database.write() as session:
            session.get(Case, ids["case1"]).title = "改过的标题"
            session.add(audit_entry(actor="system", workstation=None, action="sweep", entity="case"))
        with logged_in.database.read() as session:
            assert session.get(Case, ids["case1"]).title == "改过的标题"
            assert session.get(Case, ids["case2"]) is None
    finally:
        logged_in.database.dispose()


def test_failed_logins_are_counted_through_the_gate_and_lock_the_account(server):
    owner, url, _ids_ = server
    account = _create(owner, "guesser", "grid_worker", scope_region=f"D{SUFFIX}1")
    _require_passwords(url, account)
    set_gate_password(owner, "Gate-pass-2025")
    for _attempt in range(4):
        with pytest.raises(LoginFailed):
            connect_as(url, account, "wrong-password", "desk-3", gate_password="Gate-pass-2025")
    with pytest.raises(AccountLocked):
        connect_as(url, account, "wrong-password", "desk-3", gate_password="Gate-pass-2025")
    with pytest.raises(AccountLocked):  # the right password does not open a locked account
        connect_as(url, account, PASSWORD, "desk-3", gate_password="Gate-pass-2025")
    AccountService(owner).unlock(account, SYSTEM)
    connect_as(url, account, PASSWORD, "desk-3").database.dispose()


def test_reserved_logins_and_a_user_connection_cannot_make_accounts(server):
    owner, url, _ids_ = server
    with pytest.raises(AccountError, match="保留名"):
        AccountService(owner).create(NewAccount(login="gate", name="x", role="viewer"), PASSWORD, SYSTEM)
    account = _create(owner, "notadmin", "admin")
    logged_in = connect_as(url, account, PASSWORD)
    try:
        with pytest.raises(AccountError, match="所有者角色"):
            AccountService(logged_in.database).create(NewAccount(login=login("other"), name="y", role="viewer"),
                                                      PASSWORD, logged_in.principal)
    finally:
        logged_in.database.dispose()


def test_the_command_line_on_a_desk_address_runs_as_the_account(server, monkeypatch, capsys):
    """An address without a user name is a desk's: the command connects as the account's role."""
    from app.cli.main import main

    owner, url, _ids = server
    account = _create(owner, "cli", "grid_worker", scope_region=f"D{SUFFIX}1")
    change_own_password(url, account, PASSWORD, "Own-pass-2026").database.dispose()
    desk = url.set(username=None, password=None).render_as_string(hide_password=False)
    monkeypatch.setenv("GRIDCC_PASSWORD", "Own-pass-2026")
    assert main(["--db", desk, "--user", account, "cases", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"C{SUFFIX}1" in listed and f"C{SUFFIX}2" not in listed and f"C{SUFFIX}3" not in listed
    with owner.read() as session:
        logins = session.execute(text("SELECT workstation FROM audit_log WHERE actor = :a AND action = 'login'"),
                                 {"a": account}).all()
    assert (socket.gethostname(),) in logins  # the command's own login, from this workstation
