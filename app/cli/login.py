"""Who runs a command: the account named by --user, logged in before the command starts.

The rule (every command follows it; a command's AccountRule says which part applies):

- A command that reads or changes data runs as an account: `--user LOGIN` (or GRIDCC_USER;
  neither: the operating-system user's name), its password from GRIDCC_PASSWORD, else asked on
  the terminal; with neither a terminal nor the variable, one line and exit 2. A wrong password,
  a disabled or a locked account: one line, exit 2, written to the audit log by the account
  service (and counted towards the lock). The account's permissions and scope then apply to
  everything the command does.
- An account whose password an administrator reset must first change it: `gridcc users passwd`.
- `gridcc --demo …` without --user runs as the demo dispatcher without a password.
- A database without any account (one from before accounts, or a new one): commands run as the
  program itself (with SYSTEM's permissions; the login given, unverified, is what the history
  records) and print one warning telling the administrator to create the first administrator
  with `gridcc db upgrade --admin LOGIN`. `gridcc users …` is refused there.
- On PostgreSQL, an address without a user name (postgresql://HOST/DB) is a desk's address: the
  command connects as the account's own server role `gcc_<login>` with its password, so the
  server's row-level security applies to everything it reads (app/accounts/pg_login.py). An
  address with a user name is the owner's (the administrator's, for upgrades and `users …`):
  the account is then checked by the program against its copy of the password hash.
- No account at all: `--version`, `db upgrade` (it may create the first administrator), `bench`.
  `demo` and `db backup | restore | note-backup` need no account on a database without accounts
  and the named permission (accounts.manage, backup.manage) on one with accounts.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass, replace

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from app.accounts.errors import AccountError, LoginFailed
from app.accounts.guard import require
from app.accounts.pg_login import ServerLogin, connect_as
from app.accounts.principal import SYSTEM, Principal
from app.accounts.service import AccountService
from app.cli.context import BadArgument, default_user, given_user, login_name, workstation
from db.engine import Database
from db.errors import DatabaseError
from db.urls import parse_database_url
from db.schema.audit import bounded_name

PASSWORD_ENV = "GRIDCC_PASSWORD"
NO_ACCOUNTS_WARNING = ("警告：数据库中还没有账户，本命令以程序本身的身份执行；"
                       "请管理员运行 gridcc db upgrade --admin 登录名 创建第一个管理员")
NO_ACCOUNTS = "数据库中还没有账户：请先运行 gridcc db upgrade --admin 登录名 创建第一个管理员"
NEEDS_PASSWORD = (f"需要用户“{{login}}”的密码：请在终端中运行以输入密码，或设置环境变量 {PASSWORD_ENV}")


@dataclass(frozen=True)
class AccountRule:
    """What a command needs of the acting account (set as the parser default `account_rule`).

    login: False — runs without an account. permission — checked after the login (audited when
    refused). only_with_accounts: refused on a database without accounts. self_login: the command
    checks the password itself (changing one's own password). warn: print the no-accounts
    warning. unreadable_ok: a database whose accounts cannot be read counts as without accounts
    (restoring a damaged file over it).
    """

    login: bool = True
    permission: str | None = None
    only_with_accounts: bool = False
    self_login: bool = False
    warn: bool = True
    unreadable_ok: bool = False


DATA = AccountRule()
NO_LOGIN = AccountRule(login=False)


def add_user_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """A subcommand's own --user, the same as the global one (left unset unless given, so it
    does not hide a --user given before the command)."""
    parser.add_argument("--user", type=login_name, default=argparse.SUPPRESS, metavar="LOGIN", help=help_text)


def requested_login(args: argparse.Namespace) -> str | None:
    """The login given by --user or GRIDCC_USER, if any."""
    return getattr(args, "user", None) or given_user()


def log_in(args: argparse.Namespace, database: Database, *, demo: bool = False) -> Principal:
    """The principal the command runs as, following the module's rule."""
    rule: AccountRule = getattr(args, "account_rule", DATA)
    if not rule.login:
        return SYSTEM
    if not accounts_present(database, unreadable_ok=rule.unreadable_ok):
        if rule.only_with_accounts:
            raise AccountError(NO_ACCOUNTS)
        if rule.warn:
            print(NO_ACCOUNTS_WARNING, file=sys.stderr)
        return unverified(requested_login(args) or default_user())
    login = requested_login(args)
    if rule.self_login:
        return nobody(login or default_user())
    principal = _authenticated(database, login, demo=demo)
    if principal.must_change_password:
        raise AccountError(f"用户“{principal.login}”须先修改管理员设置的密码：gridcc --user {principal.login} users passwd")
    if rule.permission:
        require(database, principal, rule.permission)
    return principal


