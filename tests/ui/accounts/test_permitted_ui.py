"""What each role is offered: pages by pane.* permissions, case actions by case.* permissions,
settings tabs by config.edit and accounts.manage, the people ledger's reveal and transfers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.cases.drafts import CaseDraft
from app.cases.states import CaseStatus
from tests.conftest import local
from tests.ui.accounts.conftest import settle
from ui.assembly import build_main_window
from ui.cases.detail_page import CaseDetailPage
from ui.main_window import MainWindow
from ui.settings.settings_dialog import SettingsDialog


@pytest.fixture
def ini(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def registered_case(service) -> str:
    draft = CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾堆放", title="路边垃圾",
                      reported_at=local(2025, 9, 30, 10, 0), status=CaseStatus.REGISTERED)
    return service.create(draft, actor="grid1").case_no


def detail_page(qtbot, ctx, ini, case_no: str) -> CaseDetailPage:
    window = MainWindow(ctx, ini)
    qtbot.addWidget(window)
    window.add_page("queue", QWidget, "案件队列", "mdi6.format-list-bulleted")
    window.add_page("case", lambda: CaseDetailPage(ctx, window))
    window.show()
    window.open_case(case_no)
    page = window.pages["case"]
    qtbot.waitUntil(lambda: page.loaded is not None)
    settle()
    return page


def test_viewer_gets_no_pages_beyond_its_panes(qtbot, account_of, ctx_for, ini):
    window = build_main_window(ctx_for(account_of("guest", "viewer")), ini)
    qtbot.addWidget(window)
    assert set(window.pages) == {"queue", "dispatch", "map", "reports", "case", "dispute"}
    window.watcher.stop()


def test_viewer_is_offered_no_case_action_and_a_dispatcher_is(qtbot, service, account_of, ctx_for, ini):
    case_no = registered_case(service)
    viewer = detail_page(qtbot, ctx_for(account_of("guest", "viewer")), ini, case_no)
    assert viewer.action_buttons == {} and viewer.no_actions.isVisibleTo(viewer)
    assert viewer.no_actions.text() == "您的角色不能对本案执行当前可做的操作"
    assert not viewer.add_files_button.isVisibleTo(viewer) and not viewer.dispute_button.isVisibleTo(viewer)
    dispatcher = detail_page(qtbot, ctx_for(account_of("disp", "dispatcher")), ini, case_no)
    offered = {action.value for action in dispatcher.action_buttons}
    assert "dispatch" in offered and "void" not in offered  # voiding is the shift leader's
    assert dispatcher.add_files_button.isVisibleTo(dispatcher)


def test_settings_tabs_follow_the_role(qtbot, admin, account_of, ctx_for, ini):
    def tabs(principal) -> list[str]:
        dialog = SettingsDialog(ctx_for(principal), ini)
        qtbot.addWidget(dialog)
        return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]

    assert tabs(account_of("guest", "viewer")) == ["数据库", "界面语言", "大屏"]
    assert "账户" not in tabs(account_of("disp", "dispatcher"))
    on_file = ["同步"] if ctx_for(admin).database.kind == "sqlite" else []  # a file may become a replica
    assert tabs(admin) == ["数据库", "工作日历", "界面语言", "地图", "考核权重", "辖区", "备份", *on_file, "大屏", "账户",
                           "角色权限"]


def test_people_ledger_hides_reveal_and_transfers_without_permission(qtbot, account_of, ctx_for):
    from tests.ui.people.conftest import FakeWindow
    from ui.people.people_page import PeoplePage
    for login, role, shown in (("clerk", "ledger_clerk", {"import", "export", "add"}), ("disp", "dispatcher", set())):
        page = PeoplePage(ctx_for(account_of(login, role)), FakeWindow())
        qtbot.addWidget(page)
        visible = {key for key in ("import", "export", "add") if page.buttons[key].isVisibleTo(page)}
        assert visible == shown
        assert not page.card.reveal_button.isVisibleTo(page)  # neither role may reveal by default
        settle()


def test_links_to_a_page_the_account_lacks_do_nothing(qtbot, account_of, ctx_for, ini):
    window = build_main_window(ctx_for(account_of("clerk", "ledger_clerk")), ini)
    qtbot.addWidget(window)
    assert "queue" not in window.pages and "docket" not in window.pages
    window.show_page("queue")  # the map's 查看案件队列
    window.open_person_disputes(None, "张三")
    window.register_dispute_from_case("SJ1")
    assert window.current_page() == ""
    window.watcher.stop()
