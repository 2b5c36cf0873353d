"""accounts, roles and their permissions

Staff gain an account scope (a region or a department) and a disabled flag; passwords live in
account_secrets, apart from staff, so that PostgreSQL can keep the hashes from application
roles; roles and role_permissions hold the permission table (seeded by app/accounts/seed.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 23:10:00
"""
from alembic import op
import sqlalchemy as sa
import db.types


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('role_permissions',
    sa.Column('role_code', sa.String(length=32), nullable=False),
    sa.Column('permission', sa.String(length=48), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_permissions')),
    sa.UniqueConstraint('role_code', 'permission', name='uq_role_permissions_role_permission')
    )
    with op.batch_alter_table('role_permissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_permissions_role_code'), ['role_code'], unique=False)

    op.create_table('roles',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('name_en', sa.String(length=50), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('code', name=op.f('uq_roles_code'))
    )
    op.create_table('account_secrets',
    sa.Column('staff_id', sa.Uuid(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('changed_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('must_change', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_account_secrets_staff_id_staff')),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_account_secrets'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_region_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('scope_department_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_staff_scope_region_id_regions'), 'regions', ['scope_region_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_staff_scope_department_id_departments'), 'departments', ['scope_department_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_staff_scope_department_id_departments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_staff_scope_region_id_regions'), type_='foreignkey')
        batch_op.drop_column('disabled')
        batch_op.drop_column('scope_department_id')
        batch_op.drop_column('scope_region_id')

    op.drop_table('account_secrets')
    op.drop_table('roles')
    with op.batch_alter_table('role_permissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_permissions_role_code'))

    op.drop_table('role_permissions')
