"""Database addresses as users type them: parsed and checked in one place, one line when wrong.

Every address the program is given — `--db`, GRIDCC_DB, the desktop's settings, the settings
dialog's "test" button — goes through `parse_database_url`, so a malformed address is refused
with the same sentence everywhere, before any driver sees it. A PostgreSQL address must name
its database: without one the driver would connect to the server's default database
(`postgres`) and `db upgrade` would install the schema there. Messages quote the address with
its password hidden.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from db.errors import BadDatabaseUrl

EXPECTED = "应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"
#: libpq connection parameters that may follow "?" in a PostgreSQL address.
POSTGRESQL_OPTIONS = frozenset({
    "application_name", "channel_binding", "client_encoding", "connect_timeout", "gssencmode", "host",
    "hostaddr", "keepalives", "keepalives_count", "keepalives_idle", "keepalives_interval", "krbsrvname",
    "load_balance_hosts", "options", "passfile", "port", "require_auth", "service", "ssl_max_protocol_version",
    "ssl_min_protocol_version", "sslcert", "sslcertmode", "sslcompression", "sslcrl", "sslcrldir", "sslkey",
    "sslmode", "sslpassword", "sslrootcert", "sslsni", "target_session_attrs", "tcp_user_timeout",
})
_PASSWORD = re.compile(r"(://[^/@:]*:)[^@/]*@")


def shown(raw: str) -> str:
    """An address as messages quote it: the password replaced by ***."""
    return _PASSWORD.sub(r"\1***@", raw)


def parse_database_url(text_url: str) -> URL:
    """Turn what a user typed (a URL or a plain file path) into a checked SQLAlchemy URL.

    PostgreSQL (also spelt postgres://, as libpq allows) always goes through psycopg 3; a path
    ending in .db/.sqlite/.sqlite3 means SQLite.
    """
    raw = (text_url or "").strip()
    if not raw:
        raise BadDatabaseUrl("数据库地址为空")
    if "://" not in raw:
        if raw.lower().endswith((".db", ".sqlite", ".sqlite3")):
            return make_url("sqlite:///" + str(Path(raw).expanduser().absolute()))
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”无法识别：{EXPECTED}")
    url = _make_url(raw)
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return _checked_postgresql(url, raw)
    if backend == "sqlite":
        return _checked_sqlite(url, raw)
    raise BadDatabaseUrl(f"不支持的数据库类型“{backend}”：只支持 SQLite 和 PostgreSQL")


def _make_url(raw: str) -> URL:
    """SQLAlchemy's parse, its ValueErrors (a port that is not a number, an unclosed IPv6
    bracket) turned into one line."""
    try:
        return make_url(raw)
    except ArgumentError:
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”格式不正确：{EXPECTED}") from None
    except ValueError:
        if "[" in raw and "]" not in raw:
            reason = "IPv6 地址缺少右方括号“]”"
        else:
            reason = "端口应为 1–65535 的数字"
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”格式不正确：{reason}") from None


def _checked_postgresql(url: URL, raw: str) -> URL:
    if not url.database or "/" in url.database:
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”缺少库名：应为 postgresql://用户@主机:端口/库名")
    if url.host is not None and (not url.host or "@" in url.host or url.host.startswith("[")):
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”中的主机名“{url.host}”不正确")
    if url.port is not None and not 0 < url.port < 65536:
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”格式不正确：端口应为 1–65535 的数字")
    unknown = sorted(set(url.query) - POSTGRESQL_OPTIONS)
    if unknown:
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”含有不认识的连接参数：{'、'.join(unknown)}")
    return url.set(drivername="postgresql+psycopg")


def _checked_sqlite(url: URL, raw: str) -> URL:
    if url.database in (None, ""):
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”缺少文件路径，应为 sqlite:///文件路径")
    if url.database == ":memory:" or url.query:
        raise BadDatabaseUrl(f"数据库地址“{shown(raw)}”不正确：SQLite 地址只能是 sqlite:///文件路径，不带参数")
    return url.set(drivername="sqlite")
