"""The case detail page on a real database: facts, timeline, the allowed actions and their dialogs,
conflicts with another workstation, attachments and going back.

Cases are exposed rubbish (暴露垃圾, 4工作时, suggested department 区城市管理局) reported on
Tuesday 2025-09-30 at 10:00 unless said otherwise.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.cases.attachments import list_attachments
from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.cases.states import Action, CaseStatus
from db.engine import Database
from tests.conftest import local
from ui.cases.detail_page import CaseDetailPage
from ui.main_window import MainWindow
from ui.widgets.sample_images import painted_photo
from ui.widgets.thumbnails import load_image
from ui.workers import wait_for_background_work

CITY = "区城市管理局"


@pytest.fixture
def open_window(qtbot, ui_ctx, tmp_path):
    """A main window with a stand-in queue page and the detail page; returns the detail page."""
    windows = []

    def _open() -> CaseDetailPage:
        window = MainWindow(ui_ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        windows.append(window)
        window.add_page("queue", QWidget, "案件队列", "mdi6.format-list-bulleted")
        window.add_page("case", lambda: CaseDetailPage(ui_ctx, window))
        window.show_page("queue")
        window.resize(1600, 900)
        window.show()
        return window.pages["case"]

    yield _open
    settle()
    windows.clear()


@pytest.fixture
def other_service(database, clock):
    """The case service of a second workstation on the same database."""
    other = Database(database.url)
    yield CaseService(other, now=clock, workstation="ws2")
    other.dispose()


def settle() -> None:
    """Let background work finish and its results arrive."""
    for _ in range(4):
        wait_for_background_work()
        QApplication.processEvents()


def new_case(service, *actions, status=CaseStatus.REPORTED) -> str:
    """An exposed-rubbish case taken through `actions` (a note where one is needed)."""
    draft = CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾堆放", title="路边垃圾",
                      reported_at=local(2025, 9, 30, 10, 0), reporter_name="李雷", reporter_phone="13800138000",
                      address="幸福路18号", status=status)
    case_no = service.create(draft, actor="grid1").case_no
    for action in actions:
        service.act(case_no, action, actor="disp1")
    return case_no


def show(qtbot, page: CaseDetailPage, case_no: str) -> None:
    """Open a case the way the queue does and wait until it is on screen."""
    page.main_window.open_case(case_no)
    qtbot.waitUntil(lambda: page.loaded is not None and page.loaded.detail.case.case_no == case_no)
    settle()


def labels(page: CaseDetailPage) -> list[str]:
    """The action buttons offered, left to right."""
    return [button.text() for button in page.action_buttons.values()]


def test_detail_shows_facts_timeline_and_allowed_actions(qtbot, open_window, service):
    """A case being handled shows its facts, its five events in order and exactly six actions."""
    case_no = new_case(service, "verify", "register", "dispatch", "accept")
    page = open_window()
    show(qtbot, page, case_no)
    assert page.title.text() == f"案件 {case_no}"
    assert (page.light.text(), page.status.text(), page.urgency.text(), page.countdown.text()) == (
        "● 绿灯", "处置中", "一般", "剩4时")
    assert [page.facts.value(k) for k in ("category", "source", "department", "reporter", "phone", "address")] == [
        "0101 暴露垃圾", "网格员上报", CITY, "李雷", "13800138000", "幸福路18号"]
    assert page.limits.value("time_limit") == "4工作时"
    assert page.limits.value("due_at") == "2025-09-30 15:30"
    assert page.heading.text() == "路边垃圾" and page.description.text() == "路边垃圾堆放"
    assert page.timeline.action_labels() == ["上报", "核实", "立案", "派遣", "签收"]
    assert labels(page) == ["反馈", "挂账", "催办", "督办", "上报上级", "延期"]
    assert page.no_cards.isVisible()


def test_closed_case_offers_no_actions(qtbot, open_window, service):
    """A voided case shows a grey badge, no countdown and no action buttons."""
    case_no = new_case(service)
    service.act(case_no, "void", actor="disp1", note="重复上报")
    page = open_window()
    show(qtbot, page, case_no)
    assert labels(page) == []
    assert page.no_actions.isVisible()
    assert (page.light.text(), page.countdown.text()) == ("● 已办结", "")
    assert page.timeline.action_labels() == ["上报", "作废"]


def test_dispatch_dialog_preselects_suggested_department(qtbot, open_window, service):
    """派遣 offers the category's department, and confirming dispatches the case to it."""
    case_no = new_case(service, status=CaseStatus.REGISTERED)
    page = open_window()
    show(qtbot, page, case_no)
    assert labels(page) == ["作废", "派遣", "挂账", "催办", "督办", "上报上级", "延期"]
    qtbot.mouseClick(page.action_buttons[Action.DISPATCH], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.department.currentText() == CITY
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loaded.detail.case.status == "dispatched")
    settle()
    view = service.view(case_no)
    assert (view.status, view.department) == ("dispatched", CITY)
    assert page.status.text() == "待签收"
    assert page.timeline.action_labels()[-1] == "派遣"
    assert page.notice.text() == "已派遣"
    assert labels(page) == ["回退", "签收", "挂账", "催办", "督办", "上报上级", "延期"]


