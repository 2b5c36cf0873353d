"""index on cases.updated_at

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:00:00

The map reads the cases changed since its last read (and counts those in a five-minute margin)
on every change another workstation announces; without an index each read scanned the whole
cases table, which grows by tens of thousands of cases a year.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_updated_at', ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_updated_at')
