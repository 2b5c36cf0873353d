"""The main window as the dispatcher meets it: navigation, pages, status bar, banner, layout
that survives a restart, and the screenshot option."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage

from app.cases.drafts import CaseDraft
from tests.conftest import local
from ui.accounts.screens import SETTINGS_SIZE
from ui.assembly import build_main_window
from ui.screenshots import render_screenshots
from ui.workers import wait_for_background_work


@pytest.fixture
def settings(tmp_path):
    """QSettings in a file of the test's own, so nothing leaks between tests or to the user."""
    return QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, ui_ctx, settings):
    """Build (and register) a main window on the test database; close each at the end."""
    windows = []

    def make():
        window = build_main_window(ui_ctx, settings)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    wait_for_background_work()


def nav_titles(window) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_navigation_lists_the_working_pages_and_every_entry_opens_its_page(make_window):
    window = make_window()
    titles = nav_titles(window)
    assert titles[:2] == ["案件队列", "调度台"]
    assert {"受理登记", "人口台账", "一张图"} <= set(titles)
    assert all(title.strip() for title in titles)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        key = window.nav.item(row).data(0x0100)
        assert window.stack.currentWidget() is window.pages[key]
        assert window.current_page() == key


def test_pages_are_built_when_first_shown_and_the_dispatcher_view_soon_after_start(qtbot, make_window):
    """Only the page in front is built at start (a fast first paint); asking whether a page
    exists builds nothing; the dispatcher view, which sweeps and alerts, follows unasked."""
    window = make_window()
    window.restore_layout()
    assert list(window.pages.built()) == ["queue"]
    assert "map" in window.pages and "people" in window.pages
    assert "reports" in window.pages and "wall" not in window.pages
    assert list(window.pages.built()) == ["queue"]
    window.show()
    qtbot.waitUntil(lambda: "dispatch" in window.pages.built(), timeout=5000)
    assert window.current_page() == "queue"
    assert set(window.pages.built()) == {"queue", "dispatch"}
    window.show_page("intake")
    assert window.stack.currentWidget() is window.pages.built()["intake"]


def test_open_case_shows_the_detail_page_without_a_navigation_entry(qtbot, make_window, service, clock):
    case = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                    reported_at=local(2025, 9, 30, 9, 0)), actor="grid1")
    window = make_window()
    window.open_case(case.case_no)
    assert window.current_page() == "case"
    assert "case" not in [window.nav.item(r).data(0x0100) for r in range(window.nav.count())]
    detail = window.pages["case"]
    qtbot.waitUntil(lambda: detail.description.text() == "路边垃圾", timeout=5000)
    assert detail.title.text() == f"案件 {case.case_no}"


def test_status_bar_shows_database_connection_user_and_clock(make_window, ui_ctx, clock):
    window = make_window()
    status = window.status
    assert status.database.text() == "数据库：" + ui_ctx.database.describe()
    assert status.connection.text() == "● 已连接"
    assert status.user.text() == "当前用户：tester"
    assert status.clock.text() == "2025-09-30 星期二 10:00:00"


def test_losing_the_server_shows_the_banner_and_the_status_and_recovery_hides_them(make_window, ui_ctx):
    window = make_window()
    window.show()
    ui_ctx.hub.set_connected(False, "连接被拒绝")
    assert window.banner.isVisible()
    assert "连接被拒绝" in window.banner.text()
    assert window.status.connection.text() == "● 连接中断"
    ui_ctx.hub.set_connected(True)
    assert not window.banner.isVisible()
    assert window.status.connection.text() == "● 已连接"


def test_geometry_page_and_column_widths_survive_a_restart(make_window, settings):
    first = make_window()
    first.showMaximized()
    first.show_page("dispatch")
    header = first.pages["queue"].table.horizontalHeader()
    header.resizeSection(0, 233)
    first.close()
    settings.sync()

    second = make_window()
    second.restore_layout()
    assert second.current_page() == "dispatch"
    assert second.pages["queue"].table.horizontalHeader().sectionSize(0) == 233
    assert second.windowState() & Qt.WindowState.WindowMaximized


def test_screenshots_render_every_page_at_full_hd(make_window, service, tmp_path):
    service.create(CaseDraft(source="12345热线", category="路灯不亮", description="路灯不亮",
                             reported_at=local(2025, 9, 30, 9, 0)), actor="grid1")
    window = make_window()
    written = render_screenshots(window, str(tmp_path / "shots"))
    names = {path.name for path in written}
    assert {"queue.png", "dispatch.png", "case.png", "reports.png", "wall.png", "wall_1080.png"} <= names
    assert {"login.png", "accounts.png", "roles.png"} <= names  # the account screens, at their dialogs' sizes
    dialogs = {"accounts.png": SETTINGS_SIZE, "roles.png": SETTINGS_SIZE, "sync_settings.png": SETTINGS_SIZE}
    for path in written:
        image = QImage(str(path))
        if path.name == "login.png":
            assert not image.isNull() and image.width() >= 400
            continue
        expected = (3840, 2160) if path.name == "wall.png" else dialogs.get(path.name, (1920, 1080))
        assert (image.width(), image.height()) == expected, path.name