def needs_server_login(args: argparse.Namespace, url: str) -> bool:
    """True for a PostgreSQL address without a user name, when the command runs as an account."""
    rule: AccountRule = getattr(args, "account_rule", DATA)
    if not rule.login or rule.self_login:
        return False
    parsed = parse_database_url(url)
    return parsed.get_backend_name() == "postgresql" and not parsed.username


def server_log_in(args: argparse.Namespace, url: str) -> ServerLogin:
    """Connect as the account's own server role; the command's permission checked as in log_in."""
    rule: AccountRule = getattr(args, "account_rule", DATA)
    login = requested_login(args) or default_user()
    server = connect_as(url, login, read_password(login), workstation())
    try:
        if server.principal.must_change_password:
            raise AccountError(f"用户“{server.principal.login}”须先修改管理员设置的密码：gridcc --user "
                               f"{server.principal.login} users passwd")
        if rule.permission:
            require(server.database, server.principal, rule.permission)
    except Exception:
        server.database.dispose()
        raise
    return server


def _authenticated(database: Database, login: str | None, *, demo: bool) -> Principal:
    accounts = AccountService(database)
    if login is None and demo:
        from app.demo.accounts import demo_login  # only the demo database has it
        return accounts.principal(demo_login(), workstation())
    acting = login or default_user()
    try:
        return accounts.authenticate(acting, read_password(acting), workstation())
    except LoginFailed as exc:
        if login is None:
            raise LoginFailed(f"{exc}（未用 --user 指定登录名，按操作系统用户“{bounded_name(acting)}”登录）") from None
        raise


def accounts_present(database: Database, *, unreadable_ok: bool = False) -> bool:
    """True when the database holds an account. A file that does not exist, or a schema from
    before accounts, holds none; a database that cannot be read is an error, unless
    `unreadable_ok`."""
    if database.path is not None and not database.path.exists():
        return False
    try:
        if not inspect(database.engine).has_table("account_secrets"):
            return False
        return AccountService(database).has_accounts()
    except (SQLAlchemyError, DatabaseError):
        if unreadable_ok:
            return False
        raise


def unverified(login: str) -> Principal:
    """A database without accounts: the program's permissions, the claimed login in the history."""
    name = bounded_name(login)
    return replace(SYSTEM, login=name, name=name, workstation=workstation())


def nobody(login: str) -> Principal:
    """Not logged in yet (the command checks the password itself): no permission at all."""
    name = bounded_name(login)
    return Principal(login=name, name=name, role="", role_name="", permissions=frozenset(), workstation=workstation())


def read_password(login: str) -> str:
    """The password of `login`: GRIDCC_PASSWORD, else asked on the terminal."""
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not on_terminal():
        raise BadArgument(NEEDS_PASSWORD.format(login=bounded_name(login)))
    return _ask(f"用户 {bounded_name(login)} 的密码：")


def read_new_password(*, from_stdin: bool, what: str = "新密码") -> str:
    """A new password: one line on standard input (`from_stdin`), else asked twice on the terminal.
    The password rule itself (length, no control characters…) is the account service's."""
    if from_stdin:
        text = sys.stdin.read(1024)
        return text.removesuffix("\n").removesuffix("\r")  # the line's end is not part of it
    if not on_terminal():
        raise BadArgument(f"{what}：请在终端中运行以输入，或用 --password-stdin 从标准输入读一行")
    first = _ask(f"{what}：")
    if _ask(f"再次输入{what}：") != first:
        raise BadArgument("两次输入的密码不一致，未执行")
    return first


def read_first_password(login: str) -> str:
    """The first administrator's password: GRIDCC_PASSWORD, else asked twice on the terminal."""
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not on_terminal():
        raise BadArgument(f"管理员“{bounded_name(login)}”的密码：请在终端中运行以输入，或设置环境变量 {PASSWORD_ENV}")
    return read_new_password(from_stdin=False, what=f"管理员 {bounded_name(login)} 的密码")


def on_terminal() -> bool:
    """True when a person can be asked (standard input is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise BadArgument("未输入密码，未执行") from None
