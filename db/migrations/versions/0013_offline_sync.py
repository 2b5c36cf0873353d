"""offline sync: conflicts, a replica's outbox, state and log; the server's row tracking

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 02:00:00

Every database gets sync_conflicts (synced like any record) and the three tables a replica keeps
in its own file (sync_outbox, sync_state, sync_log; empty elsewhere). On PostgreSQL the server's
side is installed too (db/sync_server.py says why each piece exists): a sync_xid column, index and
triggers on every tracked table, the tombstones, the applied mutation ids and the replicas.
Adding sync_xid rewrites each tracked table once (about a minute per two million persons). Roles
seeded before this revision get the new permission sync.resolve (administrator, dispatcher, shift
leader), as a new database's roles have it by default.
"""
import uuid
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa
import db.types

from db.sync_server import install_statements, remove_statements


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_conflicts',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('desk', sa.String(length=64), nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=True),
    sa.Column('detected_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=True),
    sa.Column('local_row', sa.JSON(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('resolved_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolution', sa.String(length=16), nullable=True),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflicts_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflicts_row_id'), ['row_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflicts_resolved_at'), ['resolved_at'], unique=False)

    op.create_table('sync_outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('made_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_outbox')),
    sa.UniqueConstraint('mutation_id', name=op.f('uq_sync_outbox_mutation_id'))
    )
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    op.create_table('sync_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('pushed', sa.Integer(), nullable=False),
    sa.Column('pulled', sa.Integer(), nullable=False),
    sa.Column('conflicts', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_log'))
    )
    with op.batch_alter_table('sync_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_log_at'), ['at'], unique=False)

    bind = op.get_bind()
    _grant_resolve(bind)
    if bind.dialect.name == "postgresql":
        tables = sa.inspect(bind).get_table_names()
        has_app_role = bind.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'gcc_app'")).first() is not None
        for statement in install_statements(tables, has_app_role=has_app_role):
            op.execute(sa.text(statement))


#: who settles sync conflicts on a database whose roles were seeded before this revision (a new
#: database gets them from the roles' defaults when it is seeded)
_RESOLVERS = ("admin", "dispatcher", "shift_leader")


def _grant_resolve(bind) -> None:
    present = [code for code in bind.execute(sa.text("SELECT code FROM roles")).scalars() if code in _RESOLVERS]
    granted = set(bind.execute(sa.text("SELECT role_code FROM role_permissions WHERE permission = 'sync.resolve'")).scalars())
    grants = sa.table('role_permissions', sa.column('id', sa.Uuid()), sa.column('role_code', sa.String()),
                      sa.column('permission', sa.String()), sa.column('created_at', db.types.UTCDateTime()))
    rows = [{"id": uuid.uuid4(), "role_code": code, "permission": "sync.resolve", "created_at": datetime.now(timezone.utc)}
            for code in present if code not in granted]
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in remove_statements(sa.inspect(bind).get_table_names()):
            op.execute(sa.text(statement))
    with op.batch_alter_table('sync_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_log_at'))
    op.drop_table('sync_log')
    op.drop_table('sync_state')
    op.drop_table('sync_outbox')
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_row_id'))
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_kind'))
    op.drop_table('sync_conflicts')
