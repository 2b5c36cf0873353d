"""Any exception as one line a person can read: what went wrong and where, never a personal datum.

`explain_error` is the one place that decides what a user is told when something fails — the
command line prints its line, the desktop shows it in a dialog. Three kinds of exception:

* the program's own errors (a bad argument, a refused case action, an unreadable file …) already
  carry one Chinese line naming what and where: it is kept as it is;
* conditions of the world outside the program — the database locked by another workstation,
  the connection lost, a disk full, a file without permission, another workstation that wrote
  the same record first — are recognised by their SQLSTATE (PostgreSQL), result code (SQLite) or
  errno (files) and get a fixed line of our own. The driver's own text is never shown for a
  constraint or data error, because PostgreSQL puts the offending values in it ("Key
  (id_number)=(…) already exists");
* anything else is a fault of the program: the line says so and where the log (with the
  details) is; the caller logs the traceback.

Lines are Chinese; English when `lang="en"` (the desktop's language setting, ui/i18n).
"""

from __future__ import annotations

import errno
import sys
from dataclasses import dataclass
from pathlib import Path

#: The program's own errors, each raised with a message meant for the user (module, class).
USER_ERRORS = (
    ("db.errors", "DatabaseError"),
    ("app.cases.errors", "CaseError"),
    ("app.people.errors", "PersonError"),
    ("app.cli.context", "BadArgument"),
    ("app.config.calendar_admin", "CalendarInputError"),
    ("app.imports.table_reader", "ImportFileError"),
    ("app.config.alias_admin", "AliasError"),
    ("app.geo.grid_file", "GridFileError"),
    ("app.geo.basemap", "BasemapError"),
    ("app.geo.mbtiles", "MBTilesError"),
    ("app.sync.errors", "SyncError"),
    ("app.sync.conflicts", "ConflictError"),
)

_LINES = {
    "locked": ("数据库{where}正被另一工作站写入，未做任何更改，请稍后重试",
               "The database{where} is being written by another workstation; nothing was changed, try again shortly"),
    "conflict": ("另一工作站同时写入了相同的记录{what}，未做任何更改，请刷新后重试",
                 "Another workstation wrote the same record{what} at the same time; nothing was changed, refresh and "
                 "try again"),
    "reference": ("引用的记录已不存在（可能刚被另一工作站删除）{what}，未做任何更改",
                  "A record this refers to no longer exists (perhaps just deleted at another workstation){what}; "
                  "nothing was changed"),
    "missing": ("缺少必填的值{what}，未做任何更改", "A required value is missing{what}; nothing was changed"),
    "invalid": ("某个值不符合数据库的规则{what}，未做任何更改", "A value breaks a rule of the database{what}; nothing was changed"),
    "too_long": ("某个值超过了字段允许的长度{what}，未做任何更改", "A value is longer than its field allows{what}; nothing was changed"),
    "out_of_range": ("某个数值或日期超出了允许的范围，未做任何更改", "A number or date is out of the allowed range; nothing was changed"),
    "bad_text": ("文本中含有数据库不接受的字符（如 NUL 控制字符），未做任何更改",
                 "The text contains a character the database does not accept (such as NUL); nothing was changed"),
    "lost": ("与数据库{where}的连接中断，未做任何更改，请检查网络后重试",
             "The connection to the database{where} was lost; nothing was changed, check the network and try again"),
    "unreachable": ("无法连接数据库{where}：{detail}", "Cannot connect to the database{where}: {detail}"),
    "busy_server": ("数据库服务器{where}暂时无法接受连接（连接数已满或正在重启），请稍后重试",
                    "The database server{where} cannot take connections right now (full or restarting); try again later"),
    "db_denied": ("没有权限执行此操作：数据库{where}拒绝了当前账号，未做任何更改",
                  "Permission denied by the database{where} for this account; nothing was changed"),
    "db_full": ("数据库{where}所在磁盘已满，未做任何更改", "The disk of the database{where} is full; nothing was changed"),
    "readonly": ("数据库文件{where}只读或没有写入权限，未做任何更改",
                 "The database file{where} is read-only or not writable; nothing was changed"),
    "cant_open": ("无法打开数据库文件{where}：文件不存在或没有权限", "Cannot open the database file{where}: missing or no permission"),
    "not_a_db": ("文件{where}不是 SQLite 数据库", "The file{where} is not a SQLite database"),
    "corrupt": ("数据库文件{where}已损坏，请从备份恢复", "The database file{where} is damaged; restore it from a backup"),
    "io": ("读写数据库{where}时出现磁盘错误，未做任何更改", "A disk error occurred while using the database{where}; nothing was changed"),
    "too_complex": ("查询过于复杂，请缩小查找范围", "The query is too complex; narrow the search"),
    "cancelled": ("数据库操作被取消（超时或管理员中止），未做任何更改",
                  "The database operation was cancelled (timeout or administrator); nothing was changed"),
    "disk_full": ("磁盘已满，无法写入{file}", "The disk is full; cannot write {file}"),
    "denied": ("没有权限访问{file}（文件可能正被其他程序打开，或文件夹只读）",
               "Permission denied for {file} (open in another program, or a read-only folder)"),
    "not_found": ("找不到{file}", "Cannot find {file}"),
    "is_folder": ("{file}是文件夹，不是文件", "{file} is a folder, not a file"),
    "os": ("无法访问{file}：{detail}", "Cannot access {file}: {detail}"),
    "memory": ("内存不足，操作未完成", "Out of memory; the operation did not finish"),
    "encoding": ("含有无法识别的字符（不是有效的 UTF-8 文本）", "Contains characters that are not valid UTF-8 text"),
    "internal": ("程序内部错误（详情已写入日志 {log}）", "Internal error in the program (details written to the log {log})"),
    "internal_unlogged": ("程序内部错误（{detail}；日志无法写入）", "Internal error in the program ({detail}; the log cannot be written)"),
}

