"""Change notification: commits announce themselves on PostgreSQL, sources see other writers,
and the watch loop reports losing and regaining the database with a bounded back-off."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from db.engine import Database
from db.notify import (
    CHANNEL, PostgresNotifySource, SqliteVersionSource, change_source_for, watch_changes,
)
from db.schema import CalendarOverride


def listener(url) -> psycopg.Connection:
    """A plain psycopg connection listening on the change channel."""
    conn = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                           autocommit=True)
    conn.execute(f"LISTEN {CHANNEL}")
    return conn


def received(conn: psycopg.Connection, timeout: float) -> list[psycopg.Notify]:
    return list(conn.notifies(timeout=timeout, stop_after=1))


@pytest.fixture
def pg_database(pg_server_url):
    database = Database(pg_server_url)
    with database.write() as session:
        session.execute(text("DELETE FROM calendar_overrides"))
    yield database
    database.dispose()


@pytest.mark.pg
def test_announce_write_reaches_listener_within_one_second(pg_database, pg_server_url):
    """A committed write through Database.write() is heard by another connection within 1 s."""
    conn = listener(pg_server_url)
    try:
        started = time.monotonic()
        with pg_database.write() as session:
            session.add(CalendarOverride(day=date(2031, 1, 2), is_workday=False, note="测试"))
        heard = received(conn, 1.0)
        elapsed = time.monotonic() - started
    finally:
        conn.close()
    assert [(n.channel, n.payload) for n in heard] == [(CHANNEL, pg_database.sender)]
    assert elapsed < 1.0


@pytest.mark.pg
def test_announce_transaction_that_wrote_nothing_is_silent(pg_database, pg_server_url):
    """A write unit that only read sends no notification, so nobody reloads for nothing."""
    conn = listener(pg_server_url)
    try:
        with pg_database.write() as session:
            session.scalars(select(CalendarOverride)).all()
        heard = received(conn, 0.5)
    finally:
        conn.close()
    assert heard == []


@pytest.mark.pg
def test_announce_rolled_back_write_is_silent(pg_database, pg_server_url):
    """A write that fails and rolls back notifies nobody."""
    conn = listener(pg_server_url)
    try:
        with pytest.raises(RuntimeError), pg_database.write() as session:
            session.add(CalendarOverride(day=date(2031, 1, 3), is_workday=False))
            session.flush()
            raise RuntimeError("boom")
        heard = received(conn, 0.5)
    finally:
        conn.close()
    assert heard == []


@pytest.mark.pg
def test_postgres_source_sees_write_once(pg_database, pg_server_url):
    """The LISTEN source reports a burst of commits as one change, then nothing."""
    source = PostgresNotifySource(pg_server_url)
    source.open()
    try:
        for offset in range(3):
            with pg_database.write() as session:
                session.add(CalendarOverride(day=date(2031, 2, 1 + offset), is_workday=True))
        time.sleep(0.2)
        assert source.wait_for_change(1.0) is True
        assert source.wait_for_change(0.2) is False
    finally:
        source.close()


@pytest.mark.pg
def test_postgres_source_skips_its_own_workstation_but_hears_another(pg_database, pg_server_url):
    """The window already reloads after its own writes; only another writer's commit counts."""
    source = PostgresNotifySource(pg_server_url, own_sender=pg_database.sender)
    other = Database(pg_server_url)
    source.open()
    try:
        with pg_database.write() as session:
            session.add(CalendarOverride(day=date(2031, 3, 1), is_workday=True))
        assert source.wait_for_change(0.5) is False
        with other.write() as session:
            session.add(CalendarOverride(day=date(2031, 3, 2), is_workday=True))
        assert source.wait_for_change(1.0) is True
    finally:
        source.close()
        other.dispose()


def test_every_database_object_announces_under_its_own_name(tmp_path):
    """Two Database objects in one process (two workstations in a test) have different senders."""
    first, second = Database(f"sqlite:///{tmp_path}/a.db"), Database(f"sqlite:///{tmp_path}/a.db")
    assert first.sender != second.sender
    assert first.sender.split(":")[:2] == second.sender.split(":")[:2]


