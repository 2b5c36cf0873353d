"""Hostile command-line input: every value that once gave a traceback now gives one line and exit 2
(or exit 3 with a masked log for a fault of the program), and nothing on disk is created or changed."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from app import database as database_module
from app.cli import cases_cmd
from db.migrate import head_revision
from tests.cli_runs import gridcc

ROOT = Path(__file__).resolve().parents[3]
ID_NUMBER = "110105199001011234"
PHONE = "13912345678"



def one_line(err: str) -> str:
    """The single error line of stderr (asserting there is exactly one and no traceback)."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("错误：")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(autouse=True)
def no_gridcc_environment(monkeypatch):
    """Tests start without GRIDCC_DB, GRIDCC_NOW and GRIDCC_USER, whatever the shell has set."""
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def ready(tmp_path, sqlite_template):
    """The --db text of a migrated SQLite file."""
    path = tmp_path / "ready.db"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{path}"


# numbers and instants ------------------------------------------------------------------------

@pytest.mark.parametrize("argv, option, bounds", [
    (["cases", "list", "--limit", "99999999999999999999"], "--limit", "0–1000000"),
    (["people", "search", "张", "--limit", "99999999999999999999"], "--limit", "1–10000"),
    (["people", "visits", "--limit", "0"], "--limit", "1–1000000"),
    (["disputes", "list", "--limit", "99999999999999999999"], "--limit", "0–1000000"),
    (["screening", "report", "海棠社区", "--month", "2025-01", "--found", "99999999999999999999"], "--found",
     "0–100000"),
    (["screening", "report", "海棠社区", "--month", "2025-01", "--prevented", "-1"], "--prevented", "0–100000"),
    (["disputes", "act", "TJ202501010001", "fulfil", "--obligation", "0"], "--obligation", "1–1000"),
])
def test_numbers_out_of_bounds_are_one_line_exit_2(ready, capsys, argv, option, bounds):
    """A number beyond an option's bounds is refused by argparse in one line naming the option."""
    code, out, err = gridcc(capsys, "--db", ready, *argv)
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(f"错误：参数 {option}：") and line.endswith(f"应为 {bounds} 之间的整数")


def test_every_numeric_option_is_bounded():
    """No command declares a bare `type=int`: each number goes through bounded_int."""
    sources = (ROOT / "app" / "cli").glob("*.py")
    assert [p.name for p in sources if "type=int" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("argv", [
    ["cases", "act", "SJ202501010001", "urge", "--note", "催"],
    ["disputes", "act", "TJ202501010001", "accept"],
    ["people", "search", "张", "--reveal"],
    ["people", "export", "out.xlsx"],
    ["screening", "report", "海棠社区", "--month", "2025-01"],
])
def test_overlong_or_blank_login_is_one_line_before_the_database(ready, capsys, argv):
    """A --user longer than the actor columns (stored on SQLite, a database error on PostgreSQL
    before) or blank is refused by argparse in one line, whatever the command."""
    code, out, err = gridcc(capsys, "--db", ready, *argv, "--user", "a" * 65)
    assert (code, out) == (2, "")
    assert one_line(err) == "错误：参数 --user：登录名太长：最多64个字，现在有65个字"
    code, out, err = gridcc(capsys, "--db", ready, *argv, "--user", " ")
    assert (code, out, one_line(err)) == (2, "", "错误：参数 --user：登录名不能为空")


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31T23:59", "1899-12-31"])
def test_now_outside_sane_years_is_one_line(ready, capsys, value):
    """`--now 0001-01-01 cases sweep` is refused in one line instead of overflowing."""
    code, out, err = gridcc(capsys, "--db", ready, "--now", value, "cases", "sweep")
    assert (code, out) == (2, "")
    assert err == f"错误：--now 的值“{value}”超出范围：年份应在 1900–2200 之间\n"


def test_non_utf8_argument_is_one_line(ready, capsys):
    """Bytes that are not UTF-8 in an argument (a surrogate escape) give one line, exit 2."""
    undecodable = b"SJ\xff\xfe".decode("utf-8", "surrogateescape")
    code, out, err = gridcc(capsys, "--db", ready, "cases", "show", undecodable)
    assert (code, out) == (2, "")
    assert err == "错误：参数“SJ��”含有无法识别的字符（不是 UTF-8 编码的文字），请检查输入或文件名\n"


def test_non_utf8_argument_from_a_real_shell_is_one_line(tmp_path):
    """The same through a real process: the bytes reach argv undecoded, stderr has one line."""
    env = dict(os.environ, GRIDCC_LOG_DIR=str(tmp_path / "log"), PYTHONIOENCODING="utf-8")
    env.pop("GRIDCC_DB", None)
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "cases", "show", b"\xff\xfe"],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").count("\n") == 1
    assert "不是 UTF-8 编码" in done.stderr.decode("utf-8")


