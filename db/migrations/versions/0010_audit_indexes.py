"""indexes on audit_log for the audit viewer's filters

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 23:30:00

The viewer (app/audit/query.py) lists entries newest first filtered by who acted, by the kind of
act, or by the record: with (actor, at), (action, at) and (entity_id, at) each filter is a
backward range of one index however many millions of entries the log holds, and the kinds
present are found by skipping through (action, at) instead of reading every entry.
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_INDEXES = {
    'ix_audit_log_actor_at': ['actor', 'at'],
    'ix_audit_log_action_at': ['action', 'at'],
    'ix_audit_log_entity_id_at': ['entity_id', 'at'],
}


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        for name, columns in _INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        for name in _INDEXES:
            batch_op.drop_index(name)
