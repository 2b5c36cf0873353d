"""Migrations and connection settings: the migrated schema is the model's, on SQLite and PostgreSQL."""

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, StatementError

from db.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from db.errors import DatabaseTooNew, NotOurDatabase
from db.migrate import _config, check_not_newer, current_revision, head_revision, known_revisions, upgrade
from db.schema import Base, Setting, Staff
from db.sync_server import SERVER_ONLY_TABLES, XID_COLUMN
from db.types import UTCDateTime
from tests.conftest import BACKENDS, local

FUTURE_REVISION = "9f3c2a1b7e00"


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A database with no tables at all: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'empty.db'}")
        yield database
        database.dispose()
        return
    database = Database(request.getfixturevalue("empty_pg_url"))
    yield database
    database.dispose()


def schema_differences(database: Database) -> list:
    """What alembic's autogenerate finds between the database and db.schema (types included)."""
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _not_sync_bookkeeping})
        return compare_metadata(context, Base.metadata)


def _not_sync_bookkeeping(obj, name, type_, reflected, compare_to) -> bool:
    """The server's sync bookkeeping (db.sync_server) is PostgreSQL-only and not in db.schema."""
    if type_ == "table":
        return name not in SERVER_ONLY_TABLES
    if type_ == "column":
        return name != XID_COLUMN
    if type_ == "index":
        return not (name or "").endswith(XID_COLUMN)
    return True


def stamp(database: Database, revision: str) -> None:
    """Overwrite the revision the database says it is at."""
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})


def test_revisions_read_from_file_names_are_alembics_chain():
    """The quick check at start (file names) knows exactly the revisions alembic would run, in order."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert known_revisions() == chain
    assert head_revision() == script.get_current_head()


def test_upgrade_empty_database_gives_exactly_the_model_schema(empty_database):
    """After upgrading an empty database its tables, columns, types, indexes and keys are the model's."""
    assert upgrade(empty_database) is True
    assert schema_differences(empty_database) == []
    tables = set(inspect(empty_database.engine).get_table_names())
    server_only = SERVER_ONLY_TABLES if empty_database.kind == "postgresql" else set()
    assert tables == set(Base.metadata.tables) | {"alembic_version"} | server_only


def test_upgrade_is_idempotent(empty_database):
    """A second upgrade applies nothing and leaves the database at the head revision."""
    assert current_revision(empty_database) is None
    assert upgrade(empty_database) is True
    assert upgrade(empty_database) is False
    assert current_revision(empty_database) == head_revision()
    assert schema_differences(empty_database) == []


def test_check_not_newer_accepts_empty_and_current(empty_database):
    """An empty database and one at the head revision pass the check, which returns the revision."""
    assert check_not_newer(empty_database) is None
    upgrade(empty_database)
    assert check_not_newer(empty_database) == head_revision()


def test_check_not_newer_refuses_unknown_revision(empty_database):
    """A revision this program does not know means a newer program made the database: refused."""
    upgrade(empty_database)
    stamp(empty_database, FUTURE_REVISION)
    expected = (f"数据库（{empty_database.describe()}）的结构版本 {FUTURE_REVISION} 比本程序新，"
                "请升级网格化管理指挥中心后再打开")
    with pytest.raises(DatabaseTooNew) as caught:
        check_not_newer(empty_database)
    assert str(caught.value) == expected
    with pytest.raises(DatabaseTooNew):
        upgrade(empty_database)
    assert current_revision(empty_database) == FUTURE_REVISION


def test_sqlite_connection_settings(tmp_path):
    """Every SQLite connection uses WAL, enforces foreign keys and waits for a busy lock."""
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS == 10_000
    finally:
        database.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path):
    """A row pointing at a missing parent is refused: foreign keys are on in SQLite too."""
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        upgrade(database)
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), database.write() as session:
            session.add(Staff(login="w1", name="王一", role="grid_worker", grid_id=uuid.uuid4()))
    finally:
        database.dispose()


