"""index on case_events (action, at, case_id)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 05:00:00

The assessment (app/assessment/queries.py) asks for the cases with an event of one action in a
period — registered, handled, closed, extended — for every unit at once; with this index each is
a range of one index (and the case id comes with it), instead of a scan of every event. Measured
on a year of 182,500 cases, the table for all departments went from 2.0 s to 1.7 s on SQLite and
from 1.65 s to 1.4 s on PostgreSQL.
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index('ix_case_events_action_at', ['action', 'at', 'case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_action_at')