# database addresses ----------------------------------------------------------------------------

@pytest.mark.parametrize("url, message", [
    ("postgresql://@@:/", "数据库地址“postgresql://@@:/”格式不正确：端口应为 1–65535 的数字"),
    ("postgresql://u@localhost:port/db", "数据库地址“postgresql://u@localhost:port/db”格式不正确：端口应为 1–65535 的数字"),
    ("postgresql://u@[::1/db", "数据库地址“postgresql://u@[::1/db”格式不正确：IPv6 地址缺少右方括号“]”"),
    ("postgresql://u@localhost/db?foo=bar", "数据库地址“postgresql://u@localhost/db?foo=bar”含有不认识的连接参数：foo"),
    ("postgresql://postgres@127.0.0.1:5432",
     "数据库地址“postgresql://postgres@127.0.0.1:5432”缺少库名：应为 postgresql://用户@主机:端口/库名"),
])
@pytest.mark.parametrize("command", [["cases", "list"], ["db", "upgrade"]])
def test_malformed_database_url_is_one_line_exit_2(capsys, url, message, command):
    """Malformed PostgreSQL addresses (and one without a database name) fail before any connection."""
    assert gridcc(capsys, "--db", url, *command) == (2, "", f"错误：{message}\n")


@pytest.mark.parametrize("content", [pytest.param(bytes(range(255, -1, -1)) * 16, id="random-bytes"),
                                     pytest.param("工单编号,标题\nRX1,垃圾\n".encode(), id="text-file")])
@pytest.mark.parametrize("command", [["cases", "list"], ["db", "upgrade"]])
def test_file_that_is_not_a_database_is_refused(tmp_path, capsys, content, command):
    """Random bytes or a text file given as --db: one line, exit 2, the file unchanged."""
    path = tmp_path / "orders.db"
    path.write_bytes(content)
    code, out, err = gridcc(capsys, "--db", f"sqlite:///{path}", *command)
    assert (code, out) == (2, "")
    assert err == f"错误：文件“{path}”不是 SQLite 数据库，未做任何更改\n"
    assert path.read_bytes() == content


@pytest.mark.parametrize("command", [["cases", "list"], ["db", "upgrade"], ["demo", "--cases", "1", "--persons", "0"]])
def test_another_programs_sqlite_file_is_never_migrated(tmp_path, capsys, command):
    """A SQLite file with tables of its own and no alembic_version is refused, exit 2, no table added."""
    path = tmp_path / "inventory.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE stock (item TEXT, qty INTEGER)")
        conn.execute("INSERT INTO stock VALUES ('pens', 3)")
    conn.close()
    code, out, err = gridcc(capsys, "--db", f"sqlite:///{path}", *command)
    assert (code, out) == (2, "")
    assert err == (f"错误：数据库（本地文件 {path}）已有其他程序的表（stock），不是本程序的数据库：未做任何更改\n")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("stock",)]
    conn.close()


