"""Copying a live SQLite database, and putting a copy back, through SQLite's online backup API.

A plain file copy of a database other workstations are writing may catch half a transaction
(and misses what still sits in the -wal file). `sqlite3.Connection.backup` copies a consistent
snapshot while others keep writing: in WAL mode a writer never blocks the reader the backup
is, so a backup never waits for another desk's transaction. The copy is written to a temporary
file in the destination folder and renamed into place, so a backup file is always whole.

A file is restored only after it was checked: a SQLite database, intact (`PRAGMA
integrity_check`), made by this program (it has an Alembic revision) and not by a newer one.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from db.errors import DatabaseError
from db.migrate import known_revisions
from db.sqlite_files import SQLITE_HEADER

#: How long the backup waits for a lock it cannot get at once (a restore needs the write lock).
BACKUP_BUSY_TIMEOUT_MS = 10_000


class BadBackup(DatabaseError):
    """A file that cannot be restored: not a gridcc database, damaged, or of a newer schema."""


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates the file (nor changes it)."""
    uri = path.absolute().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BACKUP_BUSY_TIMEOUT_MS / 1000)
    return connection


def copy_database(source: Path, dest_path: Path) -> Path:
    """Copy the SQLite database at `source` to `dest_path` (replaced if present); the copy is one
    self-contained file (rollback journal, not WAL), ready to be opened or copied elsewhere."""
    dest_path = Path(dest_path)
    handle, temp_name = tempfile.mkstemp(prefix=".partial-", suffix=".db", dir=dest_path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        src = _connect_read_only(Path(source))
        try:
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)  # all pages in one step: a writer elsewhere cannot make it restart
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(temp, dest_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return dest_path


def schema_revision_of(path: Path) -> str | None:
    """The Alembic revision a SQLite file is at, read without changing it; None when it has no
    alembic_version table. BadBackup when it is not a readable SQLite database."""
    path = Path(path)
    _check_header(path)
    try:
        connection = _connect_read_only(path)
        try:
            return _revision(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BadBackup(f"文件“{path}”无法读取（已损坏或不是数据库）：{exc}") from None


def _revision(connection: sqlite3.Connection) -> str | None:
    has_table = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    if not has_table:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise BadBackup(f"“{path}”是文件夹，不是备份文件")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise BadBackup(f"找不到备份文件“{path}”") from None
    except OSError as exc:
        raise BadBackup(f"无法读取备份文件“{path}”：{exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise BadBackup(f"文件“{path}”不是 SQLite 数据库，不能用来恢复")


def check_backup(path: Path) -> str:
    """Check a file before it is restored; its revision, or BadBackup saying why it is refused."""
    path = Path(path)
    _check_header(path)
    try:
        connection = _connect_read_only(path)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
            if verdict != ["ok"]:
                raise BadBackup(f"文件“{path}”已损坏（完整性检查未通过：{verdict[0]}），不能用来恢复")
            revision = _revision(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BadBackup(f"文件“{path}”已损坏或不是数据库（{exc}），不能用来恢复") from None
    if revision is None:
        raise BadBackup(f"文件“{path}”不是网格化管理指挥中心的数据库，不能用来恢复")
    if revision not in known_revisions():
        raise BadBackup(f"文件“{path}”的结构版本 {revision} 比本程序新，请升级程序后再恢复")
    return revision


def restore_database(backup: Path, database_path: Path) -> str:
    """Overwrite the live database at `database_path` with the checked file `backup`; its revision.

    The pages are written through the backup API into the live file, under its write lock, so
    other workstations' connections see the restored data rather than a file swapped under them.
    """
    revision = check_backup(backup)
    src = _connect_read_only(Path(backup))
    try:
        dst = sqlite3.connect(Path(database_path), timeout=BACKUP_BUSY_TIMEOUT_MS / 1000)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return revision
