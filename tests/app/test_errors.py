"""explain_error: every exception as one line naming what and where, in Chinese or English, and
never a personal datum — on SQLite and PostgreSQL."""

import errno
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app.cases.errors import CaseNotFound
from app.cli.context import BadArgument
from app.errors import ErrorLine, explain_error
from db.errors import DatabaseTooNew
from db.schema import Person

ID_NUMBER = "110105199001011234"
PHONE = "13912345678"


def sqlite_error(sql_before: list[str], failing: str) -> sqlite3.Error:
    """The sqlite3 error a statement raises after some set-up statements."""
    conn = sqlite3.connect(":memory:")
    for sql in sql_before:
        conn.execute(sql)
    try:
        conn.execute(failing)
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("the statement did not fail")


@pytest.mark.parametrize("exc", [
    BadArgument("--limit 不能为负数"), CaseNotFound("找不到案件 SJ1"), DatabaseTooNew("数据库结构版本 9 比本程序新"),
])
def test_known_errors_keep_their_message(exc):
    """The program's own errors already say what and where: their message is the line."""
    assert explain_error(exc) == ErrorLine(str(exc), internal=False)


def test_unknown_exception_is_internal_and_names_the_log():
    """Anything unrecognised is a fault of the program: the line names the log, nothing else."""
    line = explain_error(KeyError(ID_NUMBER), log="/var/log/gridcc.log")
    assert line == ErrorLine("程序内部错误（详情已写入日志 /var/log/gridcc.log）", internal=True)
    assert explain_error(KeyError("x"), lang="en", log="/l").text == \
        "Internal error in the program (details written to the log /l)"


def test_unique_violation_from_sqlite_names_the_column_not_the_value():
    """A UNIQUE failure is "another workstation wrote the same record", with the column only."""
    exc = sqlite_error(["CREATE TABLE persons (id_number TEXT UNIQUE)", f"INSERT INTO persons VALUES ('{ID_NUMBER}')"],
                       f"INSERT INTO persons VALUES ('{ID_NUMBER}')")
    assert explain_error(exc, where="本地文件 /srv/g.db").text == \
        "另一工作站同时写入了相同的记录（persons.id_number），未做任何更改，请刷新后重试"


def test_locked_sqlite_database_names_the_database():
    """"database is locked" says another workstation is writing, naming the file."""
    wrapped = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert explain_error(wrapped, where="本地文件 /srv/g.db").text == \
        "数据库（本地文件 /srv/g.db）正被另一工作站写入，未做任何更改，请稍后重试"
    assert explain_error(wrapped, where="local file /srv/g.db", lang="en").text == \
        ("The database (local file /srv/g.db) is being written by another workstation; nothing was changed, "
         "try again shortly")


@pytest.mark.parametrize("exc, text", [
    (PermissionError(errno.EACCES, "Permission denied", "/home/a/报表.xlsx"),
     "没有权限访问“/home/a/报表.xlsx”（文件可能正被其他程序打开，或文件夹只读）"),
    (FileNotFoundError(errno.ENOENT, "No such file", "/home/a/x.csv"), "找不到“/home/a/x.csv”"),
    (OSError(errno.ENOSPC, "No space left on device", "/mnt/usb/r.csv"), "磁盘已满，无法写入“/mnt/usb/r.csv”"),
    (IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp"), "“/tmp”是文件夹，不是文件"),
    (MemoryError(), "内存不足，操作未完成"),
    (UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed"), "含有无法识别的字符（不是有效的 UTF-8 文本）"),
])
def test_file_and_memory_errors(exc, text):
    """Files name the path and the reason; none of these is a fault of the program."""
    assert explain_error(exc) == ErrorLine(text, internal=False)


def test_english_file_error():
    """With the English setting the same condition reads in English."""
    exc = PermissionError(errno.EACCES, "Permission denied", "/home/a/r.xlsx")
    assert explain_error(exc, lang="en").text == \
        'Permission denied for "/home/a/r.xlsx" (open in another program, or a read-only folder)'


def test_failing_insert_message_holds_no_personal_datum(database):
    """hide_parameters: a duplicate ID number's error carries neither the phone nor (in our line)
    the ID, on both backends; the line is the same on SQLite and PostgreSQL."""
    with database.write() as session:
        session.add(Person(name="张三", id_number=ID_NUMBER, phone=PHONE))
    with pytest.raises(IntegrityError) as caught, database.write() as session:
        session.add(Person(name="李四", id_number=ID_NUMBER, phone=PHONE))
    assert PHONE not in str(caught.value)
    assert "parameters hidden" in str(caught.value)
    line = explain_error(caught.value, where=database.describe())
    assert line.text.startswith("另一工作站同时写入了相同的记录（persons.")
    assert line.text.endswith("），未做任何更改，请刷新后重试")
    assert ID_NUMBER not in line.text and PHONE not in line.text and not line.internal


def test_value_too_long_is_one_line_without_the_value(database):
    """A value longer than its column (PostgreSQL refuses it) is named as such, never quoted."""
    if database.kind == "sqlite":
        pytest.skip("SQLite stores over-long text; lengths are checked before the database sees them")
    from sqlalchemy.exc import DataError
    with pytest.raises(DataError) as caught, database.write() as session:
        session.add(Person(name="张" * 60, id_number=ID_NUMBER, phone=PHONE))
    line = explain_error(caught.value, where=database.describe())
    assert line == ErrorLine("某个值超过了字段允许的长度，未做任何更改", internal=False)


def test_fault_without_a_log_names_its_class_only():
    """When the log could not be set up, the line says so and names the exception's class, no message."""
    assert explain_error(KeyError(ID_NUMBER)) == ErrorLine("程序内部错误（KeyError；日志无法写入）", internal=True)
