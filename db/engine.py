"""Opening a database: URL checks, SQLite and PostgreSQL settings, read and write sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import BadDatabaseUrl, DatabaseUnavailable
from db.notify import announce_change, sender_id

SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Page cache of a SQLite connection during a bulk load, in KiB (the everyday default is 2 MiB):
#: inserting 100,000 persons updates fourteen indexes at random places, and a small cache
#: rereads the same pages over and over (measured: 12 s of writing → 4 s).
BULK_CACHE_KIB = 262_144


def parse_database_url(text_url: str) -> URL:
    """Turn what a user typed (a URL or a plain file path) into a SQLAlchemy URL.

    PostgreSQL (also spelt postgres://, as libpq allows) always goes through psycopg 3; a path
    ending in .db/.sqlite means SQLite.
    """
    raw = (text_url or "").strip()
    if not raw:
        raise BadDatabaseUrl("数据库地址为空")
    if "://" not in raw:
        if raw.lower().endswith((".db", ".sqlite", ".sqlite3")):
            return make_url("sqlite:///" + str(Path(raw).expanduser().absolute()))
        raise BadDatabaseUrl(
            f"数据库地址“{raw}”无法识别：应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"
        )
    try:
        url = make_url(raw)
    except ArgumentError:
        raise BadDatabaseUrl(f"数据库地址“{raw}”格式不正确") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if url.database in (None, ""):
            raise BadDatabaseUrl(f"数据库地址“{raw}”缺少文件路径，应为 sqlite:///文件路径")
        return url.set(drivername="sqlite")
    raise BadDatabaseUrl(f"不支持的数据库类型“{backend}”：只支持 SQLite 和 PostgreSQL")


def _configure_sqlite(engine: Engine) -> None:
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
        immediate = conn.get_execution_options().get("gridcc_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


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
    """

    def __init__(self, url: str | URL, *, echo: bool = False):
        self.url = parse_database_url(url) if isinstance(url, str) else url
        self.kind = self.url.get_backend_name()
        self.sender = sender_id()
        if self.kind == "sqlite":
            _make_folder(Path(self.url.database).parent)
            self.engine = create_engine(self.url, echo=echo)
            _configure_sqlite(self.engine)
        else:
            self.engine = create_engine(
                self.url, echo=echo, pool_pre_ping=True,
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

    def check_connection(self) -> None:
        """Open a connection once; raise DatabaseUnavailable with the reason if that fails."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            raise DatabaseUnavailable(f"无法连接数据库（{self.describe()}）：{_first_line(exc)}") from None

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


def _make_folder(folder: Path) -> None:
    """Create the folder of a SQLite file; a folder that cannot be made is DatabaseUnavailable."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(f"无法创建数据库文件夹“{folder}”：{exc.strerror or exc}") from None


def _first_line(exc: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's background links."""
    original = getattr(exc, "orig", exc)
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
