"""How the command line fails: one Chinese line on stderr, exit code 2, never a traceback."""

import json
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.migrate import head_revision
from tests.cli_runs import gridcc

IMPORT_NOW = "2025-09-29T09:30+08:00"
ORDERS_CSV = "工单编号,类别,标题,内容,上报时间\nRX001,0101,垃圾一,幸福路垃圾,2025-09-29 09:00\n"
FUTURE_REVISION = "9f3c2a1b7e00"



def sqlite_url(path) -> str:
    """The --db text of a SQLite file."""
    return f"sqlite:///{path}"


@pytest.fixture(autouse=True)
def no_gridcc_environment(monkeypatch):
    """Tests start without GRIDCC_DB, GRIDCC_NOW and GRIDCC_USER, whatever the shell has set."""
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def upgraded(tmp_path, capsys):
    """The path of a SQLite database brought to the current schema by `db upgrade`."""
    path = tmp_path / "x.db"
    assert gridcc(capsys, "--db", sqlite_url(path), "db", "upgrade")[0] == 0
    return path


@pytest.fixture
def orders_file(tmp_path):
    """A CSV with one valid work order reported Monday 2025-09-29 at 09:00."""
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS_CSV, encoding="utf-8")
    return path


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://x", "错误：不支持的数据库类型“mysql”：只支持 SQLite 和 PostgreSQL\n"),
    ("nonsense", "错误：数据库地址“nonsense”无法识别：应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名\n"),
    ("sqlite://", "错误：数据库地址“sqlite://”缺少文件路径，应为 sqlite:///文件路径\n"),
])
def test_bad_database_url_is_one_line_exit_2(capsys, url, message):
    """A --db value that is not a usable SQLite or PostgreSQL address fails in one clear line."""
    assert gridcc(capsys, "--db", url, "cases", "list") == (2, "", message)


