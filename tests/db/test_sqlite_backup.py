"""Online copies of a SQLite database and the checks a file passes before it is restored."""

import shutil
import sqlite3

import pytest
from sqlalchemy import text

from db.engine import Database
from db.migrate import head_revision
from db.sqlite_backup import BadBackup, check_backup, copy_database, restore_database, schema_revision_of


@pytest.fixture
def live(tmp_path, sqlite_template):
    """A migrated SQLite database with one audit row to recognise."""
    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE marker (value TEXT)"))
        conn.execute(text("INSERT INTO marker VALUES ('before')"))
    yield database
    database.dispose()


def markers(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT value FROM marker ORDER BY value")]
    finally:
        connection.close()


def test_copy_is_a_whole_file_with_the_data(live, tmp_path):
    """The copy holds the committed data in one file (no -wal beside it) at the same revision."""
    copy = copy_database(live.path, tmp_path / "copy.db")
    assert markers(copy) == ["before"]
    assert schema_revision_of(copy) == head_revision()
    assert not (tmp_path / "copy.db-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".partial-")] == []


def test_copy_while_another_connection_holds_a_write_transaction(live, tmp_path):
    """A desk in the middle of a write does not block the copy, which holds only committed data."""
    writer = sqlite3.connect(live.path, isolation_level=None, timeout=1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO marker VALUES ('uncommitted')")
        copy = copy_database(live.path, tmp_path / "copy.db")
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert markers(copy) == ["before"]
    assert markers(live.path) == ["before", "uncommitted"]


def test_restore_puts_the_copy_back(live, tmp_path):
    """Data written after the copy is gone once the copy is restored."""
    copy = copy_database(live.path, tmp_path / "copy.db")
    with live.engine.begin() as conn:
        conn.execute(text("INSERT INTO marker VALUES ('after')"))
    live.dispose()
    assert restore_database(copy, live.path) == head_revision()
    with live.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM marker")).scalars().all() == ["before"]


def test_check_refuses_a_text_file(tmp_path):
    """A file that is not SQLite at all is refused in one line."""
    path = tmp_path / "notes.db"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(BadBackup, match="不是 SQLite 数据库"):
        check_backup(path)


def test_check_refuses_a_damaged_file(live, tmp_path):
    """A copy whose pages were overwritten fails the integrity check and is refused."""
    copy = copy_database(live.path, tmp_path / "copy.db")
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, 7 * page):
        data[offset + 8:offset + 400] = b"\xff" * 392
    copy.write_bytes(bytes(data))
    with pytest.raises(BadBackup, match="损坏"):
        check_backup(copy)


def test_check_refuses_another_programs_database(tmp_path):
    """A SQLite file without our revision table is not ours."""
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    with pytest.raises(BadBackup, match="不是网格化管理指挥中心的数据库"):
        check_backup(path)


def test_check_refuses_a_newer_schema(live, tmp_path):
    """A copy made by a newer program is refused: this program could not open it afterwards."""
    with live.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    copy = copy_database(live.path, tmp_path / "copy.db")
    with pytest.raises(BadBackup, match="比本程序新"):
        check_backup(copy)


def test_revision_read_without_creating_a_file(tmp_path):
    """Reading the revision of a missing file refuses and creates nothing."""
    with pytest.raises(BadBackup, match="找不到"):
        schema_revision_of(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