_SQLSTATE_KINDS = {
    "23505": "conflict", "23503": "reference", "23502": "missing", "23514": "invalid", "23P01": "conflict",
    "22001": "too_long", "22003": "out_of_range", "22008": "out_of_range", "22007": "out_of_range",
    "22021": "bad_text", "22P05": "bad_text",
    "40001": "locked", "40P01": "locked", "55P03": "locked",
    "53100": "db_full", "53200": "memory", "53300": "busy_server", "57P03": "busy_server",
    "42501": "db_denied", "57014": "cancelled", "57P01": "lost", "57P02": "lost",
    "54000": "too_complex", "54001": "too_complex",
}
_SQLITE_KINDS = {
    "SQLITE_CONSTRAINT_UNIQUE": "conflict", "SQLITE_CONSTRAINT_PRIMARYKEY": "conflict",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "reference", "SQLITE_CONSTRAINT_NOTNULL": "missing",
    "SQLITE_CONSTRAINT_CHECK": "invalid", "SQLITE_BUSY": "locked", "SQLITE_LOCKED": "locked",
    "SQLITE_FULL": "db_full", "SQLITE_READONLY": "readonly", "SQLITE_CANTOPEN": "cant_open",
    "SQLITE_NOTADB": "not_a_db", "SQLITE_CORRUPT": "corrupt", "SQLITE_IOERR": "io", "SQLITE_PERM": "readonly",
    "SQLITE_NOMEM": "memory", "SQLITE_TOOBIG": "too_long",
}


@dataclass(frozen=True)
class ErrorLine:
    """What to tell the user; `internal` when it is the program's own fault (log the traceback,
    exit code 3) rather than bad input or a condition of the world outside."""

    text: str
    internal: bool = False


def explain_error(exc: BaseException, *, lang: str = "zh_CN", where: str | None = None,
                  log: Path | str | None = None) -> ErrorLine:
    """One line for `exc`; `where` names the database in use (Database.describe()), `log` the log
    file the details went to (without one, a fault of the program is named by its class only)."""
    if isinstance(exc, _user_errors()):
        return ErrorLine(_one_line(str(exc)) or type(exc).__name__)
    kind, fields = _classify(exc)
    if kind is None and log:
        return ErrorLine(_render("internal", {"log": str(log)}, lang), internal=True)
    if kind is None:
        return ErrorLine(_render("internal_unlogged", {"detail": type(exc).__name__}, lang), internal=True)
    return ErrorLine(_render(kind, {"where": where or "", **fields}, lang))


