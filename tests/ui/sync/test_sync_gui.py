"""The desktop on a replica, against the real PostgreSQL server and a real replica file: the
status bar's indicator after a sync, the banner and red indicator while the server is down,
another desk's change arriving through the server's NOTIFY, the conflicts view settling a real
conflict, and the settings tab refusing to turn a file with data into a replica."""

from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtCore import QSettings

from app.cases.service import CaseService
from app.sync import state
from app.sync.conflicts import ConflictService
from db.engine import Database
from db.urls import parse_database_url
from tests.conftest import local
from tests.sync_world import server_url  # noqa: F401 - the module's server (a fixture)
from tests.sync_world import (
    CLOSED_URL, description, make_replica, new_case, sync, update_conflict,
)
from ui.assembly import build_main_window
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.sync.settings_tab import SyncTab
from ui.sync.sync_page import ConflictsView
from ui.workers import wait_for_background_work

pytestmark = pytest.mark.pg


@pytest.fixture
def server(server_url):
    database = Database(server_url)
    yield database
    database.dispose()


@pytest.fixture
def replica(server_url, sqlite_template, tmp_path):
    database = make_replica(sqlite_template, tmp_path, server_url)
    yield database
    wait_for_background_work()
    database.dispose()


def context(database: Database) -> UiContext:
    return UiContext(database=database, cases=CaseService(database), hub=ChangeHub(), user="desk-a",
                     now=lambda: local(2026, 12, 7, 10, 0))


@pytest.fixture
def open_window(qtbot, tmp_path):
    windows = []

    def make(database):
        window = build_main_window(context(database), QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    wait_for_background_work()


def test_the_indicator_says_when_the_replica_last_synced(qtbot, open_window, replica):
    window = open_window(replica)
    qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("已同步"), timeout=10_000)
    assert re.fullmatch(r"已同步 \d\d:\d\d · 待推送 0", window.sync_indicator.text())
    assert not window.banner.isVisible() and window.sync_indicator.property("offline") is False
    assert "离线同步" in [window.nav.item(r).text() for r in range(window.nav.count())]
    window.sync_indicator.click()
    assert window.current_page() == "sync" and window.pages["sync"].tabs.currentIndex() == 1


def test_offline_the_banner_shows_and_the_indicator_turns_red(qtbot, open_window, replica):
    with replica.write() as session:
        state.save_server(session, parse_database_url(CLOSED_URL))
    window = open_window(replica)
    window.show()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert window.banner.text().startswith("服务器暂时无法连接：本机正在离线副本上工作")
    assert window.sync_indicator.property("offline") is True
    assert window.sync_indicator.text().startswith("离线 · 待推送 0")
    new_case(replica, "离线时登记的案件")
    window.ctx.hub.notify_local()
    qtbot.waitUntil(lambda: "待推送 0" not in window.sync_indicator.text(), timeout=10_000)
    assert window.sync_indicator.text().startswith("离线 · 待推送")


def test_another_desks_change_arrives_through_the_servers_notify(qtbot, open_window, replica, server):
    window = open_window(replica)
    qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("已同步"), timeout=10_000)
    qtbot.wait(500)  # the server's listener is up
    case_no = new_case(server, "另一工作站登记的案件")
    qtbot.waitUntil(lambda: description(replica, case_no) == "另一工作站登记的案件", timeout=5_000)


@pytest.mark.parametrize("choice, kept", [("local", "本机写的描述"), ("server", "中心写的描述")])
def test_the_conflicts_view_settles_a_conflict(qtbot, replica, server, choice, kept):
    case_no = update_conflict(server, replica)
    view = ConflictsView(context(replica))
    qtbot.addWidget(view)
    view.load()
    qtbot.waitUntil(lambda: view.list.rowCount() >= 1, timeout=5_000)
    [row] = [r for r in range(view.list.rowCount()) if view.list.item(r, 1).text() == case_no]
    view.list.selectRow(row)
    assert [view.list.item(row, c).text() for c in range(3)] == ["修改冲突", case_no, "案件"]
    assert [view.fields.item(0, c).text() for c in range(4)] == ["事件描述", "原来的描述", "本机写的描述", "中心写的描述"]
    (view.local_button if choice == "local" else view.server_button).click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✔"), timeout=5_000)
    qtbot.waitUntil(lambda: case_no not in [view.list.item(r, 1).text() for r in range(view.list.rowCount())],
                    timeout=5_000)
    assert description(replica, case_no) == kept
    [settled] = [v for v in ConflictService(replica).list(open_only=False) if v.record == case_no]
    assert settled.resolution == choice and settled.resolved_by == "desk-a"
    sync(replica)
    assert description(server, case_no) == kept


