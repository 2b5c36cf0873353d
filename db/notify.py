"""Change notification between workstations: announce commits, watch for others'.

On PostgreSQL every write transaction sends NOTIFY on `CHANNEL` (delivered at commit) and a
watcher LISTENs on a connection of its own; on a shared SQLite file the watcher polls
`PRAGMA data_version`, which moves whenever another connection commits. `watch_changes` runs
either source in a loop that survives the database going away and coming back.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

CHANNEL = "gridcc_changes"
POLL_SECONDS = 0.5
PING_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 5

_ANNOUNCE = text(
    "SELECT pg_notify(:channel, :sender) WHERE txid_current_if_assigned() IS NOT NULL"
)


def sender_id() -> str:
    """Who announces: this computer, process and database object (the notification's payload).

    Each `Database` gets its own id, so a workstation's watcher can skip the notifications of
    its own writes (the window already reloaded for those) and still hear every other writer.
    """
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def announce_change(session: Session, sender: str) -> None:
    """Inside a PostgreSQL write transaction: notify the other workstations when it commits.

    A transaction that wrote nothing (no transaction id assigned) sends nothing, so a write
    unit that found nothing to do does not make every workstation reload.
    """
    session.execute(_ANNOUNCE, {"channel": CHANNEL, "sender": sender})


class ChangeSource(Protocol):
    """One way of learning that the database changed; `errors` are what a lost database raises."""

    errors: tuple[type[BaseException], ...]

    def open(self) -> None: ...

    def wait_for_change(self, timeout: float) -> bool: ...

    def close(self) -> None: ...


class PostgresNotifySource:
    """LISTEN on a dedicated psycopg connection (never one from the SQLAlchemy pool).

    psycopg is imported here, not at the top: a workstation on a local SQLite file never needs
    it, and it costs a tenth of the desktop's two-second start.
    """

    def __init__(self, url: URL, *, ping_seconds: float = PING_SECONDS, own_sender: str | None = None):
        import psycopg
        from psycopg.conninfo import make_conninfo

        self._psycopg = psycopg
        self.errors = (psycopg.Error, OSError)
        self.conninfo = make_conninfo(
            url.set(drivername="postgresql").render_as_string(hide_password=False),
            connect_timeout=CONNECT_TIMEOUT_SECONDS, application_name="gridcc-watcher",
            keepalives=1, keepalives_idle=5, keepalives_interval=2, keepalives_count=2,
        )
        self.ping_seconds = ping_seconds
        self.own_sender = own_sender
        self._conn = None
        self._quiet = 0.0

    def open(self) -> None:
        """Connect and start listening (a connection that cannot listen is closed again)."""
        conn = self._psycopg.connect(self.conninfo, autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self._quiet = 0.0

    def wait_for_change(self, timeout: float) -> bool:
        """True when another writer's notifications arrived within `timeout` (a burst counts once).

        Notifications of `own_sender` (this workstation's own writes) do not count. The server
        answering nothing for `ping_seconds` is checked with a ping, so a silent network loss
        is noticed too.
        """
        conn = self._conn
        heard = list(conn.notifies(timeout=timeout, stop_after=1))
        if heard:
            heard.extend(conn.notifies(timeout=0))
            self._quiet = 0.0
            return any(n.payload != self.own_sender for n in heard)
        self._quiet += timeout
        if self._quiet >= self.ping_seconds:
            conn.execute("SELECT 1")
            self._quiet = 0.0
        return False

    def close(self) -> None:
        """Drop the connection, whatever state it is in."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


class SqliteVersionSource:
    """Poll `PRAGMA data_version` of a database file on a dedicated sqlite3 connection."""

    errors = (sqlite3.Error, OSError)

    def __init__(self, path: str, *, stop: threading.Event | None = None):
        self.path = path
        self.stop = stop or threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def open(self) -> None:
        """Open the existing file (never create one) and remember its version."""
        uri = Path(self.path).absolute().as_uri() + "?mode=rw"
        self._conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        self._version = self._read_version()

    def wait_for_change(self, timeout: float) -> bool:
        """Sleep `timeout` (woken early by stop), then tell whether another connection committed."""
        self.stop.wait(timeout)
        version = self._read_version()
        changed, self._version = version != self._version, version
        return changed

    def close(self) -> None:
        """Close the polling connection."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _read_version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]


def change_source_for(url: URL, stop: threading.Event | None = None,
                      own_sender: str | None = None) -> ChangeSource | None:
    """The right source for a database URL; None for an in-memory SQLite database.

    `own_sender` (PostgreSQL) is the sender id of this workstation's writes, which are skipped.
    """
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if path in ("", ":memory:") or path.startswith("file::memory:"):
            return None
        return SqliteVersionSource(path, stop=stop)
    return PostgresNotifySource(url, own_sender=own_sender)


def watch_changes(source: ChangeSource, stop: threading.Event, *, on_change: Callable[[], None],
                  on_connection: Callable[[bool, str], None], poll_seconds: float = POLL_SECONDS,
                  first_backoff: float = 1.0, max_backoff: float = MAX_BACKOFF_SECONDS) -> None:
    """Report changes until `stop` is set; survive the database going away and coming back.

    A broken connection is retried at once (a blip only reloads, since notifications may have
    been missed); if that fails, the loss is reported and retried after `first_backoff`, then
    doubling up to `max_backoff` seconds; the return is reported (the caller reloads then).
    """
    _Watch(source, stop, on_change, on_connection, poll_seconds, first_backoff, max_backoff).run()


class _Watch:
    """The state of one `watch_changes` loop: lost or not, next back-off, broken just now."""

    def __init__(self, source, stop, on_change, on_connection, poll_seconds, first_backoff, max_backoff):
        self.source, self.stop = source, stop
        self.on_change, self.on_connection = on_change, on_connection
        self.poll_seconds, self.first_backoff, self.max_backoff = poll_seconds, first_backoff, max_backoff
        self.delay = first_backoff
        self.lost = False
        self.broke = False

    def run(self) -> None:
        while not self.stop.is_set():
            if self._connect():
                self._listen()

    def _connect(self) -> bool:
        """Open the source; report a loss and back off when that fails, a return when it works."""
        try:
            self.source.open()
        except self.source.errors as exc:
            if not self.lost:
                self.lost = True
                self.on_connection(False, first_line(exc))
            self.broke = False
            self.stop.wait(self.delay)
            self.delay = min(self.delay * 2, self.max_backoff)
            return False
        if self.lost:
            self.lost = False
            self.on_connection(True, "")
        elif self.broke:
            self.on_change()
        self.delay, self.broke = self.first_backoff, False
        return True

    def _listen(self) -> None:
        """Wait for changes until stopped or the connection breaks."""
        try:
            while not self.stop.is_set():
                if self.source.wait_for_change(self.poll_seconds):
                    self.on_change()
        except self.source.errors:
            self.broke = True
        finally:
            try:
                self.source.close()
            except self.source.errors:
                pass


def first_line(exc: BaseException) -> str:
    """The first line of an error, for the banner."""
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__
