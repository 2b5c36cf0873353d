"""The 备份 tab and the backup schedule: settings saved, a backup made and listed, a restore
checked before it is asked for, and backups made on a worker thread when due."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from app.backup_settings import get_backup_settings
from app.backups import MANUAL, SCHEDULED, list_backups, make_backup
from app.cases.service import CaseService
from db.engine import Database
from tests.conftest import local
from ui.backup_schedule import BackupScheduler
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.settings.backup_tab import BackupTab
from ui.workers import wait_for_background_work


@pytest.fixture
def ctx(sqlite_template, tmp_path, qapp):
    path = tmp_path / "gridcc.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    now = local(2025, 9, 30, 10, 0)
    context = UiContext(database=database, cases=CaseService(database, now=lambda: now), hub=ChangeHub(),
                        user="admin", now=lambda: now)
    yield context
    wait_for_background_work()
    database.dispose()


def loaded_tab(qtbot, ctx) -> BackupTab:
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.overview is not None and tab.backup_button.isEnabled(), timeout=10_000)
    return tab


def test_backup_now_is_listed_with_last_backup(qtbot, ctx):
    """立即备份 makes a copy in the background; the list and the last-backup line show it."""
    tab = loaded_tab(qtbot, ctx)
    assert tab.table.rowCount() == 0
    assert "尚无记录" in tab.last_label.text()
    tab.backup_button.click()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and tab.backup_button.isEnabled(), timeout=10_000)
    assert tab.table.item(0, 1).text() == "手动"
    assert "尚无记录" not in tab.last_label.text()
    assert [b.reason for b in list_backups(ctx.database)] == [MANUAL]


def test_settings_saved_and_a_bad_folder_refused(qtbot, ctx, tmp_path):
    """A folder that does not exist is refused in one line; good values are stored."""
    tab = loaded_tab(qtbot, ctx)
    tab.folder_edit.setText(str(tmp_path / "nowhere"))
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text().startswith("✖"), timeout=10_000)
    assert "不存在" in tab.status.text()
    tab.folder_edit.setText(str(tmp_path))
    tab.keep.setValue(5)
    tab.interval.setValue(6)
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text().startswith("✔") and tab.save_button.isEnabled(), timeout=10_000)
    stored = get_backup_settings(ctx.database)
    assert (stored.folder, stored.keep, stored.interval_hours) == (str(tmp_path), 5, 6)


def test_restore_refuses_a_bad_file_without_asking(qtbot, ctx, tmp_path, monkeypatch):
    """A file that is not a database is refused before any question is asked."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    tab = loaded_tab(qtbot, ctx)
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello", encoding="utf-8")
    tab.restore_file(bogus)
    qtbot.waitUntil(lambda: tab.status.text().startswith("✖"), timeout=10_000)
    assert "不是 SQLite 数据库" in tab.status.text() and asked == []


def test_restore_confirmed_replaces_the_data_and_signals(qtbot, ctx, monkeypatch):
    """Confirmed, the restore keeps a safety copy and announces that the program must close."""
    made = make_backup(ctx.database, MANUAL, actor="admin")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    tab = loaded_tab(qtbot, ctx)
    with qtbot.waitSignal(tab.restored, timeout=20_000):
        tab.restore_file(made.path)
    assert "before-restore" in {b.reason for b in list_backups(ctx.database)}


def test_scheduler_backs_up_when_due_and_not_again(qtbot, ctx):
    """A check makes a scheduled backup when none exists; the next check finds it not due."""
    scheduler = BackupScheduler(ctx)
    with qtbot.waitSignal(scheduler.backed_up, timeout=20_000) as signal:
        scheduler.check()
    assert signal.args[0].reason == SCHEDULED
    scheduler.check()
    qtbot.waitUntil(lambda: not scheduler._running, timeout=10_000)
    assert [b.reason for b in list_backups(ctx.database)] == [SCHEDULED]


def test_scheduler_is_idle_for_the_demo(ctx):
    """The demo database is never backed up."""
    ctx.demo = True
    assert not BackupScheduler(ctx).active


@pytest.mark.pg
def test_server_shows_pg_dump_and_the_last_noted_backup(qtbot, pg_server_url, tmp_path):
    """On PostgreSQL the tab names pg_dump, shows the last backup noted, and offers no local backup."""
    from app.backups import note_server_backup

    database = Database(pg_server_url)
    dump = tmp_path / "gridcc.dump"
    dump.write_bytes(b"PGDMP")
    note_server_backup(database, dump, actor="admin")
    now = local(2025, 9, 30, 10, 0)
    ctx = UiContext(database=database, cases=CaseService(database, now=lambda: now), hub=ChangeHub(),
                    user="admin", now=lambda: now)
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.overview is not None, timeout=10_000)
    assert "pg_dump" in tab.server_note.text() and not tab.server_note.isHidden()
    assert "pg_dump" in tab.last_label.text()
    assert not tab.backup_button.isEnabled() and not tab.restore_button.isEnabled()
    wait_for_background_work()
    database.dispose()


def test_retention_months_shown_and_saved(qtbot, ctx):
    """The tab shows the 24-month default; saving 36 stores it and audits the change."""
    from app.audit.query import AuditFilter
    from app.audit.service import AuditService
    from app.cases.retention import retention_months
    tab = loaded_tab(qtbot, ctx)
    box = tab.retention
    qtbot.waitUntil(box.save_button.isEnabled, timeout=10_000)
    assert box.months.value() == 24
    box.months.setValue(36)
    with qtbot.waitSignal(box.saved, timeout=10_000):
        box.save_button.click()
    assert retention_months(ctx.database) == 36
    assert "保留月数：24 → 36" in AuditService(ctx.database).page(AuditFilter(action="change_settings")).rows[0].detail
