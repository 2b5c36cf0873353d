"""PostgreSQL: each account is a login role of the server, kept in step by the account service.

The names: `gcc_<login>` for an account, a member of `gcc_app` (the program's privileges) and
of `gcc_role_<role code>` (its application role's group). The fixed roles made by migration
0011 are listed in db/pg_policies.py. A login is refused if its role name would clash with
one of them: "app", "gate", or anything that starts with "role_".

Who creates the roles. The hooks run in the account service's own transaction, on the owner
role's connection. The owner role is the administrator's connection URL, the one that runs
`gridcc db upgrade`. It has CREATEROLE, so CREATE ROLE and ALTER ROLE commit or roll back with
the account row. Two other designs were weighed and rejected:
- CREATEROLE for the administrator's account role. On PostgreSQL 15 that role can grant
  itself any non-superuser role, including pg_read_server_files and
  pg_execute_server_program. From 16 on it is safer, but it would still make the permission
  table (data an administrator edits) a source of server powers.
- A SECURITY DEFINER role-making function for holders of accounts.manage. The account service
  also writes `account_secrets`, which no application role may touch, so the owner connection
  is needed anyway. A second path would only widen the surface.
So on PostgreSQL, account administration runs on the owner connection. The service still
checks accounts.manage for the person acting. A hook on any other connection fails with one
clear line.

Passwords. The SCRAM-SHA-256 verifier is computed on the client by libpq
(PQencryptPasswordConn, psycopg's `encrypt_password`). Only the verifier is sent, so the
plain password never appears in a statement the server could log. `password_encryption` is
also set to scram-sha-256 for the transaction, so the server never stores an md5 hash.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.accounts.errors import AccountError
from db.pg_policies import create_role_statement

ACCOUNT_PREFIX = "gcc_"
GROUP_PREFIX = "gcc_role_"
APP_ROLE = "gcc_app"
RESERVED_LOGINS = frozenset({"app", "gate"})
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
_ROLE_CODE = re.compile(r"[a-z0-9_]{1,32}")
_VERIFIER = re.compile(r"SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")
OWNER_NEEDED = "在 PostgreSQL 上新建或修改账户须用所有者角色（有 CREATEROLE 权限的管理员连接）"


def account_role(login: str) -> str:
    """The server role of an account (AccountError for a login that cannot be one)."""
    if not _NAME.fullmatch(login) or login in RESERVED_LOGINS or login.startswith("role_"):
        raise AccountError(f"登录名“{login[:40]}”不能用于 PostgreSQL 账户（保留名：app、gate、role_…）")
    return ACCOUNT_PREFIX + login


def group_role(role: str) -> str:
    """The NOLOGIN group of an application role."""
    if not _ROLE_CODE.fullmatch(role):
        raise AccountError(f"角色代码“{role[:32]}”不能用作 PostgreSQL 角色名")
    return GROUP_PREFIX + role


def quoted(name: str) -> str:
    """A role name as an SQL identifier (the names are checked above: no quotes inside)."""
    return '"' + name + '"'


def scram_verifier(session: Session, role: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of `password` for `role`, made by libpq on this connection."""
    pgconn = session.connection().connection.driver_connection.pgconn
    verifier = pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode()
    if not _VERIFIER.fullmatch(verifier):
        raise AccountError("无法生成 SCRAM 密码校验值")
    return verifier


class PgServerRoles:
    """The account service's hooks on PostgreSQL (see app/accounts/server_roles.py)."""

    def created(self, session: Session, login: str, password: str, role: str) -> None:
        """A login role for a new account (or the same login again for re-created staff)."""
        name = account_role(login)
        self._check_owner(session)
        session.execute(text(create_role_statement(group_role(role))))
        session.execute(text(create_role_statement(name, login=True)))
        session.execute(text(f"ALTER ROLE {quoted(name)} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE"))
        session.execute(text(f"GRANT {APP_ROLE} TO {quoted(name)}"))
        self._set_group(session, name, role)
        self.password_set(session, login, password)

    def password_set(self, session: Session, login: str, password: str) -> None:
        """The server's password becomes the account's new one, in this transaction."""
        name = account_role(login)
        self._check_owner(session)
        session.execute(text("SET LOCAL password_encryption = 'scram-sha-256'"))
        session.connection().exec_driver_sql(f"ALTER ROLE {quoted(name)} PASSWORD '{scram_verifier(session, name, password)}'")

    def login_allowed(self, session: Session, login: str, allowed: bool) -> None:
        """A disabled account's role cannot log in (NOLOGIN); its rows and history stay."""
        name = account_role(login)
        self._check_owner(session)
        session.execute(text(f"ALTER ROLE {quoted(name)} {'LOGIN' if allowed else 'NOLOGIN'}"))

    def role_changed(self, session: Session, login: str, role: str) -> None:
        """Move the account's role into its new application role's group."""
        name = account_role(login)
        self._check_owner(session)
        session.execute(text(create_role_statement(group_role(role))))
        self._set_group(session, name, role)

    def _set_group(self, session: Session, name: str, role: str) -> None:
        wanted = group_role(role)
        current = session.scalars(text(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :name AND g.rolname LIKE 'gcc\\_role\\_%'"),
            {"name": name}).all()
        for old in current:
            if old != wanted:
                session.execute(text(f"REVOKE {quoted(old)} FROM {quoted(name)}"))
        if wanted not in current:
            session.execute(text(f"GRANT {quoted(wanted)} TO {quoted(name)}"))

    @staticmethod
    def _check_owner(session: Session) -> None:
        """Before anything is flushed: on an account's connection the pending account_secrets
        row would otherwise fail first, with the server's message instead of this one."""
        with session.no_autoflush:
            allowed = session.scalar(text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"))
        if not allowed:
            raise AccountError(OWNER_NEEDED)
