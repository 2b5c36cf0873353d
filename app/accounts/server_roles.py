"""Keeping the database server's own roles in step with the accounts.

On PostgreSQL every account is also a login role of the server (so row-level security can
enforce its scope even outside the program); on SQLite there is no server and nothing to keep.
The account service calls these hooks inside the transaction that changes the account, so the
server role and the account change together or not at all.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.engine import Database


class NoServerRoles:
    """SQLite: accounts live only in the program's tables."""

    def created(self, session: Session, login: str, password: str, role: str) -> None:
        """A new account."""

    def password_set(self, session: Session, login: str, password: str) -> None:
        """A new password (reset or changed)."""

    def login_allowed(self, session: Session, login: str, allowed: bool) -> None:
        """Enabled or disabled."""

    def role_changed(self, session: Session, login: str, role: str) -> None:
        """Another application role."""


def server_roles_for(database: Database):
    """The hooks for this database's kind: PostgreSQL's login roles (app/accounts/pg_roles.py)
    on a server, nothing on SQLite."""
    if database.kind == "postgresql":
        from app.accounts.pg_roles import PgServerRoles
        return PgServerRoles()
    return NoServerRoles()
