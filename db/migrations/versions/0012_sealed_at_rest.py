"""ID numbers and phones encrypted at rest in SQLite files

Persons gain keyed-hash columns (id_hash unique, id_tail, id_tail6, phone_hash, phone_tail)
on every database. On a SQLite file the key is made and kept in the OS credential store, and
every ID number and phone already there — persons, cases' reporter phones, dispute parties —
the persons' change history and their memberships' own fields are encrypted (db.seal_rows).
PostgreSQL keeps its clear columns (protected by the server and row-level security); the new
columns stay NULL there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 23:30:00
"""
from alembic import op
import sqlalchemy as sa

from db.seal_rows import seal_file
from db.sealed import attach


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_COLUMNS = (('id_hash', True), ('id_tail', False), ('id_tail6', False), ('phone_hash', False), ('phone_tail', False))


_REVERSED = ('id_reversed', 'phone_reversed')


def upgrade() -> None:
    """The columns; on SQLite the rows are sealed before the indexes are built (one sort each
    instead of two million random inserts) and the emptied reversed columns' indexes rebuilt."""
    for name, _unique in _COLUMNS:
        op.add_column('persons', sa.Column(name, sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    if sqlite:
        for name in _REVERSED:
            op.drop_index(op.f(f'ix_persons_{name}'), table_name='persons')
        attach(bind, seal_file(bind))
        for name in _REVERSED:
            op.create_index(op.f(f'ix_persons_{name}'), 'persons', [name], unique=False)
    for name, unique in _COLUMNS:
        op.create_index(op.f(f'ix_persons_{name}'), 'persons', [name], unique=unique)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        raise RuntimeError('a sealed SQLite file is not unsealed: restore the backup made before the upgrade')
    for name, _unique in _COLUMNS:
        op.drop_index(op.f(f'ix_persons_{name}'), table_name='persons')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        for name, _unique in _COLUMNS:
            batch_op.drop_column(name)
