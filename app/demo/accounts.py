"""The demo's accounts: one for every built-in role, with a password everyone trying the program knows.

`gridcc demo` creates them and prints them; `gridcc --demo` (the desktop and the command line)
logs in as DEMO_DISPATCHER without asking. Most accounts see the whole district; the handler is
scoped to a demo department (a handler only ever sees its department's cases) and one extra
dispatcher to a street, so scope can be tried out. The accounts are made through the account
service like any other (audited; on PostgreSQL with their server roles), as the program itself,
and need no password change at first login: the password is public anyway.
Each account costs one argon2 hash (tens of milliseconds), so the list is kept short.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from app.accounts.principal import SYSTEM
from app.accounts.errors import AccountError
from app.accounts.roles import BUILTIN_BY_CODE, BUILTIN_ROLES
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from db.engine import Database
from db.schema import AccountSecret, Department, Region, Staff

DEMO_PASSWORD = "demo2026"
DEMO_DISPATCHER = "demo-dispatcher"
DEMO_ADMIN = "demo-admin"
STREET_DISPATCHER = "demo-street-dispatcher"
DEMO_HANDLER = "demo-handler"
#: The department the demo handler works in (the busiest one in the demo), by code
HANDLER_DEPARTMENT = "CGJ"


@dataclass(frozen=True)
class DemoAccount:
    login: str
    name: str
    role: str
    role_name: str
    scope: str  # how the scope is shown: 全区, a street's or a department's name


def demo_login() -> str:
    """The account `gridcc --demo` logs in as without asking."""
    return DEMO_DISPATCHER


def _login_of(role_code: str) -> str:
    return "demo-" + role_code.replace("_", "-")


def _planned(database: Database) -> list[tuple[NewAccount, str]]:
    """(account, shown scope) for every demo account, the street and department picked from the data."""
    with database.read() as session:
        street = session.execute(select(Region.code, Region.name).where(Region.level == "street",
                                                                         Region.deleted_at.is_(None))
                                 .order_by(Region.code).limit(1)).first()
        department = session.execute(select(Department.name).where(Department.deleted_at.is_(None))
                                     .order_by(Department.code != HANDLER_DEPARTMENT, Department.code)
                                     .limit(1)).first()
    planned = []
    for role in BUILTIN_ROLES:
        login = _login_of(role.code)
        if login == DEMO_HANDLER and department is not None:
            planned.append((NewAccount(login=login, name=f"演示{role.name}", role=role.code,
                                       department=department.name), department.name))
        else:
            planned.append((NewAccount(login=login, name=f"演示{role.name}", role=role.code), "全区"))
    if street is not None:
        planned.append((NewAccount(login=STREET_DISPATCHER, name=f"演示{street.name}派遣员", role="dispatcher",
                                   scope_region=street.code), street.name))
    return planned


def ensure_demo_accounts(database: Database) -> list[DemoAccount]:
    """Create the demo accounts that are missing (all of them on a fresh demo); every demo account."""
    accounts = AccountService(database)
    planned = _planned(database)
    with database.read() as session:
        present = set(session.scalars(select(Staff.login).join(AccountSecret, AccountSecret.staff_id == Staff.id)
                                      .where(Staff.login.like("demo-%"))))
    made = []
    for account, _scope in planned:
        if account.login in present:
            continue
        try:
            accounts.create(account, DEMO_PASSWORD, SYSTEM)
        except AccountError:
            if not _has_account(database, account.login):
                raise
            continue  # another start of the program made it meanwhile
        made.append(account.login)
    if made:
        _no_change_needed(database, made)
    return [DemoAccount(a.login, a.name, a.role, BUILTIN_BY_CODE[a.role].name, scope) for a, scope in planned]


def _has_account(database: Database, login: str) -> bool:
    with database.read() as session:
        return session.scalar(select(AccountSecret.staff_id).join(Staff, Staff.id == AccountSecret.staff_id)
                              .where(Staff.login == login)) is not None


def _no_change_needed(database: Database, logins: list[str]) -> None:
    """Accounts made by the program must normally change their password at first login; the demo's
    password is printed for everyone, so asking would only get in the way of trying the program."""
    with database.write() as session:
        ids = select(Staff.id).where(Staff.login.in_(logins)).scalar_subquery()
        session.execute(update(AccountSecret).where(AccountSecret.staff_id.in_(ids)).values(must_change=False))
