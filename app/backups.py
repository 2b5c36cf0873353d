"""Backups of a local (SQLite) database: made, listed, pruned, due, checked and restored.

Each backup is one file in the backup folder (by default `backups` beside the database),
named `<database>-<UTC time>-<reason>.db`, so the list needs no index of its own and survives
a restore. Reasons: `manual` and `scheduled` copies are kept up to the `keep` setting (the
newest of them together); the safety copies taken before an upgrade or a restore are kept
`SAFETY_KEEP` of each kind. Every backup made is recorded in the audit log (action "backup",
entity "database") — after the copy, and with a short wait for the write lock, so a
workstation holding a long write transaction delays the record, never the copy or the user.

A PostgreSQL server is backed up by its administrator with pg_dump (NotLocal says so); the
program shows the last backup its audit log knows of.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.backup_settings import BackupSettings, get_backup_settings
from db.engine import Database
from db.errors import DatabaseError, NoDatabaseHere, NotOurDatabase
from db.migrate import current_revision
from db.schema.audit import AuditEntry, audit_entry
from db.sqlite_files import check_folder_exists
from db.sqlite_backup import BadBackup, check_backup, copy_database, restore_database, schema_revision_of

MANUAL, SCHEDULED, BEFORE_UPGRADE, BEFORE_RESTORE = "manual", "scheduled", "before-upgrade", "before-restore"
REASONS = (MANUAL, SCHEDULED, BEFORE_UPGRADE, BEFORE_RESTORE)
#: Backups the `keep` setting rotates; the others are safety copies.
ROTATED = frozenset({MANUAL, SCHEDULED})
SAFETY_KEEP = 3
#: How long recording a backup in the audit log waits for another workstation's write lock.
AUDIT_PATIENCE_S = 30.0
STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.db$")
_log = logging.getLogger(__name__)


class NotLocal(DatabaseError):
    """The database is a server: it is backed up with pg_dump, not by the program."""


@dataclass(frozen=True, kw_only=True)
class BackupFile:
    """One backup on disk. `revision` is None when the file cannot be read."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    revision: str | None


@dataclass(frozen=True, kw_only=True)
class LastBackup:
    """The newest backup the audit log records."""

    at: datetime
    reason: str
    file: str | None


def local_path(database: Database) -> Path:
    """The database file; NotLocal for a server."""
    if database.path is None:
        raise NotLocal(f"数据库（{database.describe()}）在服务器上：请由管理员用 pg_dump 备份、pg_restore 恢复")
    return database.path


def backup_folder(database: Database, settings: BackupSettings | None = None) -> Path:
    """Where the database's backups go: the folder set in the backup settings, else `backups`
    beside the database file."""
    path = local_path(database)
    if settings is not None and settings.folder:
        return Path(settings.folder)
    return path.parent / "backups"


def list_backups(database: Database, folder: Path | None = None) -> list[BackupFile]:
    """The database's backups in `folder` (default: its backup folder), newest first."""
    stem = local_path(database).stem
    folder = folder or backup_folder(database, get_backup_settings(database))
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != stem or match["reason"] not in REASONS:
            continue
        made_at = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=timezone.utc)
        found.append((made_at, int(match["n"] or 0), path, match["reason"]))
    found.sort(key=lambda item: item[:2], reverse=True)
    return [BackupFile(path=path, made_at=made_at, reason=reason, size=path.stat().st_size,
                       revision=_revision_or_none(path)) for made_at, _n, path, reason in found]


def _revision_or_none(path: Path) -> str | None:
    try:
        return schema_revision_of(path)
    except BadBackup:
        return None