@pytest.mark.pg
def test_another_programs_postgresql_database_is_never_migrated(empty_pg_url, capsys):
    """A PostgreSQL database holding another program's tables is refused by `db upgrade`."""
    engine = create_engine(empty_pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE stock (item TEXT)"))
    url = empty_pg_url.render_as_string(hide_password=False)
    code, out, err = gridcc(capsys, "--db", url, "db", "upgrade")
    assert (code, out) == (2, "")
    assert "已有其他程序的表（stock），不是本程序的数据库：未做任何更改" in one_line(err)
    assert inspect(engine).get_table_names() == ["stock"]
    engine.dispose()


# explicit paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["cases", "list"], ["db", "upgrade"], ["demo", "--cases", "1"]])
def test_missing_folder_is_refused_and_never_created(tmp_path, capsys, command, monkeypatch):
    """`--db` (or GRIDCC_DB) in a folder that does not exist: exit 2, one line, no folder made."""
    path = tmp_path / "typo" / "folder" / "x.db"
    monkeypatch.setenv("GRIDCC_DB", f"sqlite:///{path}")
    code, out, err = gridcc(capsys, *command)
    assert (code, out) == (2, "")
    assert err == (f"错误：数据库文件夹“{path.parent}”不存在（本地文件 {path}）：请检查路径，程序不会自动创建它\n")
    assert not (tmp_path / "typo").exists()


def test_missing_file_is_not_created_by_ordinary_commands(tmp_path, capsys):
    """`cases list` on a file that does not exist says how to create it and creates nothing."""
    path = tmp_path / "new.db"
    code, out, err = gridcc(capsys, "--db", f"sqlite:///{path}", "cases", "list")
    assert (code, out) == (2, "")
    assert err == f"错误：本地文件 {path} 不存在，那里没有数据库：新建请运行 gridcc --db {path} db upgrade\n"
    assert not path.exists()


def test_missing_file_is_created_by_db_upgrade(tmp_path, capsys):
    """`db upgrade` creates a named file in an existing folder."""
    path = tmp_path / "new.db"
    assert gridcc(capsys, "--db", f"sqlite:///{path}", "db", "upgrade") == \
        (0, f"数据库（本地文件 {path}）已升级到最新结构版本 {head_revision()}\n", "")
    assert gridcc(capsys, "--db", f"sqlite:///{path}", "cases", "list")[0] == 0


def test_default_location_is_created_on_first_use(tmp_path, capsys, monkeypatch):
    """Without --db the default file and its folder in the user data folder are created."""
    folder = tmp_path / "data" / "gridcc"
    monkeypatch.setattr(database_module, "data_dir", lambda: folder)
    code, out, _ = gridcc(capsys, "cases", "list")
    assert code == 0 and out.endswith("共 0 件\n")
    assert (folder / "gridcc.db").is_file()


# faults of the program -----------------------------------------------------------------------

def test_unexpected_exception_is_one_line_exit_3_with_masked_log(ready, capsys, monkeypatch, log_folder):
    """A bug in a command: one line naming the log, exit 3; the log has the traceback, masked."""
    def broken(args, ctx):
        raise RuntimeError(f"bad row for {ID_NUMBER} tel {PHONE}")

    monkeypatch.setattr(cases_cmd, "_list", broken)
    code, out, err = gridcc(capsys, "--db", ready, "cases", "list")
    log = log_folder / "gridcc.log"
    assert (code, out) == (3, "")
    assert err == f"错误：程序内部错误（详情已写入日志 {log.absolute()}）\n"
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "RuntimeError: bad row for [证件号] tel [电话]" in written
    assert ID_NUMBER not in written and PHONE not in written


def test_concurrent_duplicate_write_is_one_line_exit_2(database, capsys, monkeypatch):
    """A UNIQUE violation (another process wrote the same record first) is one line, exit 2, with
    neither the ID number nor the phone — on both backends."""
    from db.schema import Person

    def racing(args, ctx):
        for name in ("甲", "乙"):
            with ctx.database.write() as session:
                session.add(Person(name=name, id_number=ID_NUMBER, phone=PHONE))

    monkeypatch.setattr(cases_cmd, "_list", racing)
    url = database.url.render_as_string(hide_password=False)
    code, out, err = gridcc(capsys, "--db", url, "cases", "list")
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith("错误：另一工作站同时写入了相同的记录（persons.") and line.endswith("未做任何更改，请刷新后重试")
    assert ID_NUMBER not in err and PHONE not in err