def test_void_without_reason_is_refused_in_dialog(qtbot, open_window, service):
    """作废 with an empty reason keeps the dialog open, says what is missing and writes nothing."""
    case_no = new_case(service)
    page = open_window()
    show(qtbot, page, case_no)
    qtbot.mouseClick(page.action_buttons[Action.VOID], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.note_error.text() == "“作废”必须填写作废原因"
    dialog.reject()
    settle()
    assert len(service.get(case_no).events) == 1
    assert service.view(case_no).version == 1


def test_extend_dialog_checks_the_limit(qtbot, open_window, service):
    """延期 refuses clock units on a working-time case and bad text, then extends by 1工作日."""
    case_no = new_case(service, status=CaseStatus.REGISTERED)
    page = open_window()
    show(qtbot, page, case_no)
    qtbot.mouseClick(page.action_buttons[Action.EXTEND], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.note.setPlainText("需协调多个部门")
    dialog.limit.setText("2天")
    assert dialog.collect() is None
    assert dialog.limit_error.text() == "本案时限按工作时/工作日计算，延期也应使用工作时/工作日"
    dialog.limit.setText("两天")
    assert dialog.collect() is None
    assert dialog.limit_error.text() == "时限“两天”无法识别，应为数字加单位，如 3工作日、4工作时、2小时、30天"
    dialog.limit.setText("1工作日")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.timeline.action_labels()[-1] == "延期")
    settle()
    assert page.limits.value("due_at") == "2025-10-09 15:30"
    assert service.get(case_no).events[-1].note == "需协调多个部门"


def test_conflicting_action_is_refused_and_shows_other_writer_result(qtbot, open_window, service, other_service):
    """When another workstation dispatched first, our dispatch writes nothing and the page shows theirs."""
    case_no = new_case(service, status=CaseStatus.REGISTERED)
    page = open_window()
    show(qtbot, page, case_no)
    other_service.act(case_no, "dispatch", actor="disp2", department="ZFJ")
    theirs = (service.view(case_no).version, [(e.action, e.actor) for e in service.get(case_no).events])

    qtbot.mouseClick(page.action_buttons[Action.DISPATCH], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loaded.detail.case.status == "dispatched")
    settle()
    assert page.notice.text() == f"案件 {case_no} 已被他人修改，现为“待签收”；本次操作未保存，请刷新后重试"
    assert page.notice.kind == "error"
    assert (service.view(case_no).version, [(e.action, e.actor) for e in service.get(case_no).events]) == theirs
    assert service.view(case_no).department == "区综合行政执法局"
    assert page.loaded.detail.case.version == theirs[0]
    assert page.facts.value("department") == "区综合行政执法局"
    assert labels(page) == ["回退", "签收", "挂账", "催办", "督办", "上报上级", "延期"]


def test_page_reloads_when_shown_case_changes_elsewhere(qtbot, open_window, service, other_service, ui_ctx):
    """A change notice for the shown case brings its new state without a click."""
    case_no = new_case(service)
    page = open_window()
    show(qtbot, page, case_no)
    other_service.act(case_no, "verify", actor="disp2")
    ui_ctx.hub.notify_remote()
    qtbot.waitUntil(lambda: page.loaded.detail.case.status == "verified")
    assert page.timeline.action_labels() == ["上报", "核实"]


def test_attachment_is_stored_and_thumbnail_shown(qtbot, open_window, service, tmp_path):
    """An added photo is stored with a thumbnail of at most 240 px, shown as a tile that opens full size."""
    case_no = new_case(service)
    photo = tmp_path / "现场.png"
    photo.write_bytes(painted_photo("现场", "#7fa7cf", "#c9d6df", 480, 360))
    page = open_window()
    show(qtbot, page, case_no)
    assert page.attachments.tiles == []
    page.add_files([str(photo)])
    qtbot.waitUntil(lambda: len(page.attachments.tiles) == 1)
    settle()
    [stored] = list_attachments(service, case_no)
    assert (stored.file_name, stored.mime, stored.size, stored.added_by) == (
        "现场.png", "image/png", photo.stat().st_size, "tester")
    thumb = load_image(stored.thumbnail)
    assert (thumb.width(), thumb.height()) == (240, 180)
    tile = page.attachments.tiles[0]
    assert tile.tile.key == stored.id and not tile.button.icon().isNull()
    assert page.notice.text() == "已添加 1 个附件"
    qtbot.mouseClick(tile.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "viewer", None) is not None and page.viewer.isVisible())
    assert (page.viewer.image.pixmap().width(), page.viewer.windowTitle()) == (480, "现场.png")
    page.viewer.close()


