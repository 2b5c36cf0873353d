"""The settings' 辖区 tab: the district's name and code saved, a bad code refused in one line."""

from __future__ import annotations

import shutil

import pytest

from app.cases.service import CaseService
from app.geo.district import get_district
from db.engine import Database
from tests.conftest import local
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.settings.district_tab import DistrictTab
from ui.workers import wait_for_background_work


@pytest.fixture
def ctx(sqlite_template, tmp_path, qapp):
    path = tmp_path / "gridcc.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    now = local(2025, 9, 30, 10, 0)
    yield UiContext(database=database, cases=CaseService(database, now=lambda: now), hub=ChangeHub(),
                    user="admin", now=lambda: now)
    wait_for_background_work()
    database.dispose()


def test_district_saved_and_bad_code_refused(qtbot, ctx):
    """A code with a space is refused in one line; a good name and code are stored."""
    tab = DistrictTab(ctx)
    qtbot.addWidget(tab)
    tab.form.name_edit.setText("朝阳区")
    tab.form.code_edit.setText("11 0105")
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.form.status.text().startswith("✖"), timeout=10_000)
    assert "不正确" in tab.form.status.text() and get_district(ctx.database) is None
    tab.form.code_edit.setText("110105")
    with qtbot.waitSignal(tab.form.saved, timeout=10_000):
        tab.save_button.click()
    assert get_district(ctx.database).name == "朝阳区"
