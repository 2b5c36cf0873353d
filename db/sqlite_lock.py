"""Waiting for a shared SQLite file's write lock, visibly, instead of failing after a timeout.

SQLite lets one writer at a time. Each write transaction here starts with BEGIN IMMEDIATE, so it
asks for the lock before doing anything. When another workstation holds the lock (an import of
a whole ledger can take a minute), SQLite's busy timeout waits a second quietly; after that
the writer tells its listener it is waiting — the command line prints a line, the desktop can
show it in the status bar — and keeps asking until the lock is free or `patience` runs out.
Only then does it fail, with one line and nothing changed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from db.errors import DatabaseBusy

#: How long the first attempt waits for the lock before the listener hears about it.
QUIET_WAIT_MS = 1_000
#: Each later attempt's wait (SQLite's own busy handler does the waiting and sleeping).
RETRY_WAIT_MS = 5_000
#: How long a writer waits in all before giving up.
WRITE_PATIENCE_S = 600.0

#: Called with True when a writer starts waiting for another's lock, False when it got it.
WaitListener = Callable[[bool], None]


def is_locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (SQLITE_BUSY) and "table is locked" results."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in str(exc)


def begin_immediate(dbapi_connection: sqlite3.Connection, *, restore_timeout_ms: int,
                    listener: WaitListener | None, patience_s: float = WRITE_PATIENCE_S,
                    describe: str = "") -> None:
    """BEGIN IMMEDIATE on a raw sqlite3 connection, waiting as the module docstring says."""
    try:
        if _try_begin(dbapi_connection, QUIET_WAIT_MS):
            return
        _wait_for_lock(dbapi_connection, listener, patience_s, describe)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={int(restore_timeout_ms)}")


def _wait_for_lock(dbapi_connection, listener, patience_s: float, describe: str) -> None:
    if listener is not None:
        listener(True)
    deadline = time.monotonic() + patience_s
    try:
        while time.monotonic() < deadline:
            wait_ms = max(1, min(RETRY_WAIT_MS, int((deadline - time.monotonic()) * 1000)))
            if _try_begin(dbapi_connection, wait_ms):
                return
    finally:
        if listener is not None:
            listener(False)
    minutes = max(1, round(patience_s / 60))
    raise DatabaseBusy(
        f"数据库（{describe}）正被另一工作站写入，已等待约 {minutes} 分钟仍未结束：未做任何更改，请稍后重试"
    )


def _try_begin(dbapi_connection, wait_ms: int) -> bool:
    """One BEGIN IMMEDIATE with SQLite waiting up to `wait_ms`; False if the lock stayed taken."""
    dbapi_connection.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        dbapi_connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            return False
        raise
    return True
