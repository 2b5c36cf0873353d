"""Trying a database address before it is saved: can it be parsed, opened, and at which schema?

Used by the settings dialog. No file, folder, table or row is created: a SQLite file that does
not exist yet is only checked for an existing, writable folder (the program never creates the
folder of a path the user named), and a server is only asked for its revision.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from db.engine import Database, first_line, parse_database_url
from db.errors import DatabaseError
from db.migrate import check_not_newer, head_revision


@dataclass(frozen=True, kw_only=True)
class ConnectionCheck:
    """The verdict on an address: `ok` when it can be saved, `ready` when the program can start
    on it as it is; `message` is the one line shown to the user."""

    ok: bool
    ready: bool
    message: str
    revision: str | None = None


def check_database_url(typed: str) -> ConnectionCheck:
    """Parse and try the address the user typed; never raises for a bad address or server."""
    try:
        url = parse_database_url(typed)
    except DatabaseError as exc:
        return _failed(str(exc))
    if url.get_backend_name() == "sqlite" and not Path(url.database).exists():
        return _missing_sqlite_file(Path(url.database))
    try:
        database = Database(url)
    except DatabaseError as exc:
        return _failed(str(exc))
    try:
        database.check_connection()
        revision = check_not_newer(database)
    except DatabaseError as exc:
        return _failed(str(exc))
    except SQLAlchemyError as exc:
        return _failed(f"无法打开数据库（{database.describe()}）：{first_line(exc)}")
    finally:
        database.dispose()
    return _schema_state(database, revision)


def _schema_state(database: Database, revision: str | None) -> ConnectionCheck:
    """What the revision means for starting the program on this database."""
    head = head_revision()
    where = database.describe()
    if revision == head:
        return ConnectionCheck(ok=True, ready=True, revision=revision,
                               message=f"可用，结构版本 {revision}（最新）：{where}")
    if database.kind == "sqlite":
        state = "尚未初始化" if revision is None else f"结构版本 {revision}"
        return ConnectionCheck(ok=True, ready=True, revision=revision,
                               message=f"可用，{state}：启动时将自动升级到结构版本 {head}（{where}）")
    state = "尚未初始化" if revision is None else f"结构版本 {revision} 较旧"
    return ConnectionCheck(
        ok=True, ready=False, revision=revision,
        message=f"可以连接，但数据库{state}：请管理员先运行 gridcc --db 地址 db upgrade（{where}）",
    )


def _missing_sqlite_file(path: Path) -> ConnectionCheck:
    """A new local file is fine in an existing, writable folder; say so rather than create it."""
    folder = path.parent
    if not folder.is_dir():
        return _failed(f"文件夹“{folder}”不存在：请先建好文件夹，或改用已有的文件夹")
    if not os.access(folder, os.W_OK | os.X_OK):
        return _failed(f"无法在“{folder}”新建数据库文件：文件夹不可写")
    return ConnectionCheck(ok=True, ready=True,
                           message=f"可用，文件尚不存在：启动时将新建并初始化（本地文件 {path}）")


def _failed(message: str) -> ConnectionCheck:
    return ConnectionCheck(ok=False, ready=False, message=message)
