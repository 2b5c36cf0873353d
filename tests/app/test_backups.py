"""Backups of a local database: made, listed, pruned, due, restored, and taken before an upgrade."""

import shutil
import sqlite3
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

import app.backups as backups
from app.backup_settings import BackupSettings, BackupSettingsError, get_backup_settings, set_backup_settings
from app.backups import (
    BEFORE_RESTORE, BEFORE_UPGRADE, MANUAL, SCHEDULED, BadBackup, NotLocal, backup_due, backup_folder,
    last_backup, list_backups, make_backup, prune, restore_backup,
)
from app.database import prepare, upgrade_and_seed
from db.engine import Database
from db.errors import DatabaseTooNew, NotOurDatabase
from db.migrate import current_revision, head_revision, known_revisions, upgrade


@pytest.fixture
def local_db(tmp_path, sqlite_template):
    """A migrated, seeded SQLite database in its own folder."""
    path = tmp_path / "data" / "gridcc.db"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def content(path) -> list[str]:
    """Every row of every table but the audit log, as SQL text (equal text, equal data)."""
    connection = sqlite3.connect(path)
    try:
        return [line for line in connection.iterdump() if "audit_log" not in line]
    finally:
        connection.close()


def add_setting(database: Database, key: str) -> None:
    with database.engine.begin() as conn:
        conn.execute(text("INSERT INTO settings (id, key, value, updated_at, version, created_at) "
                          "VALUES (:id, :key, 'x', '2025-01-01', 1, '2025-01-01')"),
                     {"id": key.encode().hex().ljust(32, "0")[:32], "key": key})


def test_backup_is_listed_and_recorded(local_db):
    """A manual backup lands in the folder beside the data, is listed with its revision, and audited."""
    made = make_backup(local_db, MANUAL, actor="admin", workstation="desk-1")
    assert made.path.parent == local_db.path.parent / "backups"
    [listed] = list_backups(local_db)
    assert (listed.path, listed.reason, listed.revision) == (made.path, MANUAL, head_revision())
    assert listed.size == made.path.stat().st_size > 0
    last = last_backup(local_db)
    assert (last.reason, last.file) == (MANUAL, made.path.name)


def test_round_trip_restores_equal_data(local_db):
    """After a restore the data is what it was at the backup; the replaced data is kept as a safety copy."""
    before = content(local_db.path)
    made = make_backup(local_db, MANUAL, actor="admin")
    add_setting(local_db, "written.after.backup")
    changed = content(local_db.path)
    safety = restore_backup(local_db, made.path, actor="admin")
    assert content(local_db.path) == before
    assert safety.reason == BEFORE_RESTORE and content(safety.path) == changed
    assert last_backup(local_db).reason == BEFORE_RESTORE


