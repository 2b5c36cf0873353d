"""The permission table: every action has its permission, the built-in roles are seeded once,
and the old reveal setting becomes part of the table."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.accounts.permissions import ALL_CODES, BY_CODE, case_action, dispute_action
from app.accounts.roles import BUILTIN_ROLES
from app.accounts.seed import seed_roles
from app.accounts.service import role_permissions
from app.cases.states import Action
from app.mediation.states import DisputeAction
from db.schema import Role, RolePermission, Setting


def test_every_workflow_action_has_a_permission():
    assert {case_action(a) for a in Action} <= ALL_CODES
    assert {dispute_action(a) for a in DisputeAction} <= ALL_CODES
    assert all(p.label and p.label_en and p.group for p in BY_CODE.values())


def test_every_permission_is_held_by_some_role_other_than_admin():
    held = set().union(*(role.grants for role in BUILTIN_ROLES if role.code != "admin"))
    assert ALL_CODES - held == {"accounts.manage", "audit.view", "backup.manage", "config.edit", "pane.audit"}


def test_builtin_roles_are_seeded_with_their_grants(database):
    with database.read() as session:
        for role in BUILTIN_ROLES:
            assert role_permissions(session, role.code) == role.grants


def test_seeding_again_keeps_an_administrators_change(database):
    with database.write() as session:
        session.execute(delete(RolePermission).where(RolePermission.role_code == "dispatcher",
                                                     RolePermission.permission == "case.dispatch"))
        seed_roles(session)
    with database.read() as session:
        assert "case.dispatch" not in role_permissions(session, "dispatcher")


def test_the_legacy_reveal_setting_becomes_the_grants(database):
    with database.write() as session:
        session.execute(delete(RolePermission))
        session.execute(delete(Role))
        session.add(Setting(key="people_reveal_roles", value="dispatcher, leader"))
    with database.write() as session:
        seed_roles(session)
    with database.read() as session:
        holders = set(session.scalars(select(RolePermission.role_code).where(RolePermission.permission == "people.reveal")))
        legacy = session.scalar(select(Setting.value).where(Setting.key == "people_reveal_roles"))
    assert holders == {"dispatcher", "leader", "admin"} and legacy is None
