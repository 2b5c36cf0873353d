"""What every command gets: the database, the instant to evaluate at, the acting account (its
Principal, logged in by app/cli/login.py) — and the checks on the values it is given (numbers
within bounds, instants within sane years)."""

from __future__ import annotations

import argparse
import getpass
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from app.accounts.principal import SYSTEM, Principal
from app.cases.service import CaseService
from db.engine import Database
from db.schema.audit import NAME_LENGTH

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
#: Years an instant given on the command line may fall in: wider than any real use, narrow
#: enough that every date computation (time limits, calendars, UTC offsets) stays in range.
NOW_YEARS = (1900, 2200)


class BadArgument(ValueError):
    """A command-line value that cannot be used (the message says which and why)."""


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse `type=` for a whole number from `low` to `high`: every numeric option of every
    command uses one, so no number reaches a query or a loop unchecked."""
    return _bounded(int, "整数", f"{low}–{high} 之间的整数", low, high)


def bounded_float(low: float, high: float) -> Callable[[str], float]:
    """An argparse `type=` for a number (not only whole) from `low` to `high`. "nan", "inf" and
    "-inf" parse as floats but fail the bounds check (NaN compares false with everything), so they
    are refused in the same one line as any other number out of range."""
    return _bounded(float, "数字", f"{low:g}–{high:g} 之间的数", low, high)


def _bounded(convert: Callable[[str], float], noun: str, wanted: str, low: float, high: float):
    """The parser both share: `convert` the text, refuse it in one line if it is not a `noun` or not
    within `low`–`high` (`wanted` says what is)."""

    def parse(text: str):
        try:
            value = convert(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}”不是{noun}，应为 {wanted}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} 超出范围，应为 {wanted}")
        return value

    return parse


def login_name(text: str) -> str:
    """An argparse `type=` for every --user: a login that fits the actor columns of the history and
    the audit log, refused here (the same line on SQLite and PostgreSQL) rather than cut or failing
    in the database."""
    login = text.strip()
    if not login:
        raise argparse.ArgumentTypeError("登录名不能为空")
    if len(login) > NAME_LENGTH:
        raise argparse.ArgumentTypeError(f"登录名太长：最多{NAME_LENGTH}个字，现在有{len(login)}个字")
    return login


def parse_now(text: str | None, source: str = "--now") -> datetime | None:
    """--now / GRIDCC_NOW: ISO 8601 within NOW_YEARS; a time without offset is district local time."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadArgument(f"{source} 的值“{text}”不是 ISO 8601 时间，例如 2025-09-30T10:00+08:00") from None
    low, high = NOW_YEARS
    if not low <= value.year <= high:
        raise BadArgument(f"{source} 的值“{text}”超出范围：年份应在 {low}–{high} 之间")
    return value.replace(tzinfo=DISTRICT_TZ) if value.tzinfo is None else value


def now_from(cli_value: str | None) -> datetime | None:
    """The fixed instant from --now, else from GRIDCC_NOW, else None (the real clock)."""
    if cli_value:
        return parse_now(cli_value)
    return parse_now(os.environ.get("GRIDCC_NOW"), "环境变量 GRIDCC_NOW")


def given_user() -> str | None:
    """The login named by GRIDCC_USER (the environment's form of --user), if any."""
    return os.environ.get("GRIDCC_USER", "").strip() or None


def default_user() -> str:
    """The login to act as when none is given: GRIDCC_USER, else the operating-system user."""
    try:
        return os.environ.get("GRIDCC_USER") or getpass.getuser()
    except Exception:  # getpass fails where no login name exists (some services)
        return "dispatcher"


def workstation() -> str:
    """This computer's name, as the history and the audit log record it."""
    return socket.gethostname()


@dataclass
class CommandContext:
    """`principal` is the logged-in account (SYSTEM until the login, and on a database without
    accounts); every service a command makes is given it."""

    database: Database
    fixed_now: datetime | None
    principal: Principal = SYSTEM

    def now(self) -> datetime:
        return self.fixed_now or datetime.now(timezone.utc)

    @property
    def actor(self) -> str:
        """The login the history and the audit log name for what this command does."""
        return self.principal.login

    def cases(self) -> CaseService:
        return CaseService(self.database, now=self.now, workstation=workstation(), principal=self.principal)
