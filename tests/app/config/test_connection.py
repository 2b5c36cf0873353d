"""The settings dialog's address check: a verdict in one line, and nothing created or changed."""

import sqlite3

import pytest

from app.config.connection import check_database_url


def test_new_file_in_existing_folder_is_accepted_without_creating_it(tmp_path):
    """A file that does not exist yet in an existing folder can be saved; nothing is created."""
    path = tmp_path / "new.db"
    verdict = check_database_url(f"sqlite:///{path}")
    assert (verdict.ok, verdict.ready) == (True, True)
    assert not path.exists()


def test_file_in_missing_folder_is_refused_and_the_folder_not_made(tmp_path):
    """A path whose folder does not exist is refused: the program never creates a named folder."""
    path = tmp_path / "typo" / "new.db"
    verdict = check_database_url(f"sqlite:///{path}")
    assert (verdict.ok, verdict.message) == (False, f"文件夹“{path.parent}”不存在：请先建好文件夹，或改用已有的文件夹")
    assert not path.parent.exists()


def test_text_file_is_refused(tmp_path):
    """A text file named as the database is refused and left as it was."""
    path = tmp_path / "notes.db"
    path.write_text("不是数据库\n", encoding="utf-8")
    verdict = check_database_url(str(path))
    assert (verdict.ok, verdict.message) == (False, f"文件“{path}”不是 SQLite 数据库，未做任何更改")
    assert path.read_text(encoding="utf-8") == "不是数据库\n"


def test_another_programs_sqlite_file_is_refused(tmp_path):
    """A SQLite file with someone else's tables cannot be saved as our database."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    verdict = check_database_url(f"sqlite:///{path}")
    assert verdict.ok is False
    assert verdict.message == f"数据库（本地文件 {path}）已有其他程序的表（contacts），不是本程序的数据库：未做任何更改"


@pytest.mark.parametrize("typed", ["postgresql://@@:/", "postgresql://gc@db.example", "postgresql://gc@h/db?x=1"])
def test_malformed_server_address_is_refused_before_connecting(typed):
    """Malformed PostgreSQL addresses are refused with the parser's one line."""
    verdict = check_database_url(typed)
    assert verdict.ok is False and verdict.message.startswith(f"数据库地址“{typed}”")
