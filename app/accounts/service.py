"""Accounts: log in, lock after failures, change and reset passwords, create and disable.

Every act here is audited (app/accounts/audit_actions.py names them) in the same transaction as
the change; a failed login is audited and counted even though it changes nothing else. A
wrong login and a wrong password get the same answer, so the login dialog does not tell a
stranger which logins exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import audit_actions as acts
from app.accounts.errors import AccountError, AccountLocked, LoginFailed
from app.accounts.guard import require
from app.accounts.logins import check_login
from app.accounts.passwords import check_new_password, hash_password, needs_rehash, verify_password
from app.accounts.policy import AccountPolicy, read_policy
from app.accounts.principal import Principal
from app.accounts.roles import ADMIN
from app.accounts.scope import load_scope
from app.accounts.server_roles import server_roles_for
from app.accounts.views import AccountView, NewAccount
from db.engine import Database
from db.schema import AccountSecret, Department, Region, Role, RolePermission, Staff
from db.schema.audit import audit_entry, bounded_name
from db.schema.base import utcnow

WRONG_LOGIN = "登录名或密码不正确"
MANAGE = "accounts.manage"


class AccountService:
    """Accounts of one database; `clock` is the wall clock (tests move it to end a lock)."""

    def __init__(self, database: Database, *, clock: Callable[[], datetime] = utcnow):
        self.database = database
        self.clock = clock
        self.server = server_roles_for(database)

    # -- logging in -------------------------------------------------------------------------
    def authenticate(self, login: str, password: str, workstation: str | None = None) -> Principal:
        """The principal of a correct login and password; LoginFailed, AccountLocked otherwise."""
        key = login.strip().lower()
        with self.database.write() as session:
            staff, secret = _account(session, key)
            outcome = self._check(session, staff, secret, password)
            self._audit(session, key, workstation, outcome, staff)
            if outcome == acts.LOGIN:
                if needs_rehash(secret.password_hash):
                    secret.password_hash = hash_password(password)
                return _principal(session, staff, secret, workstation)
        if outcome == acts.LOCKED or outcome == acts.LOGIN_WHILE_LOCKED:
            raise AccountLocked(self._locked_message(staff.login))
        raise LoginFailed(WRONG_LOGIN)

    def _check(self, session: Session, staff: Staff | None, secret: AccountSecret | None, password: str) -> str:
        if staff is None or secret is None or staff.disabled:
            if secret is not None and staff is not None:  # a disabled account's password is not even tried
                return acts.LOGIN_DISABLED
            return acts.LOGIN_FAILED
        now = self.clock()
        if secret.locked_until is not None and secret.locked_until > now:
            return acts.LOGIN_WHILE_LOCKED
        if verify_password(secret.password_hash, password):
            secret.failed_attempts, secret.locked_until = 0, None
            return acts.LOGIN
        policy = read_policy(session)
        secret.failed_attempts += 1
        if secret.failed_attempts >= policy.lock_attempts:
            secret.locked_until = now + timedelta(minutes=policy.lock_minutes)
            secret.failed_attempts = 0
            return acts.LOCKED
        return acts.LOGIN_FAILED

    def _locked_message(self, login: str) -> str:
        with self.database.read() as session:
            _staff, secret = _account(session, login)
            until = secret.locked_until if secret is not None else None
        minutes = max(1, int(((until - self.clock()).total_seconds() + 59) // 60)) if until else 1
        return f"账户已因多次密码错误被锁定，请 {minutes} 分钟后再试，或请管理员解锁"

    def principal(self, login: str, workstation: str | None = None) -> Principal:
        """The principal of an enabled account without a password: for `--demo`, which logs in
        as the demo dispatcher, and for a desk that is already logged in re-reading its grants."""
        with self.database.read() as session:
            staff, secret = _account(session, login.strip().lower())
            if staff is None or secret is None or staff.disabled:
                raise LoginFailed(f"没有可用的账户“{bounded_name(login)}”")
            return _principal(session, staff, secret, workstation)

    def policy(self) -> AccountPolicy:
        """The lockout and idle-lock settings (the desktop's idle lock takes its minutes from here)."""
        with self.database.read() as session:
            return read_policy(session)

    def has_accounts(self) -> bool:
        """True when the database has an account, enabled or not (else the first start creates the
        administrator). Disabled ones count: disabling every account must not reopen the door to
        a new "first" administrator or to working without an account."""
        with self.database.read() as session:
            return session.scalar(select(AccountSecret.staff_id).join(Staff, Staff.id == AccountSecret.staff_id)
                                  .where(Staff.deleted_at.is_(None)).limit(1)) is not None

    # -- passwords --------------------------------------------------------------------------
    def change_password(self, login: str, old: str, new: str, workstation: str | None = None) -> None:
        """The account's own change: the old password must be right (a wrong one counts as a failed login)."""
        principal = self.authenticate(login, old, workstation)
        check_new_password(new, principal.login)
        if new == old:
            raise AccountError("新密码不能与原密码相同")
        with self.database.write() as session:
            staff, secret = _account(session, principal.login)
            self._set_password(session, staff, secret, new, must_change=False)
            session.add(_entry(principal.login, workstation, acts.PASSWORD_CHANGED, staff))

    def reset_password(self, login: str, password: str, by: Principal) -> None:
        """An administrator sets a new password; the account must change it at its next login."""
        require(self.database, by, MANAGE, entity="account")
        with self.database.write() as session:
            staff, secret = _existing(session, login)
            check_new_password(password, staff.login)
            self._set_password(session, staff, secret, password, must_change=True)
            secret.failed_attempts, secret.locked_until = 0, None
            session.add(_entry(by.login, by.workstation, acts.PASSWORD_RESET, staff))

    def _set_password(self, session: Session, staff: Staff, secret: AccountSecret, password: str,
                      *, must_change: bool) -> None:
        secret.password_hash = hash_password(password)
        secret.changed_at = self.clock()
        secret.must_change = must_change
        self.server.password_set(session, staff.login, password)

    # -- administration ---------------------------------------------------------------------
    def create(self, account: NewAccount, password: str, by: Principal) -> AccountView:
        """A new account (or a login for an existing staff member of that login)."""
        require(self.database, by, MANAGE, entity="account")
        login = check_login(account.login)
        check_new_password(password, login)
        name = account.name.strip()
        if not name or len(name) > Staff.__table__.c.name.type.length:
            raise AccountError(f"姓名应为 1–{Staff.__table__.c.name.type.length} 个字")
        with self.database.write() as session:
            staff = self._staff_for(session, login, name, account)
            session.add(AccountSecret(staff_id=staff.id, password_hash=hash_password(password),
                                      failed_attempts=0, changed_at=self.clock(), must_change=by.login != login))
            self.server.created(session, login, password, staff.role)
            session.add(_entry(by.login, by.workstation, acts.ACCOUNT_CREATED, staff,
                               {"role": staff.role, "scope": account.scope_region or account.department or "全区"}))
            session.flush()
            return _view(session, staff)

    def create_first_admin(self, login: str, name: str, password: str, workstation: str | None = None) -> AccountView:
        """The administrator of a database without accounts (first start, `db upgrade --admin`)."""
        if self.has_accounts():
            raise AccountError("数据库已有账户：请用管理员账户登录后再新建账户")
        first = Principal(login=check_login(login), name=name, role=ADMIN, role_name="系统管理员",
                          permissions=frozenset({MANAGE}), workstation=workstation)
        return self.create(NewAccount(login=login, name=name, role=ADMIN), password, first)

    def _staff_for(self, session: Session, login: str, name: str, account: NewAccount) -> Staff:
        if account.scope_region and account.department:
            raise AccountError("账户只能属于一个区域或一个部门，不能同时指定")
        if session.scalar(select(Role.id).where(Role.code == account.role, Role.deleted_at.is_(None))) is None:
            codes = "、".join(session.scalars(select(Role.code).where(Role.deleted_at.is_(None)).order_by(Role.sort_order)))
            raise AccountError(f"角色“{bounded_name(account.role, 32)}”不存在，可用：{codes}")
        region_id = _region_id(session, account.scope_region)
        department_id = _department_id(session, account.department)
        staff = session.scalar(select(Staff).where(Staff.login == login))
        if staff is not None and (staff.deleted_at is None) and session.get(AccountSecret, staff.id) is not None:
            raise AccountError(f"登录名“{login}”已有账户")
        if staff is None:
            staff = Staff(login=login, name=name, role=account.role)
            session.add(staff)
        staff.name, staff.role, staff.deleted_at, staff.disabled = name, account.role, None, False
        staff.scope_region_id, staff.scope_department_id = region_id, department_id
        session.flush()
        return staff

    def set_disabled(self, login: str, disabled: bool, by: Principal) -> None:
        """Disable (cannot log in, history kept) or enable an account; an administrator cannot
        disable their own account, so a center is never left without one by mistake."""
        require(self.database, by, MANAGE, entity="account")
        with self.database.write() as session:
            staff, _secret = _existing(session, login)
            if disabled and staff.login == by.login:
                raise AccountError("不能停用自己正在使用的账户")
            if staff.disabled == disabled:
                return
            staff.disabled = disabled
            self.server.login_allowed(session, staff.login, not disabled)
            session.add(_entry(by.login, by.workstation, acts.DISABLED if disabled else acts.ENABLED, staff))

    def unlock(self, login: str, by: Principal) -> None:
        """End a lock after failed logins before its time is up."""
        require(self.database, by, MANAGE, entity="account")
        with self.database.write() as session:
            staff, secret = _existing(session, login)
            secret.failed_attempts, secret.locked_until = 0, None
            session.add(_entry(by.login, by.workstation, acts.UNLOCKED, staff))

    def list_accounts(self) -> list[AccountView]:
        """Every account (enabled or not), by login."""
        with self.database.read() as session:
            rows = session.scalars(select(Staff).join(AccountSecret, AccountSecret.staff_id == Staff.id)
                                   .where(Staff.deleted_at.is_(None)).order_by(Staff.login)).all()
            return [_view(session, staff) for staff in rows]

    def _audit(self, session: Session, login: str, workstation: str | None, outcome: str, staff: Staff | None) -> None:
        session.add(audit_entry(actor=login, workstation=workstation, action=outcome, entity="account",
                                entity_id=staff.id if staff is not None else None))


def _account(session: Session, login: str) -> tuple[Staff | None, AccountSecret | None]:
    staff = session.scalar(select(Staff).where(Staff.login == login, Staff.deleted_at.is_(None)))
    return staff, (session.get(AccountSecret, staff.id) if staff is not None else None)


def _existing(session: Session, login: str) -> tuple[Staff, AccountSecret]:
    staff, secret = _account(session, login.strip().lower())
    if staff is None or secret is None:
        raise AccountError(f"没有登录名为“{bounded_name(login.strip(), 40)}”的账户")
    return staff, secret


def _region_id(session: Session, code: str | None):
    if not code:
        return None
    region_id = session.scalar(select(Region.id).where(Region.code == code.strip(), Region.deleted_at.is_(None)))
    if region_id is None:
        raise AccountError(f"没有编码为“{bounded_name(code.strip(), 32)}”的区域（区、街道、社区或网格）")
    return region_id


def _department_id(session: Session, name: str | None):
    if not name:
        return None
    found = session.scalar(select(Department.id).where(Department.name == name.strip(), Department.deleted_at.is_(None)))
    if found is None:
        raise AccountError(f"没有名为“{bounded_name(name.strip(), 50)}”的部门")
    return found


def role_permissions(session: Session, role: str) -> frozenset[str]:
    """The permission codes granted to `role` now."""
    return frozenset(session.scalars(select(RolePermission.permission).where(RolePermission.role_code == role)))


def _role_name(session: Session, role: str) -> str:
    return session.scalar(select(Role.name).where(Role.code == role)) or role


def _principal(session: Session, staff: Staff, secret: AccountSecret, workstation: str | None) -> Principal:
    return Principal(login=staff.login, name=staff.name, role=staff.role, role_name=_role_name(session, staff.role),
                     permissions=role_permissions(session, staff.role), scope=load_scope(session, staff),
                     workstation=workstation, must_change_password=secret.must_change)


def _view(session: Session, staff: Staff) -> AccountView:
    secret = session.get(AccountSecret, staff.id)
    return AccountView(login=staff.login, name=staff.name, role=staff.role, role_name=_role_name(session, staff.role),
                       scope=load_scope(session, staff).label, disabled=staff.disabled,
                       locked_until=secret.locked_until, failed_attempts=secret.failed_attempts,
                       must_change=secret.must_change, changed_at=secret.changed_at)


def _entry(actor: str, workstation: str | None, action: str, staff: Staff, detail: dict | None = None):
    return audit_entry(actor=actor, workstation=workstation, action=action, entity="account", entity_id=staff.id,
                       detail={"login": staff.login, **(detail or {})})