def make_backup(database: Database, reason: str, *, actor: str, workstation: str | None = None,
                settings: BackupSettings | None = None, record: bool = True,
                principal: Principal = SYSTEM) -> BackupFile:
    """Copy the database into its backup folder, prune old copies, record it in the audit log.

    `record=False` leaves the audit entry to the caller (the upgrade records it once the
    schema is current). The acting `principal` needs backup.manage (SYSTEM: the automatic copies).
    """
    require(database, principal, "backup.manage", entity="backup")
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    source = local_path(database)
    if not source.is_file():
        raise NoDatabaseHere(f"本地文件 {source} 不存在，没有可备份的数据库")
    settings = settings or get_backup_settings(database)
    folder = backup_folder(database, settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NoDatabaseHere(f"无法创建备份文件夹“{folder}”：{exc.strerror or exc}") from None
    made_at = datetime.now(timezone.utc).replace(microsecond=0)
    target = _free_name(folder, source.stem, made_at, reason)
    copy_database(source, target)
    prune(database, settings.keep, folder)
    backup = BackupFile(path=target, made_at=made_at, reason=reason, size=target.stat().st_size,
                        revision=_revision_or_none(target))
    if record:
        record_backup(database, backup, actor=actor, workstation=workstation)
    return backup


def _free_name(folder: Path, stem: str, made_at: datetime, reason: str) -> Path:
    """A file name that sorts after every backup already made: a second backup within the same
    second gets a counter above those of its second."""
    stamp = made_at.strftime(STAMP)
    taken = [int(match["n"] or 0) for path in folder.glob(f"{stem}-{stamp}*.db")
             if (match := _NAME.match(path.name)) and match["stem"] == stem and match["stamp"] == stamp]
    counter = f"-{max(taken) + 1}" if taken else ""
    return folder / f"{stem}-{stamp}{counter}-{reason}.db"


def prune(database: Database, keep: int, folder: Path | None = None) -> list[Path]:
    """Delete the backups beyond the newest `keep` manual and scheduled ones and beyond
    SAFETY_KEEP of each safety kind; the deleted paths."""
    backups = list_backups(database, folder)
    rotated = [b for b in backups if b.reason in ROTATED][keep:]
    safety = [b for reason in REASONS if reason not in ROTATED
              for b in [b for b in backups if b.reason == reason][SAFETY_KEEP:]]
    removed = []
    for backup in rotated + safety:
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError as exc:  # a copy open in another program stays until the next prune
            _log.warning("无法删除旧备份 %s：%s", backup.path.name, exc)
    return removed


def backup_due(database: Database, now: datetime, settings: BackupSettings | None = None) -> bool:
    """True when the newest manual or scheduled backup is older than the interval (or missing)."""
    settings = settings or get_backup_settings(database)
    newest = next((b for b in list_backups(database, backup_folder(database, settings))
                   if b.reason in ROTATED), None)
    return newest is None or now - newest.made_at >= timedelta(hours=settings.interval_hours)


def backup_if_due(database: Database, now: datetime, *, actor: str, workstation: str | None = None) -> BackupFile | None:
    """The scheduled backup: made when due (a local database only); the backup, or None."""
    if database.path is None or not database.path.is_file():
        return None
    settings = get_backup_settings(database)
    if not backup_due(database, now, settings):
        return None
    return make_backup(database, SCHEDULED, actor=actor, workstation=workstation, settings=settings)


@dataclass(frozen=True, kw_only=True)
class BackupOverview:
    """What the settings show about backups: for a server only `last`."""

    local: bool
    settings: BackupSettings
    folder: Path | None
    backups: tuple[BackupFile, ...]
    last: LastBackup | None


def backup_overview(database: Database) -> BackupOverview:
    """The backup settings, folder, files and the last recorded backup, read together."""
    settings = get_backup_settings(database)
    last = last_backup(database)
    if database.path is None:
        return BackupOverview(local=False, settings=settings, folder=None, backups=(), last=last)
    folder = backup_folder(database, settings)
    return BackupOverview(local=True, settings=settings, folder=folder,
                          backups=tuple(list_backups(database, folder)), last=last)


def check_restorable(file: Path) -> str:
    """The schema revision of a file that may be restored; BadBackup in one line otherwise."""
    return check_backup(Path(file))


def restore_backup(database: Database, file: Path, *, actor: str,
                   workstation: str | None = None, principal: Principal = SYSTEM) -> BackupFile | None:
    """Put `file` back as the database: checked first, then a before-restore safety copy of the
    current data, then the restore; both recorded in the restored database's audit log.

    The caller reopens the database afterwards (an older file is then upgraded as usual).
    Returns the safety copy (None when the database file had gone: nothing to save). The acting
    `principal` needs backup.manage.
    """
    require(database, principal, "backup.manage", entity="backup")
    target = local_path(database)
    check_folder_exists(target)
    check_restorable(file)
    safety, unreadable = _safety_copy(database, actor)
    database.dispose()
    if unreadable:  # saved byte for byte above; SQLite cannot write pages into it
        for stale in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            stale.unlink(missing_ok=True)
    restore_database(Path(file), target)
    database.dispose()
    if safety is not None:
        record_backup(database, safety, actor=actor, workstation=workstation,
                      extra={"restored_from": Path(file).name})
    return safety


def _safety_copy(database: Database, actor: str) -> tuple[BackupFile | None, bool]:
    """The before-restore copy of the data about to be replaced (None when the file is gone),
    and whether the file was unreadable.

    Another program's database is refused, never overwritten. A damaged one, which the backup
    API cannot read, is kept byte for byte (with its -wal) in the default backup folder: it is
    about to be replaced, and a specialist may still recover something from it.
    """
    target = local_path(database)
    if not target.is_file():
        return None, False
    try:
        current_revision(database)
        return make_backup(database, BEFORE_RESTORE, actor=actor, record=False), False
    except NotOurDatabase:
        raise
    except (DatabaseError, SQLAlchemyError, sqlite3.DatabaseError) as exc:
        _log.warning("当前数据库无法按页复制（%s），按原样另存", exc)
    database.dispose()
    folder = backup_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    made_at = datetime.now(timezone.utc).replace(microsecond=0)
    copy = _free_name(folder, target.stem, made_at, BEFORE_RESTORE)
    shutil.copyfile(target, copy)
    wal = target.with_name(target.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    return BackupFile(path=copy, made_at=made_at, reason=BEFORE_RESTORE, size=copy.stat().st_size,
                      revision=None), True


def record_backup(database: Database, backup: BackupFile, *, actor: str, workstation: str | None,
                  extra: dict | None = None) -> bool:
    """Add the audit entry for `backup`; False (logged) when the write lock stayed taken too long:
    the backup itself is made and listed either way."""
    detail = {"reason": backup.reason, "file": backup.path.name, "revision": backup.revision, **(extra or {})}
    recorder = Database(database.url)
    recorder.write_patience_s = AUDIT_PATIENCE_S
    try:
        with recorder.write() as session:
            session.add(audit_entry(actor=actor, workstation=workstation, action="backup",
                                    entity="database", detail=detail))
        return True
    except DatabaseError as exc:
        _log.warning("备份 %s 已完成，但未能记入审计日志：%s", backup.path.name, exc)
        return False
    finally:
        recorder.dispose()


def note_server_backup(database: Database, dump: Path, *, actor: str, workstation: str | None = None,
                       principal: Principal = SYSTEM) -> None:
    """Record in the audit log that an administrator backed the server up into `dump` (pg_dump),
    so every workstation can show when the last backup was made (backup.manage)."""
    require(database, principal, "backup.manage", entity="backup")
    if database.path is not None:
        raise DatabaseError("本地数据库请用 gridcc db backup 备份，无需登记")
    dump = Path(dump)
    if not dump.is_file() or dump.stat().st_size == 0:
        raise DatabaseError(f"找不到备份文件“{dump}”或文件为空：请先用 pg_dump 备份，再登记")
    with database.write() as session:
        session.add(audit_entry(actor=actor, workstation=workstation, action="backup", entity="database",
                                detail={"reason": "pg_dump", "file": dump.name, "size": dump.stat().st_size}))


def last_backup(database: Database) -> LastBackup | None:
    """The newest backup the audit log records (made by the program, or noted by an administrator)."""
    with database.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup",
                                                         AuditEntry.entity == "database")
                                .order_by(AuditEntry.at.desc()).limit(1)).first()
    if entry is None:
        return None
    detail = entry.detail or {}
    return LastBackup(at=entry.at, reason=str(detail.get("reason", "")), file=detail.get("file"))


__all__ = ["BadBackup", "BackupFile", "BackupOverview", "backup_if_due", "backup_overview", "LastBackup", "NotLocal", "REASONS", "backup_due", "backup_folder",
           "check_restorable", "last_backup", "list_backups", "make_backup", "note_server_backup", "prune", "record_backup",
           "restore_backup"]
