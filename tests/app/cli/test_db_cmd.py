"""`gridcc db backup / backups / restore`: one line for each refusal, never a migration first."""

import shutil
import sqlite3

import pytest

from db.migrate import head_revision, known_revisions, upgrade
from db.engine import Database
from tests.cli_runs import gridcc


@pytest.fixture
def db_file(tmp_path, sqlite_template):
    path = tmp_path / "gridcc.db"
    shutil.copy(sqlite_template, path)
    return path


def test_backup_then_list(capsys, db_file):
    """A backup is made in the folder beside the data and listed with reason, size and revision."""
    code, out, err = gridcc(capsys, "--db", db_file, "db", "backup")
    assert (code, err) == (0, "")
    assert str(db_file.parent / "backups") in out
    code, out, _ = gridcc(capsys, "--db", db_file, "db", "backups")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[:2] == ["时间", "原因"]
    assert "手动" in lines[2] and head_revision() in lines[2]
    assert lines[-1].startswith("最近一次备份")


def test_backup_keep_option_prunes(capsys, db_file):
    """--keep 1 leaves one manual copy."""
    for _ in range(3):
        assert gridcc(capsys, "--db", db_file, "db", "backup", "--keep", "1")[0] == 0
    assert len(list((db_file.parent / "backups").glob("*-manual.db"))) == 1


def test_backup_does_not_migrate_an_older_file(capsys, tmp_path):
    """`db backup` copies an older file as it is (the schema is left at its revision)."""
    path = tmp_path / "old.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database, to=known_revisions()[-2])
    database.dispose()
    code, out, _ = gridcc(capsys, "--db", path, "db", "backup")
    assert code == 0 and f"结构版本 {known_revisions()[-2]}" in out
    revision = sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert revision == known_revisions()[-2]


def test_restore_refusals_are_one_line(capsys, db_file, tmp_path):
    """Not a database, another program's file, a newer schema: each refused in one line, exit 2."""
    text_file = tmp_path / "notes.db"
    text_file.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    newer = tmp_path / "newer.db"
    shutil.copy(db_file, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    for bad, words in ((text_file, "不是 SQLite 数据库"), (other, "不是网格化管理指挥中心的数据库"),
                       (newer, "比本程序新")):
        code, out, err = gridcc(capsys, "--db", db_file, "db", "restore", bad)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and words in err
    assert not (db_file.parent / "backups").exists()


def test_restore_round_trip(capsys, db_file):
    """A restore keeps a safety copy of what it replaced and says so."""
    gridcc(capsys, "--db", db_file, "db", "backup")
    [made] = (db_file.parent / "backups").glob("*-manual.db")
    code, out, _ = gridcc(capsys, "--db", db_file, "db", "restore", made)
    assert code == 0 and "before-restore" in out


@pytest.mark.pg
def test_backup_on_a_server_points_to_pg_dump(capsys, pg_server_url, tmp_path):
    """On PostgreSQL `db backup` refuses in one line naming pg_dump; a noted dump is shown as the last backup."""
    url = pg_server_url.render_as_string(hide_password=False)
    code, _, err = gridcc(capsys, "--db", url, "db", "backup")
    assert code == 2 and "pg_dump" in err
    dump = tmp_path / "center-2025-09-30.dump"
    dump.write_bytes(b"PGDMP")
    assert gridcc(capsys, "--db", url, "db", "note-backup", dump)[0] == 0
    code, out, _ = gridcc(capsys, "--db", url, "db", "backups")
    assert code == 0 and "pg_dump" in out and "最近一次备份" in out and dump.name in out
    code, _, err = gridcc(capsys, "--db", url, "db", "note-backup", tmp_path / "missing.dump")
    assert code == 2 and "找不到备份文件" in err


def test_backup_of_another_programs_file_is_one_line(capsys, tmp_path):
    """A SQLite file with another program's tables is refused, exit 2, no traceback, no copy."""
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE accounts (x)")
    connection.commit()
    connection.close()
    for command in ("backup", "backups"):
        code, out, err = gridcc(capsys, "--db", path, "db", command)
        assert code == 2 and out == "" and "不是本程序的数据库" in err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "backups").exists()