def test_backup_while_another_desk_holds_a_write_transaction(local_db, monkeypatch):
    """The copy is made while another connection writes; the audit entry waits a bounded time, never forever."""
    monkeypatch.setattr(backups, "AUDIT_PATIENCE_S", 1.0)
    writer = sqlite3.connect(local_db.path, isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE settings SET value = value")
    result = {}
    worker = threading.Thread(target=lambda: result.update(
        backup=make_backup(local_db, SCHEDULED, actor="timer")))
    worker.start()
    worker.join(timeout=120)
    writer.execute("ROLLBACK")
    writer.close()
    assert not worker.is_alive()
    assert result["backup"].path.is_file()
    assert last_backup(local_db) is None  # not recorded: the lock stayed taken
    make_backup(local_db, MANUAL, actor="admin")
    assert last_backup(local_db).reason == MANUAL


def test_restore_refuses_a_non_database_and_changes_nothing(local_db, tmp_path):
    """A text file is refused before anything is copied or saved."""
    before = content(local_db.path)
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(BadBackup):
        restore_backup(local_db, bogus, actor="admin")
    assert content(local_db.path) == before
    assert list_backups(local_db) == []


def test_retention_keeps_newest_rotated_and_a_few_safety_copies(local_db):
    """`keep` applies to manual and scheduled copies together; each safety kind keeps SAFETY_KEEP."""
    settings = BackupSettings(keep=2)
    for reason in (MANUAL, SCHEDULED, MANUAL, SCHEDULED):
        make_backup(local_db, reason, actor="admin", settings=settings, record=False)
    for _ in range(backups.SAFETY_KEEP + 2):
        make_backup(local_db, BEFORE_UPGRADE, actor="admin", settings=settings, record=False)
    kept = list_backups(local_db)
    assert [b.reason for b in kept if b.reason in (MANUAL, SCHEDULED)] == [SCHEDULED, MANUAL]
    assert sum(b.reason == BEFORE_UPGRADE for b in kept) == backups.SAFETY_KEEP
    assert prune(local_db, 1) and len([b for b in list_backups(local_db) if b.reason == SCHEDULED]) == 1


def test_backup_due_after_the_interval(local_db):
    """No backup yet: due; just made: not due; an interval later: due again."""
    settings = BackupSettings(interval_hours=6)
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    assert backup_due(local_db, now, settings)
    make_backup(local_db, SCHEDULED, actor="timer", record=False)
    assert not backup_due(local_db, now + timedelta(hours=5), settings)
    assert backup_due(local_db, now + timedelta(hours=6, seconds=1), settings)


def test_settings_are_checked_and_stored(local_db, tmp_path):
    """A folder that does not exist is refused; valid settings are read back and used."""
    with pytest.raises(BackupSettingsError, match="不存在"):
        set_backup_settings(local_db, BackupSettings(folder=str(tmp_path / "nowhere")))
    with pytest.raises(BackupSettingsError, match="保留份数"):
        set_backup_settings(local_db, BackupSettings(keep=0))
    set_backup_settings(local_db, BackupSettings(folder=str(tmp_path), keep=3, interval_hours=12))
    stored = get_backup_settings(local_db)
    assert stored == BackupSettings(folder=str(tmp_path), keep=3, interval_hours=12)
    assert backup_folder(local_db, stored) == tmp_path
    assert make_backup(local_db, MANUAL, actor="admin").path.parent == tmp_path


def test_upgrade_of_an_older_file_takes_a_backup_first(tmp_path):
    """Opening a file of an older revision copies it (still at that revision) before migrating."""
    older = known_revisions()[-2]
    path = tmp_path / "old.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database, to=older)
    before = content(path)
    prepare(database)
    assert current_revision(database) == head_revision()
    [copy] = list_backups(database)
    assert (copy.reason, copy.revision) == (BEFORE_UPGRADE, older)
    assert content(copy.path) == before
    assert last_backup(database).reason == BEFORE_UPGRADE
    database.dispose()


def test_db_upgrade_of_an_older_file_takes_a_backup_and_a_new_file_none(tmp_path):
    """`gridcc db upgrade` does the same; a new empty file has nothing to save."""
    old = Database(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(old, to=known_revisions()[0])
    assert upgrade_and_seed(old) is True
    assert [b.reason for b in list_backups(old)] == [BEFORE_UPGRADE]
    new = Database(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade_and_seed(new)
    assert list_backups(new) == []
    old.dispose()
    new.dispose()


def test_newer_database_is_refused_without_a_backup(local_db):
    """An older program refuses a database a newer one made, and copies nothing."""
    with local_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew, match="比本程序新"):
        prepare(local_db)
    assert list_backups(local_db) == []


@pytest.mark.pg
def test_server_is_not_backed_up_by_the_program(pg_server_url):
    """On PostgreSQL a backup is refused with a line naming pg_dump."""
    database = Database(pg_server_url)
    with pytest.raises(NotLocal, match="pg_dump"):
        make_backup(database, MANUAL, actor="admin")
    database.dispose()


def test_restore_over_another_programs_database_is_refused(local_db, tmp_path):
    """A file holding another program's tables is never overwritten by a restore."""
    made = make_backup(local_db, MANUAL, actor="admin")
    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    with other.engine.begin() as conn:
        conn.execute(text("CREATE TABLE accounts (x)"))
    with pytest.raises(NotOurDatabase):
        restore_backup(other, made.path, actor="admin")
    with other.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM accounts")).scalar() == 0
    other.dispose()


def test_restore_over_a_damaged_database_keeps_its_bytes(local_db):
    """A damaged database is replaced; what it was is kept as it was, as the before-restore copy."""
    made = make_backup(local_db, MANUAL, actor="admin")
    expected = content(made.path)
    local_db.dispose()
    data = bytearray(local_db.path.read_bytes())
    for offset in range(2 * 4096, len(data) - 4096, 5 * 4096):
        data[offset + 8:offset + 600] = b"\xff" * 592
    local_db.path.write_bytes(bytes(data))
    safety = restore_backup(local_db, made.path, actor="admin")
    assert safety.path.read_bytes()[:100] == bytes(data[:100]) and safety.revision is None
    assert content(local_db.path) == expected


def test_restore_over_an_unreadable_database_keeps_its_bytes(local_db):
    """A database whose header is destroyed is kept byte for byte, then replaced by the backup."""
    made = make_backup(local_db, MANUAL, actor="admin")
    expected = content(made.path)
    local_db.dispose()
    data = bytearray(local_db.path.read_bytes())
    data[16:100] = b"\x00" * 84
    local_db.path.write_bytes(bytes(data))
    safety = restore_backup(local_db, made.path, actor="admin")
    assert safety.path.read_bytes() == bytes(data)
    assert content(local_db.path) == expected


def test_no_upgrade_without_its_backup(tmp_path, monkeypatch):
    """When the before-upgrade copy cannot be made, the file is left at its revision."""
    older = known_revisions()[-2]
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(database, to=older)

    def full_disk(source, dest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "copy_database", full_disk)
    with pytest.raises(OSError):
        prepare(database)
    assert current_revision(database) == older
    database.dispose()
