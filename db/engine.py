"""Opening a database: SQLite and PostgreSQL settings, read and write sessions.

Addresses are checked by db.urls (re-exported here); what lies at a SQLite path by
db.sqlite_files; a writer waiting for a shared SQLite file's lock by db.sqlite_lock. Every
engine hides statement parameters from its error messages: they would carry ID numbers and
phones into whatever shows or logs the error. A SQLite file's ID numbers and phones are sealed
with its key from the OS credential store (db.sealed), loaded as each connection opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import DatabaseUnavailable
from db.notify import announce_change, sender_id
from db.sealed import install as install_sealing
from db.sqlite_files import check_sqlite_file
from db.sqlite_lock import WRITE_PATIENCE_S, WaitListener, begin_immediate
from db.urls import parse_database_url

SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Page cache of a SQLite connection during a bulk load, in KiB (the everyday default is 2 MiB):
#: inserting 100,000 persons updates fourteen indexes at random places, and a small cache
#: rereads the same pages over and over (measured: 12 s of writing → 4 s).
BULK_CACHE_KIB = 262_144


def _configure_sqlite(engine: Engine, database: Database) -> None:
    """WAL, foreign keys, a busy timeout, and explicit BEGIN so writers can take the lock first."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A write transaction takes the write lock at BEGIN: a deferred one that read first
        # would fail at its first write whenever another workstation wrote in between.
        if not conn.get_execution_options().get("gridcc_write", False):
            conn.exec_driver_sql("BEGIN")
            return
        begin_immediate(conn.connection.driver_connection, restore_timeout_ms=SQLITE_BUSY_TIMEOUT_MS,
                        listener=database.write_wait_listener, patience_s=database.write_patience_s,
                        describe=database.describe())


@contextmanager
def bulk_load_cache(session: Session) -> Iterator[None]:
    """A large SQLite page cache on this session's connection while a bulk load runs, the
    connection's own size restored afterwards (PostgreSQL: nothing to do)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


class Database:
    """One database the program works on, with a session per unit of work.

    `read()` for queries, `write()` for changes (committed on success, rolled back on error).
    Opening a Database creates nothing: a SQLite file appears at the first connection, which
    app.database allows only where a new database is wanted. `write_wait_listener` hears when a
    SQLite writer waits for another workstation's lock, which it does for up to
    `write_patience_s` (db.sqlite_lock); the listener is called on the writing thread.
    """

    def __init__(self, url: str | URL, *, echo: bool = False):
        self.url = parse_database_url(url) if isinstance(url, str) else url
        self.kind = self.url.get_backend_name()
        self.sender = sender_id()
        self.write_wait_listener: WaitListener | None = None
        self.write_patience_s = WRITE_PATIENCE_S
        if self.kind == "sqlite":
            self.engine = create_engine(self.url, echo=echo, hide_parameters=True)
            _configure_sqlite(self.engine, self)
            install_sealing(self.engine)
        else:
            self.engine = create_engine(
                self.url, echo=echo, pool_pre_ping=True, hide_parameters=True,
                connect_args={"connect_timeout": 5, "application_name": "gridcc"},
            )
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(gridcc_write=True), expire_on_commit=False
        )

    def describe(self) -> str:
        """A short Chinese description for status bars and messages (no password)."""
        if self.kind == "sqlite":
            return f"本地文件 {self.url.database}"
        return f"服务器 {self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database}"

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for a server)."""
        return Path(self.url.database) if self.kind == "sqlite" else None

    def check_connection(self) -> None:
        """Open a connection once; raise a DatabaseError with the reason if that fails (a SQLite
        path holding something other than a database is refused before it is opened)."""
        if self.path is not None:
            check_sqlite_file(self.path)
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            raise DatabaseUnavailable(f"无法连接数据库（{self.describe()}）：{first_line(exc)}") from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits when the block ends and rolls back on error.

        On PostgreSQL the commit also notifies the other workstations (db.notify).
        """
        with self._writer.begin() as session:
            yield session
            if self.kind == "postgresql":
                announce_change(session, self.sender)

    def dispose(self) -> None:
        """Close every pooled connection (tests and shutdown)."""
        self.engine.dispose()


def first_line(exc: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's background links."""
    original = getattr(exc, "orig", exc)
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


__all__ = ["Database", "bulk_load_cache", "first_line", "parse_database_url"]
