"""PostgreSQL: logging in is connecting as the account's own server role.

`connect_as(server_url, login, password)` builds the engine URL with user `gcc_<login>` and
the password, then connects. The server checks the password (SCRAM), and row-level security
gives that connection the account's scope. The program never holds a shared account that sees
everything. On success it returns the Database the desk works on and the account's Principal,
read over that same connection (staff, roles and permissions are readable by gcc_app). The
lock and must-change state comes from `gcc_login_ok` (db/pg_functions.py), which refuses a
locked account and audits the login.

A wrong password gets no connection, so the failure is reported through the gate role
`gcc_gate`, which may only run `gcc_login_failed`. That function counts the failure, locks the
account after the policy's number of attempts, and audits it. The gate's password is the
workstation's setting: GRIDCC_GATE_PASSWORD, or what the desktop keeps. Without it the server
still refuses wrong passwords, but they are neither counted nor audited. The server has no
lockout of its own. Outside the program, limit guessing with the server's `auth_delay` or a
firewall. The gate can lock accounts, as typing wrong passwords at a desk can, but it reads
and changes nothing else.

A password change by the account itself (`change_own_password`) is an ALTER ROLE on its own
role, which PostgreSQL allows any role to do. The argon2 copy and the must-change flag are
updated through `gcc_password_changed`. Reset, create, disable and enable are administration
and run on the owner connection (app/accounts/pg_roles.py).
"""

from __future__ import annotations

import os
from typing import NamedTuple

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from app.accounts.errors import AccountError, AccountLocked, LoginFailed
from app.accounts.passwords import check_new_password, hash_password
from app.accounts.pg_roles import account_role, quoted, scram_verifier
from app.accounts.policy import AccountPolicy
from app.accounts.principal import Principal
from app.accounts.scope import load_scope
from db.engine import Database, first_line
from db.errors import DatabaseUnavailable
from db.schema import Role, RolePermission, Staff
from db.urls import parse_database_url

GATE_ROLE = "gcc_gate"
GATE_ENV = "GRIDCC_GATE_PASSWORD"
WRONG_LOGIN = "登录名或密码不正确"
#: what libpq says when the server, not the network, refused the login
_REFUSED = ("password authentication failed", "is not permitted to log in", "does not exist",
            "no password supplied", "pg_hba.conf")


class ServerLogin(NamedTuple):
    """A desk logged in on PostgreSQL: its database connection as the account, and who it is."""

    database: Database
    principal: Principal


def user_url(server_url: str | URL, login: str, password: str) -> URL:
    """The server's address with the account's role and password in place of its own user."""
    url = parse_database_url(server_url) if isinstance(server_url, str) else server_url
    return url.set(username=account_role(login), password=password)


def connect_as(server_url: str | URL, login: str, password: str, workstation: str | None = None,
               *, gate_password: str | None = None) -> ServerLogin:
    """Log in on the server as `login`; LoginFailed, AccountLocked or DatabaseUnavailable otherwise."""
    key = login.strip().lower()
    try:
        url = user_url(server_url, key, password)
    except AccountError:
        raise LoginFailed(WRONG_LOGIN) from None
    database = Database(url)
    try:
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        database.dispose()
        if not _refused(exc):
            raise DatabaseUnavailable(f"无法连接数据库（{database.describe()}）：{first_line(exc)}") from None
        outcome = _report_failure(url, key, workstation, gate_password)
        if outcome in ("account_locked", "login_locked"):
            raise AccountLocked("账户已因多次密码错误被锁定，请稍后再试，或请管理员解锁") from None
        raise LoginFailed(WRONG_LOGIN) from None
    try:
        return ServerLogin(database, _logged_in(database, workstation))
    except Exception:
        database.dispose()
        raise


def _refused(exc: DBAPIError) -> bool:
    message = str(getattr(exc, "orig", exc))
    return any(part in message for part in _REFUSED)


def _report_failure(url: URL, login: str, workstation: str | None, gate_password: str | None) -> str | None:
    """Count the failed attempt through the gate role; None when there is no gate."""
    password = gate_password if gate_password is not None else os.environ.get(GATE_ENV)
    if not password:
        return None
    policy = AccountPolicy()
    engine = create_engine(url.set(username=GATE_ROLE, password=password), hide_parameters=True,
                           connect_args={"connect_timeout": 5, "application_name": "gridcc-gate"})
    try:
        with engine.begin() as conn:
            return conn.scalar(text("SELECT gcc_login_failed(:login, :workstation, :attempts, :minutes)"),
                               {"login": login, "workstation": workstation, "attempts": policy.lock_attempts,
                                "minutes": policy.lock_minutes})
    except DBAPIError:
        return None
    finally:
        engine.dispose()


def _logged_in(database: Database, workstation: str | None) -> Principal:
    """The account's principal, read as the account; the server refuses a locked one."""
    with database.write() as session:
        row = session.execute(text("SELECT * FROM gcc_login_ok(:workstation)"), {"workstation": workstation}).one()
        if row.outcome != "login_locked" and row.outcome != "login":
            raise LoginFailed(WRONG_LOGIN)
        if row.outcome == "login":
            staff = session.scalar(select(Staff).where(Staff.login == session.scalar(text("SELECT gcc_login()"))))
            permissions = frozenset(session.scalars(select(RolePermission.permission)
                                                    .where(RolePermission.role_code == staff.role)))
            role_name = session.scalar(select(Role.name).where(Role.code == staff.role)) or staff.role
            return Principal(login=staff.login, name=staff.name, role=staff.role, role_name=role_name,
                             permissions=permissions, scope=load_scope(session, staff), workstation=workstation,
                             must_change_password=row.must_change)
    raise AccountLocked("账户已因多次密码错误被锁定，请稍后再试，或请管理员解锁")


def change_own_password(server_url: str | URL, login: str, old: str, new: str,
                        workstation: str | None = None) -> ServerLogin:
    """The account changes its own password (the old one must be right); returns the desk's new
    connection, since the old one's password no longer opens new connections."""
    current = connect_as(server_url, login, old, workstation)
    try:
        check_new_password(new, current.principal.login)
        if new == old:
            raise AccountError("新密码不能与原密码相同")
        role = account_role(current.principal.login)
        with current.database.write() as session:
            session.execute(text("SET LOCAL password_encryption = 'scram-sha-256'"))
            session.connection().exec_driver_sql(f"ALTER ROLE {quoted(role)} PASSWORD '{scram_verifier(session, role, new)}'")
            session.execute(text("SELECT gcc_password_changed(:hash, :workstation)"),
                            {"hash": hash_password(new), "workstation": workstation})
    finally:
        current.database.dispose()
    return connect_as(server_url, login, new, workstation)


def set_gate_password(owner: Database, password: str) -> None:
    """Let the gate role log in with `password` (run by an administrator on the owner connection);
    each desk then keeps the same password in its settings to have failed logins counted."""
    check_new_password(password, GATE_ROLE)
    with owner.write() as session:
        session.execute(text("SET LOCAL password_encryption = 'scram-sha-256'"))
        session.connection().exec_driver_sql(
            f"ALTER ROLE {GATE_ROLE} LOGIN PASSWORD '{scram_verifier(session, GATE_ROLE, password)}'")
