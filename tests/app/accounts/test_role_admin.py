"""The role × permission table: read in display order, changed only by accounts.manage, each
changed role audited with what was added and removed, the administrator never loses accounts.manage."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.errors import AccountError, PermissionDenied
from app.accounts.principal import Principal
from app.accounts.role_admin import role_table, set_role_grants
from app.accounts.roles import BUILTIN_BY_CODE
from db.schema.audit import AuditEntry

ADMIN = Principal(login="boss", name="王管理", role="admin", role_name="系统管理员",
                  permissions=frozenset({"accounts.manage"}), workstation="ws1")


def grants(database, role: str) -> frozenset[str]:
    return next(r.grants for r in role_table(database) if r.code == role)


def test_table_lists_every_role_with_its_seeded_grants(database):
    table = role_table(database)
    assert [r.code for r in table][:2] == ["grid_worker", "part_time_grid_worker"]
    assert {r.code: r.grants for r in table}["viewer"] == BUILTIN_BY_CODE["viewer"].grants


def test_changing_grants_is_audited_per_role(database):
    wanted = (grants(database, "viewer") - {"pane.reports"}) | {"report.export"}
    unchanged = grants(database, "mediator")
    assert set_role_grants(database, {"viewer": wanted, "mediator": unchanged}, ADMIN) == 1
    assert grants(database, "viewer") == wanted
    with database.read() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "role_grants_changed")).all()
        assert [(e.actor, e.workstation, e.detail) for e in entries] == [
            ("boss", "ws1", {"role": "viewer", "added": ["report.export"], "removed": ["pane.reports"]})]


def test_only_accounts_manage_may_change_grants(database):
    clerk = Principal(login="clerk", name="李四", role="ledger_clerk", role_name="台账管理员",
                      permissions=frozenset({"people.edit"}))
    with pytest.raises(PermissionDenied, match="accounts.manage"):
        set_role_grants(database, {"viewer": frozenset()}, clerk)
    assert grants(database, "viewer") == BUILTIN_BY_CODE["viewer"].grants


@pytest.mark.parametrize("wanted, message", [
    ({"admin": frozenset({"pane.queue"})}, "必须保留"),
    ({"viewer": frozenset({"pane.nothing"})}, "未知的权限"),
    ({"nobody": frozenset()}, "不存在"),
])
def test_refusals_change_nothing(database, wanted, message):
    with pytest.raises(AccountError, match=message):
        set_role_grants(database, wanted, ADMIN)
    assert grants(database, "admin") == BUILTIN_BY_CODE["admin"].grants
