"""How a local database is backed up: where, how often, how many copies are kept.

Stored with the data (the Setting row `backup.settings`, JSON), so the desktop's schedule and
`gridcc db backup` on the same file agree. Checked before it is stored: a whole number of
copies and hours within sane bounds, and a folder that exists — a typo must not scatter
backups into a new folder nobody looks in.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select

from app.audit.changes import edit_entry
from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from db.engine import Database
from db.errors import DatabaseError
from db.schema import Setting

SETTINGS_KEY = "backup.settings"
DEFAULT_KEEP = 14
DEFAULT_INTERVAL_HOURS = 24
KEEP_RANGE = (1, 365)
INTERVAL_RANGE = (1, 24 * 7)
_VALUE_MAX = 500  # Setting.value column width
_log = logging.getLogger(__name__)


class BackupSettingsError(DatabaseError):
    """A backup setting that cannot be used (the message says which and why)."""


@dataclass(frozen=True, kw_only=True)
class BackupSettings:
    """`folder` None means the default folder beside the database (app.backups.backup_folder)."""

    folder: str | None = None
    keep: int = DEFAULT_KEEP
    interval_hours: int = DEFAULT_INTERVAL_HOURS


def validate_backup_settings(settings: BackupSettings) -> BackupSettings:
    """The settings as they will be stored, or BackupSettingsError naming the wrong value."""
    low, high = KEEP_RANGE
    if not low <= settings.keep <= high:
        raise BackupSettingsError(f"保留份数 {settings.keep} 超出范围，应为 {low}–{high}")
    low, high = INTERVAL_RANGE
    if not low <= settings.interval_hours <= high:
        raise BackupSettingsError(f"备份间隔 {settings.interval_hours} 小时超出范围，应为 {low}–{high} 小时")
    folder = (settings.folder or "").strip() or None
    if folder is not None and not Path(folder).is_dir():
        raise BackupSettingsError(f"备份文件夹“{folder}”不存在：请先建好文件夹")
    return BackupSettings(folder=folder, keep=settings.keep, interval_hours=settings.interval_hours)


def get_backup_settings(database: Database) -> BackupSettings:
    """The stored settings; the defaults when none are stored or the row cannot be read."""
    with database.read() as session:
        text = session.scalar(select(Setting.value).where(Setting.key == SETTINGS_KEY,
                                                          Setting.deleted_at.is_(None)))
    if not text:
        return BackupSettings()
    try:
        data = json.loads(text)
        return BackupSettings(folder=data.get("folder") or None, keep=int(data["keep"]),
                              interval_hours=int(data["interval_hours"]))
    except (ValueError, TypeError, KeyError, AttributeError):
        _log.warning("备份设置 %s 无法读取，按默认值处理", SETTINGS_KEY)
        return BackupSettings()


def set_backup_settings(database: Database, settings: BackupSettings, *,
                        principal: Principal = SYSTEM) -> BackupSettings:
    """Check and store the settings (the acting `principal` needs config.edit); returns what was
    stored. The change is audited (old → new) under the principal's login and workstation."""
    require(database, principal, "config.edit", entity="settings")
    checked = validate_backup_settings(settings)
    value = json.dumps(asdict(checked), ensure_ascii=False)
    if len(value) > _VALUE_MAX:
        raise BackupSettingsError("备份文件夹的路径太长，请选择路径较短的文件夹")
    before = asdict(get_backup_settings(database))  # the defaults when none were stored
    with database.write() as session:
        row = session.scalar(select(Setting).where(Setting.key == SETTINGS_KEY))
        if row is None:
            session.add(Setting(key=SETTINGS_KEY, value=value))
        else:
            row.value, row.deleted_at = value, None
        entry = edit_entry(actor=principal.login, workstation=principal.workstation, action="change_settings", entity="settings",
                           before=before, after=asdict(checked), extra={"key": SETTINGS_KEY})
        if entry is not None:
            session.add(entry)
    return checked
