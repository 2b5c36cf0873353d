"""The text of Help → "复制诊断信息": what support needs to know about an installation.

A user who reports a problem pastes this text into a message: the program's, Python's and the
libraries' versions, where the data, the log and the settings are, which database the program
works on and at which schema revision, and the last lines of the log. Nothing in it may identify
a resident or open the database: the log lines are masked again (app.logs masks when writing; a
log from an older program may not have been), the database is named by `describe()`, which never
shows a password, and no query reads a record.

The desktop adds what only Qt knows (Qt's and PySide6's versions, the settings file) through
`extra_versions` and `settings_path`; app/ never imports Qt.
"""

from __future__ import annotations

import platform
import sys
from collections import deque
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import sqlalchemy

from app.database import data_dir
from app.logs import active_log, log_path, mask_personal_numbers
from db.engine import Database
from db.migrate import current_revision, head_revision

APP_NAME = "gridcc"
LOG_LINES = 50


def program_version() -> str:
    """The installed program's version (pyproject.toml's, carried by the package metadata)."""
    try:
        return metadata.version(APP_NAME)
    except metadata.PackageNotFoundError:
        return "未知"


def last_log_lines(path: Path | None, count: int = LOG_LINES) -> list[str]:
    """The last `count` lines of the log at `path`, masked; none when there is no log (yet)."""
    if path is None or not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            tail = deque(lines, maxlen=count)
    except OSError:
        return []
    return [mask_personal_numbers(line.rstrip("\n")) for line in tail]


def schema_line(database: Database | None) -> str:
    """The database's schema revision against the program's own, or why it could not be read."""
    if database is None:
        return "未打开数据库"
    try:
        current = current_revision(database) or "空数据库"
    except Exception as exc:  # a support text must come out even when the database does not answer
        return f"无法读取（{type(exc).__name__}）；本程序为 {head_revision()}"
    return f"{current}（本程序为 {head_revision()}）"


def diagnostics_text(database: Database | None, *, extra_versions: Mapping[str, str] | None = None,
                     settings_path: str | None = None) -> str:
    """The whole text: versions, paths, database, last log lines."""
    log = active_log() or log_path()
    versions = {"网格化管理指挥中心": program_version(),
                "Python": f"{platform.python_version()} ({platform.architecture()[0]})",
                "SQLAlchemy": sqlalchemy.__version__, **(extra_versions or {})}
    lines = ["网格化管理指挥中心 诊断信息", "", "[版本]"]
    lines += [f"{name}: {version}" for name, version in versions.items()]
    lines += [f"操作系统: {platform.platform()}", f"已打包: {'是' if getattr(sys, 'frozen', False) else '否'}",
              "", "[位置]", f"数据目录: {data_dir()}", f"日志: {log}"]
    if settings_path:
        lines.append(f"设置: {settings_path}")
    lines += ["", "[数据库]"]
    if database is not None:
        lines += [f"类型: {database.kind}", f"位置: {database.describe()}"]
    lines.append(f"结构版本: {schema_line(database)}")
    tail = last_log_lines(log)
    lines += ["", f"[日志最后 {len(tail)} 行]", *tail]
    return mask_personal_numbers("\n".join(lines)) + "\n"
