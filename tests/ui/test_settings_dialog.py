"""The settings dialog: testing a database address before saving it, editing the working
calendar (saved to the database, errors shown, nothing half-saved), and the language."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QSettings  # noqa: E402

from app.cases.service import CaseService  # noqa: E402
from app.config.calendar_admin import DayOverride, read_calendar_settings  # noqa: E402
from db.engine import Database  # noqa: E402
from db.migrate import head_revision  # noqa: E402
from tests.conftest import local  # noqa: E402
from ui.changes import ChangeHub  # noqa: E402
from ui.context import UiContext  # noqa: E402
from ui.settings.settings_dialog import SettingsDialog  # noqa: E402
from ui.workers import wait_for_background_work  # noqa: E402


@pytest.fixture
def db_path(sqlite_template, tmp_path):
    path = tmp_path / "gridcc.db"
    shutil.copy(sqlite_template, path)
    return path


def make_dialog(qtbot, db_path, tmp_path, now=local(2025, 9, 30, 10, 0)):
    """A dialog on a fresh SQLite database and an empty settings file, calendar loaded."""
    database = Database(f"sqlite:///{db_path}")
    ctx = UiContext(database=database, cases=CaseService(database, now=lambda: now), hub=ChangeHub(),
                    user="admin", now=lambda: now)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(ctx, settings)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.calendar_tab.loaded, timeout=5000)
    return dialog, ctx, settings


@pytest.fixture
def opened(qtbot, db_path, tmp_path):
    dialog, ctx, settings = make_dialog(qtbot, db_path, tmp_path)
    yield dialog, ctx, settings
    wait_for_background_work()
    ctx.database.dispose()


def test_settings_url_bad_address_shows_error_line(qtbot, opened):
    """Testing an unsupported address shows its one-line reason and keeps Save disabled."""
    dialog, _, settings = opened
    tab = dialog.database_tab
    tab.url_edit.setText("mysql://gc@db.example/city")
    tab.test_button.click()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✖"), timeout=5000)
    assert tab.result.text() == "✖ 不支持的数据库类型“mysql”：只支持 SQLite 和 PostgreSQL"
    assert tab.save_button.isEnabled() is False
    assert settings.value("db/url") is None


def test_settings_url_good_address_succeeds_and_saves(qtbot, opened, db_path):
    """A working address reports its schema version; Save stores exactly what was tested."""
    dialog, _, settings = opened
    tab = dialog.database_tab
    tab.url_edit.setText(str(db_path))
    tab.test_button.click()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✔"), timeout=5000)
    assert tab.result.text() == f"✔ 可用，结构版本 {head_revision()}（最新）：本地文件 {db_path}"
    assert tab.save_button.isEnabled() is True
    tab.save_button.click()
    assert settings.value("db/url") == str(db_path)
    assert tab.result.text() == "✔ 已保存，下次启动时使用此数据库"


def test_settings_url_edit_after_test_needs_new_test(qtbot, opened, db_path):
    """Changing the address after a successful test disables Save until it is tested again."""
    dialog, _, _ = opened
    tab = dialog.database_tab
    tab.url_edit.setText(str(db_path))
    tab.test_button.click()
    qtbot.waitUntil(tab.save_button.isEnabled, timeout=5000)
    tab.url_edit.setText(str(db_path) + "x")
    assert tab.save_button.isEnabled() is False
    assert tab.result.text() == ""


def test_settings_calendar_shows_stored_hours(opened):
    """The office hours table shows each weekday's periods as stored."""
    table = opened[0].calendar_tab.hours_table
    assert [table.item(row, 0).text() for row in range(7)] == ["08:30-12:00, 13:30-17:30"] * 5 + ["", ""]


def save_calendar(qtbot, tab) -> None:
    """Click save and wait until the result line appears and the reload finished."""
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text().startswith(("✔", "✖")) and tab.save_button.isEnabled(),
                    timeout=5000)


def test_settings_override_edit_persists(qtbot, opened):
    """An added day off is saved to the database, the service reloads it, the hub is told."""
    dialog, ctx, _ = opened
    tab = dialog.calendar_tab
    tab.add_button.click()
    row = tab.overrides_table.rowCount() - 1
    tab.overrides_table.cellWidget(row, 0).setDate(QDate(2025, 10, 11))
    tab.overrides_table.cellWidget(row, 2).setText("本区调整为休息")
    with qtbot.waitSignal(ctx.hub.changed, timeout=5000):
        save_calendar(qtbot, tab)
    assert tab.status.text() == "✔ 已保存；0 件在办案件的期限已按新日历重新计算。"
    expected = (DayOverride(day=date(2025, 10, 11), is_workday=False, note="本区调整为休息"),)
    assert read_calendar_settings(ctx.database).overrides == expected
    assert ctx.cases.config().calendar.is_workday(date(2025, 10, 11)) is False


def test_settings_override_removed_persists(qtbot, opened):
    """Removing a saved override and saving deletes it from the calendar."""
    dialog, ctx, _ = opened
    tab = dialog.calendar_tab
    tab.add_button.click()
    tab.overrides_table.cellWidget(0, 0).setDate(QDate(2025, 10, 11))
    save_calendar(qtbot, tab)
    qtbot.waitUntil(lambda: tab.overrides_table.rowCount() == 1, timeout=5000)
    tab.overrides_table.selectRow(0)
    tab.remove_button.click()
    save_calendar(qtbot, tab)
    assert read_calendar_settings(ctx.database).overrides == ()


def test_settings_bad_hours_show_error_and_save_nothing(qtbot, opened):
    """Unreadable office hours are refused with the reason; the stored calendar is unchanged."""
    dialog, ctx, _ = opened
    tab = dialog.calendar_tab
    before = read_calendar_settings(ctx.database)
    tab.hours_table.item(0, 0).setText("08:30-12:00, 11:00-14:00")
    save_calendar(qtbot, tab)
    assert tab.status.text() == "✖ 星期一的办公时段 08:30–12:00 与 11:00–14:00 重叠"
    assert read_calendar_settings(ctx.database) == before


def test_settings_unknown_year_warning_shown(qtbot, db_path, tmp_path):
    """In a year the official calendar does not know, the calendar tab says so."""
    dialog, ctx, _ = make_dialog(qtbot, db_path, tmp_path, now=local(2031, 3, 2, 9, 0))
    try:
        assert dialog.calendar_tab.unknown_years.isHidden() is False
        assert "2031年" in dialog.calendar_tab.unknown_years.text()
    finally:
        wait_for_background_work()
        ctx.database.dispose()


def test_settings_known_year_shows_no_warning(opened):
    """In 2025, which the official calendar knows, no warning is shown."""
    assert opened[0].calendar_tab.unknown_years.isHidden() is True


def test_settings_language_saved_for_next_start(opened):
    """Choosing English stores ui/language = en."""
    dialog, _, settings = opened
    combo = dialog.language_tab.combo
    combo.setCurrentIndex(combo.findData("en"))
    assert settings.value("ui/language") == "en"
    assert dialog.language_tab.status.text() == "✔ 已保存，下次启动时生效"
