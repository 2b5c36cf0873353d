"""Before/after of edits in the audit log: changed fields only, ID numbers and phones masked,
written by each configuration writer in the transaction of the change."""

from __future__ import annotations

import pytest

from app.audit.query import AuditFilter
from app.audit.service import AuditService
from app.audit.changes import changed_fields, edit_entry
from app.backup_settings import BackupSettings, set_backup_settings
from app.config.calendar_admin import read_calendar_settings, update_calendar
from app.geo.basemap import Basemap, set_basemap
from app.geo.district import set_district
from tests.app.audit.helpers import forget_settings
from dataclasses import replace

from app.accounts.principal import SYSTEM

ADMIN_AT_DESK_1 = replace(SYSTEM, login="admin", workstation="desk-1")


@pytest.fixture
def restored(database):
    """The database, its backup and map settings forgotten afterwards (PostgreSQL keeps them)."""
    yield database
    forget_settings(database, "backup.settings", "map.basemap")


def _latest(database, action):
    rows = AuditService(database).page(AuditFilter(action=action)).rows
    return rows[0] if rows else None


def test_changed_fields_masks_numbers_and_skips_the_unchanged():
    """Only differing fields, ID numbers and phones masked, nested values by path."""
    changes = changed_fields({"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000", "sex": "男"},
                             {"name": "张叁", "id_number": "110105194912310021", "phone": None, "sex": "男"})
    assert changes == {"name": ["张三", "张叁"], "id_number": ["110105********002X", "110105********0021"],
                       "phone": ["138****8000", None]}
    assert changed_fields({"a": {"b": 1, "c": 2}}, {"a": {"b": 1, "c": 3}}) == {"a.c": [2, 3]}


def test_edit_entry_is_none_without_changes():
    assert edit_entry(actor="a", workstation=None, action="x", entity="settings", before={"k": 1}, after={"k": 1}) \
        is None


def test_backup_settings_change_is_audited_old_to_new(restored):
    database = restored
    """保留份数 14 → 5: the entry names the setting and both values."""
    set_backup_settings(database, BackupSettings(keep=5), principal=ADMIN_AT_DESK_1)
    row = _latest(database, "change_settings")
    assert (row.actor, row.workstation) == ("admin", "desk-1")
    assert "backup.settings" in row.detail and "保留份数：14 → 5" in row.detail
    set_backup_settings(database, BackupSettings(keep=5), principal=ADMIN_AT_DESK_1)
    assert len(AuditService(database).page(AuditFilter(action="change_settings")).rows) == 1


def test_basemap_change_is_audited(restored):
    database = restored
    set_basemap(database, Basemap(kind="xyz", url="https://tiles.example.org/{z}/{x}/{y}.png"), actor="admin")
    assert "https://tiles.example.org" in _latest(database, "change_settings").detail


def test_calendar_change_is_audited_per_weekday(database):
    """Saturday morning opened: the entry shows 星期六 休息 → 09:00–12:00."""
    current = read_calendar_settings(database)
    weekly = current.weekly[:5] + ((("09:00", "12:00"),), ())
    update_calendar(database, weekly, (), expected_revision=current.revision, actor="admin", workstation="desk-2")
    row = _latest(database, "change_calendar")
    assert row.detail == "星期六：休息 → 09:00–12:00" and row.workstation == "desk-2"
    update_calendar(database, current.weekly, (), expected_revision=read_calendar_settings(database).revision, actor="admin")


def test_district_rename_is_audited_old_to_new(database):
    set_district(database, "示例区", "370299", actor="admin")
    set_district(database, "新示例区", "370299", actor="admin")
    assert "名称：示例区 → 新示例区" in _latest(database, "update").detail
