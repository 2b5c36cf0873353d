"""PostgreSQL: the accounts' server roles, grants and row-level security

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 00:00:00

On PostgreSQL the database itself enforces what the program enforces: the roles `gcc_app`,
`gcc_gate` and `gcc_role_<code>`, gcc_app's grants (append-only audit_log, no account_secrets),
the scope functions and the login functions (db/pg_functions.py), the row-level security
policies and the accounts guard (db/pg_policies.py, whose docstring gives the reasons). The
migrating role is the owner role and needs CREATEROLE. SQLite has no server roles: nothing to do.

The grants cover the tables that exist at this revision; a later migration that adds a table
grants it to gcc_app itself (no default privileges, so a new table is never exposed by accident).
"""
from alembic import op
import sqlalchemy as sa

from db.pg_functions import FUNCTION_NAMES, function_statements
from db.pg_policies import (
    check_owner_statement, drop_statements, grant_statements, guard_statements, policy_statements, role_statements,
)


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    tables = sa.inspect(bind).get_table_names()
    for statement in [check_owner_statement(), *role_statements(), *grant_statements(tables),
                      *function_statements(), *policy_statements(), *guard_statements()]:
        op.execute(sa.text(statement))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in [*drop_statements(), *(f"DROP FUNCTION IF EXISTS {name}" for name in FUNCTION_NAMES)]:
        op.execute(sa.text(statement))