def test_utc_datetime_refuses_naive_datetime(database):
    """Storing a datetime without a time zone fails before anything is written."""
    with pytest.raises(StatementError, match="naive datetime"), database.write() as session:
        session.add(Setting(key="naive", value="x", created_at=datetime(2025, 9, 30, 10, 0)))
    with database.read() as session:
        assert session.scalar(select(Setting).where(Setting.key == "naive")) is None


def test_utc_datetime_reads_back_aware_utc(database):
    """A +08:00 time is read back as the same instant in UTC, to the microsecond."""
    stored = local(2025, 9, 30, 10, 0, 0, 123456)
    with database.write() as session:
        session.add(Setting(key="aware", value="x", created_at=stored))
    with database.read() as session:
        value = session.scalar(select(Setting.created_at).where(Setting.key == "aware"))
    assert value == stored
    assert value.tzinfo is timezone.utc
    assert (value.year, value.month, value.day, value.hour, value.microsecond) == (2025, 9, 30, 2, 123456)


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
def test_utc_datetime_bind_converts_to_utc(dialect):
    """Binding converts to UTC: naive for SQLite (no zones there), aware for PostgreSQL."""
    column_type = UTCDateTime()
    bound = column_type.process_bind_param(local(2025, 1, 1, 7, 30), dialect)
    expected = datetime(2024, 12, 31, 23, 30, tzinfo=timezone.utc)
    assert bound == (expected.replace(tzinfo=None) if dialect.name == "sqlite" else expected)
    with pytest.raises(ValueError, match="naive datetime"):
        column_type.process_bind_param(datetime(2025, 1, 1), dialect)


def test_utc_datetime_result_is_utc_whatever_zone_comes_back():
    """A value read back naive (SQLite) or in another zone (PostgreSQL session zone) becomes UTC."""
    column_type = UTCDateTime()
    naive = column_type.process_result_value(datetime(2025, 1, 1, 0, 0), sqlite.dialect())
    zoned = column_type.process_result_value(local(2025, 1, 1, 8, 0), postgresql.dialect())
    assert naive == zoned == datetime(2025, 1, 1, 0, 0, tzinfo=timezone.utc)
    assert naive.utcoffset() == zoned.utcoffset() == timedelta(0)
    assert column_type.process_result_value(None, sqlite.dialect()) is None


def test_another_programs_tables_are_never_migrated(empty_database):
    """An unversioned database holding tables of its own is refused; nothing is added to it."""
    with empty_database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE stock (item VARCHAR(20))"))
    with pytest.raises(NotOurDatabase, match="已有其他程序的表（stock），不是本程序的数据库：未做任何更改"):
        upgrade(empty_database)
    with empty_database.engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["stock"]


def test_an_extensions_table_alone_does_not_make_a_database_foreign(empty_database):
    """PostGIS's spatial_ref_sys in a new database is not another program's data: upgrade proceeds."""
    with empty_database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE spatial_ref_sys (srid INTEGER)"))
    assert upgrade(empty_database) is True
    assert current_revision(empty_database) == head_revision()


def test_roles_seeded_before_sync_get_the_permission_to_settle_its_conflicts(tmp_path):
    """0013 grants sync.resolve to the administrator, dispatcher and shift leader of a database whose
    roles were seeded before it (a new database gets it from the roles' defaults)."""
    from app.accounts.seed import seed_roles

    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(database, "0012")
    with database.write() as session:
        seed_roles(session)
        session.execute(text("DELETE FROM role_permissions WHERE permission = 'sync.resolve'"))
    upgrade(database)
    with database.read() as session:
        holders = session.execute(text("SELECT role_code FROM role_permissions WHERE permission = 'sync.resolve'"))
        assert sorted(holders.scalars()) == ["admin", "dispatcher", "shift_leader"]
    database.dispose()