def test_the_settings_tab_refuses_a_file_with_data(qtbot, sqlite_template, tmp_path):
    shutil.copy(sqlite_template, tmp_path / "local.db")
    database = Database(f"sqlite:///{tmp_path / 'local.db'}")
    new_case(database)
    tab = SyncTab(context(database))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: "已有业务数据" in tab.refusal.text(), timeout=5_000)
    assert not tab.init_button.isEnabled() and not tab.init_box.isHidden() and tab.replica_box.isHidden()
    wait_for_background_work()
    database.dispose()


def test_the_settings_tab_shows_a_replicas_status(qtbot, replica):
    sync(replica)
    tab = SyncTab(context(replica))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: "本机工作站：R" in tab.status_label.text(), timeout=5_000)
    assert "待推送修改：0" in tab.status_label.text() and tab.interval.value() == 60


def test_the_settings_tab_makes_a_new_file_a_replica(qtbot, server_url, sqlite_template, tmp_path):
    shutil.copy(sqlite_template, tmp_path / "new.db")
    database = Database(f"sqlite:///{tmp_path / 'new.db'}")
    tab = SyncTab(context(database))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.init_box.isHidden(), timeout=5_000)
    assert tab.init_button.isEnabled()
    tab.url_edit.setText(server_url)
    tab.init_button.click()
    qtbot.waitUntil(lambda: tab.refusal.text().startswith("✔ 已设为离线副本"), timeout=30_000)
    assert state.is_replica(database)
    wait_for_background_work()
    database.dispose()


def test_the_interval_is_saved_in_the_replica(qtbot, replica):
    tab = SyncTab(context(replica))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.replica_box.isHidden(), timeout=5_000)
    tab.interval.setValue(120)
    tab.save_interval.click()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✔"), timeout=5_000)
    assert state.sync_status(replica).interval_s == 120


def test_merging_writes_the_typed_value(qtbot, replica, server, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from ui.sync import sync_page
    from ui.sync.merge_dialog import MergeDialog
    case_no = update_conflict(server, replica)
    offered = {}

    class Typed(MergeDialog):
        def exec(self):
            offered.update({column: edit.text() for column, edit in self.edits.items()})
            self.edits["description"].setText("合并后的描述")
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(sync_page, "MergeDialog", Typed)
    view = ConflictsView(context(replica))
    qtbot.addWidget(view)
    view.load()
    qtbot.waitUntil(lambda: view.list.rowCount() >= 1, timeout=5_000)
    view.list.selectRow([r for r in range(view.list.rowCount()) if view.list.item(r, 1).text() == case_no][0])
    view.merge_button.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✔"), timeout=5_000)
    assert offered == {"description": "本机写的描述"} and description(replica, case_no) == "合并后的描述"


def test_on_the_server_the_sync_page_is_for_those_who_settle_conflicts(qtbot, tmp_path, server, replica):
    """A server with desks shows 离线同步 to an account holding sync.resolve, not to a viewer."""
    from dataclasses import replace

    from app.accounts.principal import SYSTEM

    viewer = replace(SYSTEM, login="guest", role="viewer", permissions=SYSTEM.permissions - {"sync.resolve"})
    for principal, shown in ((SYSTEM, True), (viewer, False)):
        ctx = UiContext(database=server, cases=CaseService(server).acting_for(principal), hub=ChangeHub(),
                        user=principal.login, now=lambda: local(2026, 12, 7, 10, 0), principal=principal)
        window = build_main_window(ctx, QSettings(str(tmp_path / f"{principal.login}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        assert ("sync" in window.pages) is shown
        window.close()
    wait_for_background_work()