def _render(kind: str, fields: dict, lang: str) -> str:
    """The line of `kind` in the language, with its names bracketed and quoted as that language does."""
    english = lang.startswith("en")

    def bracketed(label: str | None) -> str:
        return "" if not label else (f" ({label})" if english else f"（{label}）")

    def quoted(name: str | None) -> str:
        if not name:
            return "the file" if english else "文件"
        return f'"{name}"' if english else f"“{name}”"

    values = {
        "where": bracketed(fields.get("where")), "what": bracketed(fields.get("what")),
        "file": quoted(fields.get("file")), "detail": fields.get("detail", ""),
        "log": fields.get("log", ""),
    }
    zh, en = _LINES[kind]
    return (en if english else zh).format(**values)


def is_user_error(exc: BaseException) -> bool:
    """True for the program's own errors, whose message is already meant for the user."""
    return isinstance(exc, _user_errors())


def _user_errors() -> tuple[type, ...]:
    """The classes of USER_ERRORS among the modules already loaded (an exception of a module
    that was never imported cannot have been raised, so nothing is imported here)."""
    loaded = (sys.modules.get(module) for module, _ in USER_ERRORS)
    return tuple(getattr(mod, name) for mod, (_, name) in zip(loaded, USER_ERRORS)
                 if mod is not None and hasattr(mod, name))


def _classify(exc: BaseException) -> tuple[str | None, dict]:
    """The kind of a database, file or memory error and the safe fields its line names."""
    if isinstance(exc, MemoryError):
        return "memory", {}
    if isinstance(exc, UnicodeError):
        return "encoding", {}
    if isinstance(exc, OSError):
        return _file_error(exc)
    driver = getattr(exc, "orig", None) if _is_sqlalchemy_error(exc) else exc
    if driver is None:
        return ("lost", {}) if type(exc).__name__ == "DisconnectionError" else (None, {})
    if getattr(exc, "connection_invalidated", False):
        return "lost", {}
    return _driver_error(driver)


def _driver_error(driver: BaseException) -> tuple[str | None, dict]:
    """psycopg by SQLSTATE, sqlite3 by result code."""
    module = type(driver).__module__ or ""
    if module.startswith("psycopg"):
        state = getattr(driver, "sqlstate", None) or ""
        if state in _SQLSTATE_KINDS:
            return _SQLSTATE_KINDS[state], _constraint_of(driver)
        if state.startswith("08"):
            return "lost", {}
        if "NUL (0x00)" in str(driver):
            return "bad_text", {}
        if not state and type(driver).__name__ == "OperationalError":
            return "unreachable", {"detail": _one_line(str(driver))}
        return None, {}
    if module.startswith("sqlite3"):
        name = getattr(driver, "sqlite_errorname", "") or ""
        for code in (name, "_".join(name.split("_")[:2])):
            if code in _SQLITE_KINDS:
                return _SQLITE_KINDS[code], _constraint_of(driver)
        if "database is locked" in str(driver):
            return "locked", {}
    return None, {}


def _constraint_of(driver: BaseException) -> dict:
    """The table and column (or constraint) a violation names — schema names, never values."""
    diag = getattr(driver, "diag", None)
    if diag is not None:
        label = ".".join(part for part in (diag.table_name, diag.constraint_name or diag.column_name) if part)
        return {"what": label} if label else {}
    text = str(driver)
    if text.startswith(("UNIQUE constraint failed: ", "NOT NULL constraint failed: ")):
        return {"what": text.split(": ", 1)[1]}
    return {}


def _file_error(exc: OSError) -> tuple[str, dict]:
    """Files: disk full, permission, missing, a folder where a file was expected."""
    fields = {"file": str(exc.filename or exc.filename2 or ""), "detail": exc.strerror or type(exc).__name__}
    if exc.errno == errno.ENOSPC:
        return "disk_full", fields
    if isinstance(exc, PermissionError):
        return "denied", fields
    if isinstance(exc, FileNotFoundError):
        return "not_found", fields
    if isinstance(exc, IsADirectoryError):
        return "is_folder", fields
    return "os", fields


def _is_sqlalchemy_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("sqlalchemy")


def _one_line(text: str) -> str:
    """The first non-empty line of a message."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
