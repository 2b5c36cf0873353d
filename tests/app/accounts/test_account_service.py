"""Logging in, the lockout, passwords and the administrator's acts — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.errors import AccountError, AccountLocked, LoginFailed, PermissionDenied
from app.accounts.policy import AccountPolicy, write_policy
from app.accounts.principal import SYSTEM
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from db.schema import AccountSecret, AuditEntry, Staff
from db.schema.base import utcnow
from tests.app.people.people_rows import write_regions

PASSWORD = "lanwan2026"


class Clock:
    def __init__(self):
        self.value = utcnow()

    def __call__(self):
        return self.value


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def accounts(database, clock):
    return AccountService(database, clock=clock)


def actions(database, actor=None):
    with database.read() as session:
        query = select(AuditEntry.action).order_by(AuditEntry.at, AuditEntry.id)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        return list(session.scalars(query))


def test_first_admin_then_login_gives_every_permission(accounts, database):
    assert not accounts.has_accounts()
    accounts.create_first_admin("Root.Admin", "王管理", PASSWORD, "ws-1")
    assert accounts.has_accounts()
    principal = accounts.authenticate("root.admin", PASSWORD, "ws-1")
    assert principal.role == "admin" and principal.may("accounts.manage") and principal.may("people.reveal")
    assert principal.scope.whole_district and principal.workstation == "ws-1"
    with pytest.raises(AccountError, match="已有账户"):
        accounts.create_first_admin("second", "李", PASSWORD)
    assert actions(database, "root.admin") == ["account_created", "login"]


def test_password_is_stored_only_as_an_argon2_hash(accounts, database):
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    with database.read() as session:
        stored = session.scalar(select(AccountSecret.password_hash))
        audit = [str(d) for d in session.scalars(select(AuditEntry.detail))]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert not any(PASSWORD in text for text in audit)


def test_wrong_login_and_wrong_password_read_the_same(accounts):
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    with pytest.raises(LoginFailed) as wrong_password:
        accounts.authenticate("admin", "nope12345")
    with pytest.raises(LoginFailed) as wrong_login:
        accounts.authenticate("nobody", PASSWORD)
    assert str(wrong_password.value) == str(wrong_login.value) == "登录名或密码不正确"


def test_lock_after_failures_then_the_period_ends_it(accounts, database, clock):
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    with database.write() as session:
        write_policy(session, AccountPolicy(lock_attempts=3, lock_minutes=10))
    for _ in range(2):
        with pytest.raises(LoginFailed):
            accounts.authenticate("admin", "wrong1234")
    with pytest.raises(AccountLocked, match="10 分钟"):
        accounts.authenticate("admin", "wrong1234")
    with pytest.raises(AccountLocked):  # even the right password waits
        accounts.authenticate("admin", PASSWORD)
    clock.value += timedelta(minutes=11)
    assert accounts.authenticate("admin", PASSWORD).login == "admin"
    assert actions(database, "admin")[-5:] == ["login_failed", "login_failed", "account_locked", "login_locked", "login"]


def test_a_success_resets_the_failure_count(accounts, database):
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    with database.write() as session:
        write_policy(session, AccountPolicy(lock_attempts=3))
    for _ in range(2):
        with pytest.raises(LoginFailed):
            accounts.authenticate("admin", "wrong1234")
    accounts.authenticate("admin", PASSWORD)
    for _ in range(2):
        with pytest.raises(LoginFailed):
            accounts.authenticate("admin", "wrong1234")
    assert accounts.authenticate("admin", PASSWORD).login == "admin"


def test_administrator_creates_resets_unlocks_disables(accounts, database):
    write_regions(database)
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    admin = accounts.authenticate("admin", PASSWORD, "ws-1")
    view = accounts.create(NewAccount(login="zhang01", name="张派遣", role="dispatcher", scope_region="370299001"),
                           "first2026", admin)
    assert (view.role_name, view.scope, view.must_change) == ("派遣员", "澜湾街道", True)
    zhang = accounts.authenticate("zhang01", "first2026")
    assert zhang.must_change_password and zhang.scope.region_level == "street"
    assert len(zhang.scope.region_ids) == 4  # the street, its community and two grids
    accounts.change_password("zhang01", "first2026", "mine2026x")
    assert not accounts.authenticate("zhang01", "mine2026x").must_change_password
    accounts.reset_password("zhang01", "reset2026", admin)
    assert accounts.authenticate("zhang01", "reset2026").must_change_password
    accounts.set_disabled("zhang01", True, admin)
    with pytest.raises(LoginFailed):
        accounts.authenticate("zhang01", "reset2026")
    accounts.set_disabled("zhang01", False, admin)
    assert accounts.authenticate("zhang01", "reset2026").login == "zhang01"
    assert [a.login for a in accounts.list_accounts()] == ["admin", "zhang01"]


def test_only_an_account_manager_may_administer(accounts, database):
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    admin = accounts.authenticate("admin", PASSWORD)
    accounts.create(NewAccount(login="li", name="李", role="dispatcher"), "first2026", admin)
    li = accounts.authenticate("li", "first2026", "ws-9")
    with pytest.raises(PermissionDenied, match="accounts.manage"):
        accounts.create(NewAccount(login="mine", name="我", role="admin"), "first2026", li)
    with pytest.raises(PermissionDenied):
        accounts.set_disabled("admin", True, li)
    with database.read() as session:
        denied = session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).all()
    assert [(d.actor, d.workstation, d.detail) for d in denied] == [("li", "ws-9", {"permission": "accounts.manage"})] * 2
    assert [a.login for a in accounts.list_accounts()] == ["admin", "li"]


def test_an_administrator_cannot_disable_themselves(accounts):
    accounts.create_first_admin("admin", "王管理", PASSWORD)
    admin = accounts.authenticate("admin", PASSWORD)
    with pytest.raises(AccountError, match="自己"):
        accounts.set_disabled("admin", True, admin)


@pytest.mark.parametrize("login, password, match", [
    ("", PASSWORD, "不能为空"),
    ("张三", PASSWORD, "无效"),
    ("a b", PASSWORD, "无效"),
    ("x" * 41, PASSWORD, "太长"),
    ("wang", "short1", "太短"),
    ("wang", "onlyletters", "字母和数字"),
    ("wang", "line1\nline2", "控制字符"),
    ("wang12345", "WANG12345", "相同"),
])
def test_bad_logins_and_passwords_are_refused_and_nothing_is_created(accounts, login, password, match):
    with pytest.raises(AccountError, match=match):
        accounts.create(NewAccount(login=login, name="王", role="dispatcher"), password, SYSTEM)
    assert accounts.list_accounts() == []


def test_unknown_role_region_department_and_both_scopes_are_refused(accounts, database):
    write_regions(database)
    for account, match in [
        (NewAccount(login="a1", name="甲", role="emperor"), "角色“emperor”不存在"),
        (NewAccount(login="a1", name="甲", role="dispatcher", scope_region="999"), "没有编码为“999”"),
        (NewAccount(login="a1", name="甲", role="handler", department="不存在局"), "没有名为“不存在局”"),
        (NewAccount(login="a1", name="甲", role="handler", scope_region="370299001", department="x"), "只能属于一个"),
    ]:
        with pytest.raises(AccountError, match=match):
            accounts.create(account, PASSWORD, SYSTEM)
    assert accounts.list_accounts() == []


def test_an_existing_staff_member_becomes_an_account(accounts, database):
    with database.write() as session:
        session.add(Staff(login="g1", name="赵网格", role="grid_worker"))
    accounts.create(NewAccount(login="g1", name="赵网格", role="grid_worker"), PASSWORD, SYSTEM)
    with pytest.raises(AccountError, match="已有账户"):
        accounts.create(NewAccount(login="g1", name="赵网格", role="grid_worker"), PASSWORD, SYSTEM)
    with database.read() as session:
        assert session.scalar(select(Staff.id).where(Staff.login == "g1")) is not None
        assert len(session.scalars(select(Staff).where(Staff.login == "g1")).all()) == 1
