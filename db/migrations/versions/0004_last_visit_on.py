"""person_categories: the visit clock stored (last_visit_on, visit_due_day)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:40:00

The visits-due list used to find each membership's last visit with a subquery per membership
(12 s for a district of two million). The people service now keeps the clock with the
membership (app/people/visits.py `refresh_visit_clocks`); here it is filled once from the visits
already recorded, by the same rule: the latest visit for the membership's category or a general
one, on or after `since`; due on that day (or `since`) plus the category's cadence, as days since
2000-01-01. A deleted person's memberships now end with the person; those of persons deleted
before are ended here, at the person's deletion time.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_DAY_NUMBER = {
    "sqlite": "CAST(julianday({}) - 2451544.5 AS INTEGER)",
    "postgresql": "({} - DATE '2000-01-01')",
}


def upgrade() -> None:
    with op.batch_alter_table('person_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_visit_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visit_due_day', sa.Integer(), nullable=True))
        batch_op.create_index('ix_person_categories_visit_due',
                              ['visit_due_day', 'category_id', 'deleted_at', 'until'], unique=False)
    op.execute(
        "UPDATE person_categories SET deleted_at = ("
        " SELECT p.deleted_at FROM persons p WHERE p.id = person_categories.person_id)"
        " WHERE deleted_at IS NULL AND person_id IN (SELECT id FROM persons WHERE deleted_at IS NOT NULL)"
    )
    op.execute(
        "UPDATE person_categories SET last_visit_on = ("
        " SELECT max(v.visited_on) FROM visits v"
        " WHERE v.person_id = person_categories.person_id"
        " AND (v.category_id = person_categories.category_id OR v.category_id IS NULL)"
        " AND (person_categories.since IS NULL OR v.visited_on >= person_categories.since))"
    )
    day = _DAY_NUMBER[op.get_bind().dialect.name].format("coalesce(last_visit_on, since)")
    op.execute(
        f"UPDATE person_categories SET visit_due_day = {day} + ("
        " SELECT c.visit_every_days FROM population_categories c"
        " WHERE c.id = person_categories.category_id AND c.visit_every_days > 0)"
    )


def downgrade() -> None:
    with op.batch_alter_table('person_categories', schema=None) as batch_op:
        batch_op.drop_index('ix_person_categories_visit_due')
        batch_op.drop_column('visit_due_day')
        batch_op.drop_column('last_visit_on')