def test_unreadable_attachment_is_refused_with_file_name(qtbot, open_window, service, tmp_path):
    """An empty file is refused by name and nothing is stored."""
    case_no = new_case(service)
    empty = tmp_path / "空.jpg"
    empty.write_bytes(b"")
    page = open_window()
    show(qtbot, page, case_no)
    page.add_files([str(empty)])
    qtbot.waitUntil(lambda: page.notice.kind == "error")
    assert page.notice.text() == "附件“空.jpg”是空文件"
    assert list_attachments(service, case_no) == []


def test_back_returns_to_page_case_was_opened_from(qtbot, open_window, service):
    """返回 goes back to the queue the case was opened from."""
    case_no = new_case(service)
    page = open_window()
    show(qtbot, page, case_no)
    assert page.main_window.current_page() == "case"
    qtbot.mouseClick(page.back, Qt.MouseButton.LeftButton)
    assert page.main_window.current_page() == "queue"


def test_prepare_screenshot_shows_first_red_case(qtbot, open_window, service, clock):
    """For screenshots the page loads the red case, not the newer green one."""
    red = new_case(service)
    clock.set(local(2025, 9, 30, 16, 0))
    green = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="新垃圾",
                                     reported_at=local(2025, 9, 30, 15, 50)), actor="grid1").case_no
    assert service.view(green).light.value == "green"
    page = open_window()
    assert page.prepare_screenshot() is True
    assert page.loaded.detail.case.case_no == red
    assert page.light.text() == "● 红灯"
    assert page.countdown.text() == "超30分"


def test_an_offline_action_set_aside_by_a_merge_is_shown_greyed_with_its_reason(qtbot, open_window, service):
    """A desk's second dispatch, kept in the history but not applied when histories merged, says why."""
    from sqlalchemy import select

    from app.cases.rederive import rederive_case
    from app.cases.service import load_config
    from db.ids import uuid7
    from db.schema import Case, CaseEvent

    case_no = new_case(service, "verify", "register", "dispatch")
    with service.database.write() as session:
        row = session.scalar(select(Case).where(Case.case_no == case_no))
        session.add(CaseEvent(id=uuid7(), case_id=row.id, seq=row.event_count + 1, action="dispatch", actor="desk-b",
                              at=local(2025, 9, 30, 10, 30), from_status="registered", to_status="dispatched",
                              department_id=row.department_id, workstation="R2"))
        session.flush()
        rederive_case(session, row, load_config(session))
    page = open_window()
    show(qtbot, page, case_no)
    last = page.timeline.entries[-1]
    assert page.timeline.action_labels()[-1] == "派遣"
    assert "离线操作合并后未执行" in last.set_aside.text() and "不能执行“派遣”" in last.set_aside.text()
    assert not hasattr(page.timeline.entries[-2], "set_aside")
