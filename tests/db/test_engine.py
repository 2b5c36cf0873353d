"""Database addresses as users type them, the short description shown to them, and UUIDv7 keys."""

import uuid
from pathlib import Path

import pytest

from db import ids
from db.engine import Database, parse_database_url
from db.errors import BadDatabaseUrl, DatabaseError, DatabaseUnavailable, NotOurDatabase
from db.ids import uuid7


@pytest.mark.parametrize("typed", ["gridcc.db", "data/gridcc.sqlite", "x.SQLITE3"])
def test_parse_bare_path_is_absolute_sqlite(typed, tmp_path, monkeypatch):
    """A plain path ending in .db/.sqlite/.sqlite3 is a SQLite file, made absolute."""
    monkeypatch.chdir(tmp_path)
    url = parse_database_url(f"  {typed} ")
    assert url.drivername == "sqlite"
    assert url.database == str(tmp_path / typed)


def test_parse_bare_path_expands_home(monkeypatch, tmp_path):
    """A path starting with ~ is taken from the user's home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_database_url("~/gc/x.db").database == str(tmp_path / "gc" / "x.db")


@pytest.mark.parametrize(("typed", "rendered"), [
    ("postgresql://gc@db.example:5432/city", "postgresql+psycopg://gc@db.example:5432/city"),
    ("postgresql+psycopg2://gc:pw@db.example/city", "postgresql+psycopg://gc:pw@db.example/city"),
    ("postgres://gc@db.example/city", "postgresql+psycopg://gc@db.example/city"),
    ("sqlite:////srv/gridcc.db", "sqlite:////srv/gridcc.db"),
    ("sqlite+pysqlite:////srv/gridcc.db", "sqlite:////srv/gridcc.db"),
])
def test_parse_url_picks_our_drivers(typed, rendered):
    """PostgreSQL always goes through psycopg 3 and SQLite through the standard driver."""
    assert parse_database_url(typed).render_as_string(hide_password=False) == rendered


@pytest.mark.parametrize(("typed", "message"), [
    ("", "数据库地址为空"),
    ("   ", "数据库地址为空"),
    ("nonsense", "数据库地址“nonsense”无法识别：应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"),
    ("notes.txt", "数据库地址“notes.txt”无法识别：应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"),
    ("://x", "数据库地址“://x”格式不正确：应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"),
    ("postgresql://@@:/", "数据库地址“postgresql://@@:/”格式不正确：端口应为 1–65535 的数字"),
    ("postgresql://gc@db.example:abc/city", "数据库地址“postgresql://gc@db.example:abc/city”格式不正确：端口应为 1–65535 的数字"),
    ("postgresql://gc@db.example:70000/city",
     "数据库地址“postgresql://gc@db.example:70000/city”格式不正确：端口应为 1–65535 的数字"),
    ("postgresql://gc@[::1/city", "数据库地址“postgresql://gc@[::1/city”格式不正确：IPv6 地址缺少右方括号“]”"),
    ("postgresql://gc@db.example/city?colour=red&sslmode=require",
     "数据库地址“postgresql://gc@db.example/city?colour=red&sslmode=require”含有不认识的连接参数：colour"),
    ("postgresql://gc@db.example", "数据库地址“postgresql://gc@db.example”缺少库名：应为 postgresql://用户@主机:端口/库名"),
    ("postgresql://gc:pw@db.example:5432/", "数据库地址“postgresql://gc:***@db.example:5432/”缺少库名：应为 postgresql://用户@主机:端口/库名"),
    ("postgresql://gc:p@ss@db.example/city", "数据库地址“postgresql://gc:***@ss@db.example/city”中的主机名“ss@db.example”不正确"),
    ("sqlite:///x.db?mode=ro", "数据库地址“sqlite:///x.db?mode=ro”不正确：SQLite 地址只能是 sqlite:///文件路径，不带参数"),
    ("sqlite:///:memory:", "数据库地址“sqlite:///:memory:”不正确：SQLite 地址只能是 sqlite:///文件路径，不带参数"),
    ("mysql://x", "不支持的数据库类型“mysql”：只支持 SQLite 和 PostgreSQL"),
    ("oracle://u@h/db", "不支持的数据库类型“oracle”：只支持 SQLite 和 PostgreSQL"),
    ("sqlite://", "数据库地址“sqlite://”缺少文件路径，应为 sqlite:///文件路径"),
])
def test_parse_bad_address_raises_bad_database_url(typed, message):
    """An address that is not SQLite or PostgreSQL raises BadDatabaseUrl with the Chinese reason."""
    with pytest.raises(BadDatabaseUrl) as caught:
        parse_database_url(typed)
    assert str(caught.value) == message
    assert isinstance(caught.value, DatabaseError)


def test_describe_sqlite_names_the_file(tmp_path):
    """A SQLite database is described by its file path."""
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        assert database.kind == "sqlite"
        assert database.describe() == f"本地文件 {tmp_path / 'x.db'}"
    finally:
        database.dispose()


def test_describe_postgresql_hides_the_password():
    """A server is described by host, port and database name, never the password."""
    database = Database("postgresql://gc:s3cret@db.example/city")
    try:
        assert database.kind == "postgresql"
        assert database.describe() == "服务器 db.example:5432/city"
    finally:
        database.dispose()


def test_opening_a_sqlite_database_creates_no_folder(tmp_path):
    """Constructing a Database for a path in a missing folder creates nothing on disk."""
    database = Database(f"sqlite:///{tmp_path / 'a' / 'b' / 'x.db'}")
    database.dispose()
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "姓名,电话\n张三,1\n".encode()])
def test_check_connection_refuses_a_file_that_is_not_sqlite(tmp_path, content):
    """Random bytes or a text file at the path are refused in one line and left untouched."""
    path = tmp_path / "x.db"
    path.write_bytes(content)
    database = Database(f"sqlite:///{path}")
    try:
        with pytest.raises(NotOurDatabase, match=f"^文件“{path}”不是 SQLite 数据库，未做任何更改$"):
            database.check_connection()
    finally:
        database.dispose()
    assert path.read_bytes() == content


def test_check_connection_on_refusing_server_is_unavailable():
    """A server that refuses connections raises DatabaseUnavailable naming it, in one line."""
    database = Database("postgresql://postgres@127.0.0.1:1/test")
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            database.check_connection()
    finally:
        database.dispose()
    message = str(caught.value)
    assert message.startswith("无法连接数据库（服务器 127.0.0.1:1/test）：")
    assert "\n" not in message


def test_uuid7_version_and_variant():
    """Keys are version 7 with the RFC 4122 variant."""
    for _ in range(100):
        key = uuid7()
        assert key.version == 7
        assert key.variant == uuid.RFC_4122


def test_uuid7_increases_across_ten_thousand_calls():
    """Ten thousand keys made in a row are strictly increasing and all different."""
    keys = [uuid7() for _ in range(10_000)]
    assert all(a < b for a, b in zip(keys, keys[1:]))
    assert len(set(keys)) == 10_000


def test_uuid7_carries_the_unix_milliseconds(monkeypatch):
    """The first 48 bits are the Unix time in milliseconds."""
    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids, "_last_rand", 0)
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_759_197_600_123_456_789)
    assert uuid7().int >> 80 == 1_759_197_600_123


def test_uuid7_keeps_increasing_when_the_clock_steps_back(monkeypatch):
    """Keys still increase when the system clock is set back (e.g. by time synchronisation)."""
    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids, "_last_rand", 0)
    times = iter([2_000_000_000_000_000_000, 1_000_000_000_000_000_000, 1_000_000_000_000_000_000])
    monkeypatch.setattr(ids.time, "time_ns", lambda: next(times))
    first, second, third = uuid7(), uuid7(), uuid7()
    assert first < second < third
    assert {key.version for key in (first, second, third)} == {7}
    assert {key.int >> 80 for key in (first, second, third)} == {2_000_000_000_000}


def test_parse_bare_path_with_spaces_and_chinese_is_kept_whole(tmp_path):
    """A plain path with spaces and Chinese characters is kept whole in the SQLite URL."""
    typed = str(Path(tmp_path) / "my data" / "网格 中心.db")
    assert parse_database_url(typed).database == typed


def test_every_engine_hides_statement_parameters():
    """Each create_engine in app/ and db/ passes hide_parameters=True (parameters hold IDs and phones)."""
    import ast

    root = Path(__file__).resolve().parents[2]
    calls = []
    for path in [*root.joinpath("app").rglob("*.py"), *root.joinpath("db").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "create_engine":
                hidden = any(k.arg == "hide_parameters" and getattr(k.value, "value", None) is True
                             for k in node.keywords)
                calls.append((path.relative_to(root).as_posix(), hidden))
    assert len(calls) >= 3
    assert [call for call in calls if not call[1]] == []
