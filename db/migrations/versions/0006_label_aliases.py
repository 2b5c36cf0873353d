"""label_aliases and person_unmapped_labels: the words communities use

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 03:00:00

Spreadsheets name population categories, residence types, case categories, departments and
sources in many ways (低保户, 空巢老人, 外来人口 …). `label_aliases` holds those words as data an
administrator edits (the defaults are seeded by `gridcc db upgrade` and the automatic upgrade,
see app/config/aliases.py). `person_unmapped_labels` keeps a label an import could not map on the
person, as written, until someone maps it.
"""
from alembic import op
import sqlalchemy as sa
import db.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'label_aliases',
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('alias', sa.String(length=100), nullable=False),
        sa.Column('target', sa.String(length=50), nullable=False),
        sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_label_aliases')),
        sa.UniqueConstraint('kind', 'alias', name=op.f('uq_label_aliases_kind')),
    )
    op.create_table(
        'person_unmapped_labels',
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                                name=op.f('fk_person_unmapped_labels_person_id_persons')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_unmapped_labels')),
        sa.UniqueConstraint('person_id', 'kind', 'label', name=op.f('uq_person_unmapped_labels_person_id')),
    )
    with op.batch_alter_table('person_unmapped_labels', schema=None) as batch_op:
        batch_op.create_index('ix_person_unmapped_labels_kind_label', ['kind', 'label'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_unmapped_labels_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('person_unmapped_labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unmapped_labels_person_id'))
        batch_op.drop_index('ix_person_unmapped_labels_kind_label')
    op.drop_table('person_unmapped_labels')
    op.drop_table('label_aliases')