def test_refusing_postgresql_server_is_one_line_exit_2(capsys):
    """A PostgreSQL server that refuses the connection is reported in one line naming the server."""
    code, out, err = gridcc(capsys, "--db", "postgresql://postgres@127.0.0.1:1/test", "cases", "list")
    assert (code, out) == (2, "")
    assert err.startswith("错误：无法连接数据库（服务器 127.0.0.1:1/test）：")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_sqlite_folder_that_is_a_file_is_exit_2(tmp_path, capsys):
    """A SQLite file under a path that is a regular file fails in one line naming the folder."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    code, out, err = gridcc(capsys, "--db", sqlite_url(blocker / "x.db"), "cases", "list")
    assert (code, out) == (2, "")
    assert err.startswith(f"错误：数据库文件夹“{blocker}”不是文件夹")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_database_of_newer_program_is_refused(upgraded, capsys):
    """A SQLite file stamped with a revision this program does not know is refused and left alone."""
    with sqlite3.connect(upgraded) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (FUTURE_REVISION,))
    conn.close()
    message = (f"错误：数据库（本地文件 {upgraded}）的结构版本 {FUTURE_REVISION} 比本程序新，"
               "请升级网格化管理指挥中心后再打开\n")
    assert gridcc(capsys, "--db", sqlite_url(upgraded), "cases", "list") == (2, "", message)
    assert gridcc(capsys, "--db", sqlite_url(upgraded), "db", "upgrade") == (2, "", message)
    with sqlite3.connect(upgraded) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(FUTURE_REVISION,)]
    conn.close()


@pytest.mark.parametrize("value", ["garbage", "2025-13-01T10:00", "明天上午"])
def test_bad_now_is_exit_2(upgraded, capsys, value):
    """A --now that is not ISO 8601 fails in one line quoting the value."""
    message = f"错误：--now 的值“{value}”不是 ISO 8601 时间，例如 2025-09-30T10:00+08:00\n"
    assert gridcc(capsys, "--db", sqlite_url(upgraded), "--now", value, "cases", "list") == (2, "", message)


def test_bad_gridcc_now_is_exit_2(upgraded, capsys, monkeypatch):
    """A GRIDCC_NOW that is not ISO 8601 fails with exit 2, naming the variable."""
    monkeypatch.setenv("GRIDCC_NOW", "yesterday")
    code, out, err = gridcc(capsys, "--db", sqlite_url(upgraded), "cases", "list")
    assert (code, out) == (2, "")
    assert err == "错误：环境变量 GRIDCC_NOW 的值“yesterday”不是 ISO 8601 时间，例如 2025-09-30T10:00+08:00\n"


def test_negative_limit_is_exit_2(upgraded, capsys):
    """`cases list --limit -1` is refused with a one-line reason."""
    code, out, err = gridcc(capsys, "--db", sqlite_url(upgraded), "cases", "list", "--limit", "-1")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "错误：参数 --limit：-1 超出范围，应为 0–1000000 之间的整数"


def test_demo_and_db_together_is_exit_2(tmp_path, capsys):
    """--demo and --db exclude each other; nothing is opened or created."""
    path = tmp_path / "x.db"
    assert gridcc(capsys, "--demo", "--db", sqlite_url(path), "cases", "list") == \
        (2, "", "错误：--demo 与 --db 不能同时使用\n")
    assert not path.exists()


def test_unknown_action_is_exit_2_with_usage(upgraded, capsys):
    """An action name argparse does not know exits 2 with usage and one error line, no traceback."""
    code, out, err = gridcc(capsys, "--db", sqlite_url(upgraded), "cases", "act", "SJ1", "fly")
    assert (code, out) == (2, "")
    assert err.startswith("用法：gridcc cases act")
    last = err.splitlines()[-1]
    assert last.startswith("错误：参数 action：无效的取值 'fly'（可选：'verify', ")
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, line", [
    (["cases", "list", "--limit", "x"], "错误：参数 --limit：“x”不是整数，应为 0–1000000 之间的整数"),
    (["cases", "list", "surplus"], "错误：无法识别的参数：surplus"),
    (["cases", "act"], "错误：缺少必需的参数：case_no, action"),
    (["cases", "list", "--light", "purple"], "错误：参数 --light：无效的取值 'purple'（可选：'green', 'yellow', 'red'）"),
])
def test_argument_errors_are_one_chinese_line(argv, line, capsys):
    """argparse's English messages reach the user in Chinese, exit code 2, nothing opened."""
    code, out, err = gridcc(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == line


def test_gridcc_db_environment_is_used_without_db_option(tmp_path, capsys, monkeypatch):
    """Without --db the database named by GRIDCC_DB is used."""
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("GRIDCC_DB", sqlite_url(path))
    assert gridcc(capsys, "db", "upgrade") == (0, f"数据库（本地文件 {path}）已升级到最新结构版本 {head_revision()}\n", "")
    assert path.is_file()


def test_db_option_wins_over_gridcc_db(tmp_path, capsys, monkeypatch):
    """--db is used even when GRIDCC_DB names another database, which stays untouched."""
    env_path, option_path = tmp_path / "env.db", tmp_path / "option.db"
    monkeypatch.setenv("GRIDCC_DB", sqlite_url(env_path))
    assert gridcc(capsys, "--db", sqlite_url(option_path), "db", "upgrade") == \
        (0, f"数据库（本地文件 {option_path}）已升级到最新结构版本 {head_revision()}\n", "")
    assert not env_path.exists()


def test_gridcc_now_environment_sets_the_instant(upgraded, orders_file, capsys, monkeypatch):
    """GRIDCC_NOW stands in for --now: it dates the import and lights the list."""
    url = sqlite_url(upgraded)
    monkeypatch.setenv("GRIDCC_NOW", IMPORT_NOW)
    assert gridcc(capsys, "--db", url, "cases", "import", orders_file)[0] == 0
    monkeypatch.setenv("GRIDCC_NOW", "2025-09-29T14:35+08:00")
    listed = json.loads(gridcc(capsys, "--db", url, "cases", "list", "--json")[1])
    assert [(c["case_no"], c["light"], c["overdue"]) for c in listed] == [("SJ202509290001", "red", True)]
    shown = json.loads(gridcc(capsys, "--db", url, "cases", "show", "SJ202509290001", "--json")[1])
    assert [e["at"] for e in shown["events"]] == ["2025-09-29T09:00:00+08:00", "2025-09-29T09:30:00+08:00"]


def test_now_option_wins_over_gridcc_now(upgraded, orders_file, capsys, monkeypatch):
    """--now is used even when GRIDCC_NOW says otherwise."""
    url = sqlite_url(upgraded)
    monkeypatch.setenv("GRIDCC_NOW", "2025-09-29T14:35+08:00")
    assert gridcc(capsys, "--db", url, "--now", IMPORT_NOW, "cases", "import", orders_file)[0] == 0
    listed = json.loads(gridcc(capsys, "--db", url, "--now", IMPORT_NOW, "cases", "list", "--json")[1])
    assert [(c["case_no"], c["light"]) for c in listed] == [("SJ202509290001", "green")]


def test_now_without_offset_is_district_time(upgraded, orders_file, capsys):
    """A --now without an offset is read as Asia/Shanghai time."""
    url = sqlite_url(upgraded)
    assert gridcc(capsys, "--db", url, "--now", "2025-09-29T09:30", "cases", "import", orders_file)[0] == 0
    shown = json.loads(gridcc(capsys, "--db", url, "--now", "2025-09-29T09:30", "cases", "show",
                              "SJ202509290001", "--json")[1])
    assert shown["events"][-1]["at"] == "2025-09-29T09:30:00+08:00"


@pytest.fixture
def fresh_pg_url(empty_pg_url):
    """The --db text of a new, empty PostgreSQL database on the test server, dropped afterwards."""
    return empty_pg_url.render_as_string(hide_password=False)


@pytest.mark.pg
def test_uninitialised_postgresql_asks_for_db_upgrade(fresh_pg_url, capsys):
    """Ordinary commands never migrate a server database: they ask for `db upgrade` instead."""
    url = make_url(fresh_pg_url)
    assert gridcc(capsys, "--db", fresh_pg_url, "cases", "list") == (
        2, "", f"错误：数据库（服务器 {url.host}:{url.port or 5432}/{url.database}）尚未初始化或版本较旧，"
               "请管理员先运行：gridcc --db URL db upgrade\n")


@pytest.mark.pg
def test_postgresql_of_newer_program_is_refused(fresh_pg_url, capsys):
    """A PostgreSQL database stamped with an unknown revision is refused by every command."""
    assert gridcc(capsys, "--db", fresh_pg_url, "db", "upgrade")[0] == 0
    engine = create_engine(fresh_pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE_REVISION})
    engine.dispose()
    code, out, err = gridcc(capsys, "--db", fresh_pg_url, "db", "upgrade")
    assert (code, out) == (2, "")
    assert f"的结构版本 {FUTURE_REVISION} 比本程序新" in err and err.count("\n") == 1