def test_sqlite_source_sees_commit_of_other_connection(tmp_path):
    """data_version moves when another connection commits, and only then."""
    path = tmp_path / "shared.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x INTEGER)")
    source = SqliteVersionSource(str(path))
    source.open()
    try:
        assert source.wait_for_change(0.01) is False
        writer.execute("INSERT INTO t VALUES (1)")
        assert source.wait_for_change(0.01) is True
        assert source.wait_for_change(0.01) is False
    finally:
        source.close()
        writer.close()


def test_sqlite_source_refuses_missing_file_without_creating_it(tmp_path):
    """Watching a file that is gone fails (the loss is reported) and creates no empty file."""
    path = tmp_path / "gone.db"
    source = SqliteVersionSource(str(path))
    with pytest.raises(sqlite3.OperationalError):
        source.open()
    assert not path.exists()


def test_change_source_for_picks_by_backend(tmp_path):
    """SQLite files are polled, PostgreSQL is listened to, an in-memory database is not watched."""
    assert change_source_for(make_url("sqlite://")) is None
    assert change_source_for(make_url("sqlite:///:memory:")) is None
    assert isinstance(change_source_for(make_url(f"sqlite:///{tmp_path}/a.db")), SqliteVersionSource)
    pg = change_source_for(make_url("postgresql+psycopg://gc:pw@db.example:5433/city"))
    assert isinstance(pg, PostgresNotifySource)
    assert "host=db.example" in pg.conninfo and "port=5433" in pg.conninfo


class ScriptedSource:
    """A source whose opens and waits follow a script: True/False results or errors to raise."""

    errors = (ConnectionError,)

    def __init__(self, opens: list, waits: list):
        self.opens, self.waits = list(opens), list(waits)
        self.closed = 0

    def open(self) -> None:
        outcome = self.opens.pop(0) if self.opens else None
        if isinstance(outcome, BaseException):
            raise outcome

    def wait_for_change(self, timeout: float) -> bool:
        outcome = self.waits.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self) -> None:
        self.closed += 1


class CountingStop(threading.Event):
    """A stop event that records back-off waits instead of sleeping, and stops the loop when the
    source's script runs out."""

    def __init__(self, source: ScriptedSource):
        super().__init__()
        self.source = source
        self.waits: list[float] = []

    def wait(self, timeout=None):
        self.waits.append(timeout)
        return False

    def is_set(self) -> bool:
        return super().is_set() or (not self.source.waits and not self.source.opens)


def run_script(opens, waits):
    """Run watch_changes over a script; return what it reported and the back-off waits."""
    source = ScriptedSource(opens, waits)
    stop = CountingStop(source)
    events = []
    watch_changes(source, stop, on_change=lambda: events.append("change"),
                  on_connection=lambda ok, why: events.append(("connected", ok, why)))
    return events, stop.waits, source


def test_watch_changes_reports_loss_once_and_backs_off_to_ten_seconds():
    """While the server stays away: one loss, waits of 1, 2, 4, 8, 10, 10 s, then one return."""
    down = ConnectionError("connection refused\nmore detail")
    events, waits, source = run_script([None, *[down] * 6, None], [True, down, False])
    assert events == ["change", ("connected", False, "connection refused"), ("connected", True, "")]
    assert waits == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert source.closed == 2


def test_watch_changes_blip_reloads_without_reporting_loss():
    """A connection that breaks but reopens at once only triggers a reload."""
    down = ConnectionError("server closed the connection")
    events, waits, _ = run_script([None, None], [down, False])
    assert events == ["change"]
    assert waits == []


def test_watch_changes_unreachable_at_start_reports_loss():
    """A database that cannot be reached at start is reported lost, then back."""
    down = ConnectionError("timeout")
    events, waits, _ = run_script([down, down, None], [False])
    assert events == [("connected", False, "timeout"), ("connected", True, "")]
    assert waits == [1.0, 2.0]
