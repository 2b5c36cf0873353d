"""The intake form driven as a user would: searching, checking, drafts that survive a crash, saving."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

import ui.cases.intake_page as intake_module
from app.cases.attachments import list_attachments
from app.cases.draft_store import DraftStore
from app.cases.errors import CaseError
from db.schema import Region
from tests.conftest import local
from ui.cases.detail_page import CaseDetailPage
from ui.cases.intake_page import IntakePage
from ui.main_window import MainWindow
from ui.widgets.sample_images import painted_photo
from ui.workers import wait_for_background_work

GARBAGE = ["0101 暴露垃圾", "0102 积存垃圾渣土", "0104 垃圾满溢", "0105 焚烧垃圾"]


@pytest.fixture
def grids(service):
    """One community with two grids."""
    with service.database.write() as session:
        community = Region(code="370299001001", name="海棠社区", level="community")
        session.add(community)
        session.flush()
        session.add_all([
            Region(code="370299001001001", name="海棠社区第01网格", level="grid", parent_id=community.id),
            Region(code="370299001001002", name="海棠社区第02网格", level="grid", parent_id=community.id),
        ])


@pytest.fixture
def drafts(tmp_path):
    """Drafts in the test's own folder."""
    return DraftStore(tmp_path / "drafts")


@pytest.fixture
def fast_autosave(monkeypatch):
    """Autosave 50 ms after an edit instead of seconds."""
    monkeypatch.setattr(intake_module, "AUTOSAVE_DELAY_MS", 50)


@pytest.fixture
def open_window(qtbot, ui_ctx, drafts, tmp_path, grids):
    """Build a main window with the intake and detail pages, the intake page shown and loaded."""
    windows = []

    def _open(show: bool = True) -> MainWindow:
        window = MainWindow(ui_ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        windows.append(window)
        intake = IntakePage(ui_ctx, window, drafts=drafts)
        window.add_page("intake", lambda: intake, "受理登记", "mdi6.file-document-edit-outline")
        window.add_page("case", lambda: CaseDetailPage(ui_ctx, window))
        window.show_page("intake")
        window.resize(1600, 900)
        if show:
            window.show()
        qtbot.waitUntil(lambda: intake.choices is not None)
        return window

    yield _open
    settle()
    for window in windows:
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()
    windows.clear()


def settle() -> None:
    """Let background work finish and its results arrive."""
    for _ in range(3):
        wait_for_background_work()
        QApplication.processEvents()


def type_text(widget, text: str) -> None:
    """Type Chinese or ASCII text as an input method commits it (QTest cannot type CJK keys)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose(qtbot, combo, query: str) -> None:
    """Type into a searchable combo and leave the field, as a user picks a unique match."""
    combo.lineEdit().clear()
    type_text(combo.lineEdit(), query)
    combo._completer.popup().hide()
    combo.lineEdit().editingFinished.emit()


def fill_form(qtbot, page: IntakePage, phone: str = "13800138000") -> None:
    """Fill every field of the form the way a dispatcher types."""
    page.source.setCurrentText("12345热线")
    choose(qtbot, page.category, "暴露垃圾")
    qtbot.mouseClick(page.urgency.buttons["紧急"], Qt.MouseButton.LeftButton)
    type_text(page.title, "东门垃圾堆放")
    type_text(page.description, "小区东门外垃圾堆放三天无人清运")
    type_text(page.address, "幸福路18号")
    choose(qtbot, page.grid, "第02网格")
    type_text(page.reporter_name, "王丽")
    qtbot.keyClicks(page.reporter_phone, phone)


def test_category_search_offers_matching_categories(open_window):
    """Typing 垃圾 offers exactly the rubbish categories; pinyin initials find them too."""
    page = open_window().pages["intake"]
    assert page.category.matching_labels("垃圾") == GARBAGE
    assert page.category.matching_labels("ljmy") == ["0104 垃圾满溢"]


def test_register_through_form_creates_registered_case(qtbot, open_window, ui_ctx, drafts, clock, tmp_path):
    """直接立案 stores the typed case as registered with its photo, opens it and drops the draft."""
    window = open_window()
    page = window.pages["intake"]
    photo = tmp_path / "现场.png"
    photo.write_bytes(painted_photo("现场", "#7fa7cf", "#c9d6df", 640, 480))
    page.attachments.add_paths([str(photo)])
    qtbot.waitUntil(lambda: len(page.strip.tiles) == 1)
    fill_form(qtbot, page)
    qtbot.mouseClick(page.save_registered, Qt.MouseButton.LeftButton)
    detail = window.pages["case"]
    qtbot.waitUntil(lambda: detail.loaded is not None)

    [case] = ui_ctx.cases.list()
    assert (case.status, case.source, case.category, case.urgency, case.title, case.address, case.grid_code) == (
        "registered", "12345热线", "暴露垃圾", "紧急", "东门垃圾堆放", "幸福路18号", "370299001001002")
    assert case.reported_at == clock()
    full = ui_ctx.cases.get(case.case_no)
    assert (full.description, full.reporter_name, full.reporter_phone) == (
        "小区东门外垃圾堆放三天无人清运", "王丽", "13800138000")
    assert [(e.action, e.actor) for e in full.events] == [("report", "tester"), ("register", "tester")]
    [stored] = list_attachments(ui_ctx.cases, case.case_no)
    assert (stored.file_name, stored.size, stored.added_by) == ("现场.png", photo.stat().st_size, "tester")
    assert window.current_page() == "case"
    assert detail.loaded.detail.case.case_no == case.case_no
    assert detail.notice.text() == f"案件 {case.case_no} 已登记为“待派遣”"
    assert drafts.load("intake") is None
    assert page.title.text() == "" and page.category.current_key() is None and page.strip.tiles == []


def test_save_as_reported_keeps_status_reported(qtbot, open_window, ui_ctx):
    """保存为待核实 stores the case as reported with only its report event."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page)
    qtbot.mouseClick(page.save_reported, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui_ctx.cases.count() == 1)
    settle()
    [case] = ui_ctx.cases.list()
    assert case.status == "reported"
    assert [e.action for e in ui_ctx.cases.get(case.case_no).events] == ["report"]


@pytest.mark.parametrize("typed, message", [
    ("1380013800", "联系电话：手机号码应为11位数字，现在是10位"),
    ("12800138000", "联系电话：手机号码的第二位应为3～9，“12800138000”不是有效的手机号码"),
    ("88886666", "联系电话：固定电话缺少区号，应写成“区号-号码”，如 0532-88886666"),
    ("138a0013800", "联系电话：只能填写数字（可带空格、短横线、括号），“a”不是数字"),
])
def test_phone_validation_shows_message_and_blocks_save(qtbot, open_window, ui_ctx, typed, message):
    """A wrong phone shows what is wrong under the field, and saving writes nothing."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page, phone=typed)
    page.reporter_phone.editingFinished.emit()
    error = page.errors["reporter_phone"]
    assert error.isVisible() and error.text() == message
    assert page.reporter_phone.property("invalid") is True
    assert page.save(intake_module.CaseStatus.REGISTERED) is False
    settle()
    assert ui_ctx.cases.count() == 0
    assert page.notice.text() == "请先修正 1 处问题：" + message
    assert page.description.toPlainText() == "小区东门外垃圾堆放三天无人清运"


def test_phone_error_clears_when_corrected(qtbot, open_window):
    """Fixing the phone removes the message as soon as it is right; landlines and blanks pass."""
    page = open_window().pages["intake"]
    qtbot.keyClicks(page.reporter_phone, "0532-8888")
    page.reporter_phone.editingFinished.emit()
    assert page.errors["reporter_phone"].isVisible()
    qtbot.keyClicks(page.reporter_phone, "6666")
    assert not page.errors["reporter_phone"].isVisible()
    assert page.reporter_phone.property("invalid") is False
    page.reporter_phone.clear()
    assert page.check_phone() is True


def test_missing_category_and_description_are_named(qtbot, open_window, ui_ctx):
    """A blank form names the category and the description as missing, in form order."""
    page = open_window().pages["intake"]
    assert page.save(intake_module.CaseStatus.REPORTED) is False
    assert page.errors["category"].text() == "事件类别：未选择，可输入“垃圾”等关键字搜索后选择"
    assert page.errors["description"].text() == "事件描述：必须填写"
    assert page.notice.text().startswith("请先修正 2 处问题：事件类别：")
    settle()
    assert ui_ctx.cases.count() == 0


def test_future_reported_time_is_refused(qtbot, open_window, clock):
    """A reported time an hour ahead of now is refused under the time field."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page)
    page.reported_at.setDateTime(page.reported_at.dateTime().addSecs(3600))
    assert page.save(intake_module.CaseStatus.REPORTED) is False
    assert page.errors["reported_at"].text() == "上报时间：不能晚于当前时间"


def test_draft_survives_crash_and_is_removed_after_save(qtbot, open_window, ui_ctx, drafts, fast_autosave,
                                                        tmp_path):
    """An autosaved draft comes back in a new page after the old one died, then goes once saved."""
    page = IntakePage(ui_ctx, None, drafts=drafts)
    page.resize(1400, 800)
    page.show()
    qtbot.waitUntil(lambda: page.choices is not None)
    photo = tmp_path / "照片.png"
    photo.write_bytes(painted_photo("照片", "#a3b8c8", "#d8d2c4", 320, 240))
    page.attachments.add_paths([str(photo)])
    qtbot.waitUntil(lambda: len(page.strip.tiles) == 1)
    fill_form(qtbot, page)
    qtbot.mouseClick(page.anonymous, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: drafts.load("intake") is not None and drafts.load("intake").fields["anonymous"] is True)
    saved = drafts.load("intake").fields
    assert saved["attachments"] == [str(photo)]

    page.draft.enabled = False  # a crash runs no close handlers: only the autosaved file is left
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(page)
    assert drafts.load("intake").fields == saved
    again = open_window().pages["intake"]
    qtbot.waitUntil(lambda: len(again.strip.tiles) == 1)
    assert again.notice.text() == "已恢复上次未提交的草稿（保存于 09-30 10:00）"
    assert again.fields() == saved
    assert (again.category.currentText(), again.grid.currentText(), again.urgency.value()) == (
        "0101 暴露垃圾", "海棠社区第02网格", "紧急")
    assert again.anonymous.isChecked()

    qtbot.mouseClick(again.save_registered, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui_ctx.cases.count() == 1)
    settle()
    assert drafts.load("intake") is None
    assert not (tmp_path / "drafts" / "intake.json").exists()
    [case] = ui_ctx.cases.list()
    assert ui_ctx.cases.get(case.case_no).reporter_phone == "13800138000"


def test_save_error_keeps_typed_data_and_draft(qtbot, open_window, ui_ctx, drafts, monkeypatch):
    """A service error is shown above the buttons; the form and the draft stay as typed."""
    window = open_window()
    page = window.pages["intake"]
    fill_form(qtbot, page)

    def refuse(draft, actor):
        raise CaseError("类别“暴露垃圾”没有配置紧急时限")

    monkeypatch.setattr(ui_ctx.cases, "create", refuse)
    qtbot.mouseClick(page.save_registered, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.saving)
    assert page.notice.text() == "类别“暴露垃圾”没有配置紧急时限（已填写的内容仍在，可修改后重试）"
    assert page.notice.kind == "error"
    assert (page.title.text(), page.reporter_phone.text(), page.category.current_key()) == (
        "东门垃圾堆放", "13800138000", "0101")
    assert drafts.load("intake").fields["title"] == "东门垃圾堆放"
    assert window.current_page() == "intake"
    assert page.save_registered.isEnabled()


def test_discard_clears_form_and_draft(qtbot, open_window, drafts, fast_autosave):
    """清空表单 empties every field and deletes the draft."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page)
    qtbot.waitUntil(lambda: drafts.load("intake") is not None)
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.is_empty()
    assert drafts.load("intake") is None


def test_reported_time_defaults_to_now_until_changed(qtbot, open_window, clock):
    """The time shown is now, follows the clock while untouched, and a typed time is kept."""
    page = open_window().pages["intake"]
    assert page.reported_at.dateTime().toString("yyyy-MM-dd HH:mm") == "2025-09-30 10:00"
    clock.set(local(2025, 9, 30, 10, 20))
    page.activate()
    assert page.reported_at.dateTime().toString("yyyy-MM-dd HH:mm") == "2025-09-30 10:20"
    page.reported_at.setDateTime(page.reported_at.dateTime().addSecs(-3600))
    assert page.fields()["reported_at"] == "2025-09-30T09:20:00+08:00"


def test_prepare_screenshot_fills_sample_without_writing_draft(qtbot, open_window, drafts):
    """The screenshot sample fills the form and two photos but leaves the drafts folder alone."""
    page = open_window().pages["intake"]
    assert page.prepare_screenshot() is True
    assert page.category.current_key() == "0101"
    assert len(page.strip.tiles) == 2
    page.save_draft_now()
    assert drafts.load("intake") is None


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("title", "标" * 250, "标题：最多200个字，现在有250个字"),
    ("address", "址" * 301, "地址：最多300个字，现在有301个字"),
    ("description", "垃圾\x00堆放", "事件描述：含有不可见的空字符（NUL），请删除后重试"),
])
def test_form_refuses_what_every_case_refuses(qtbot, open_window, ui_ctx, field, typed, message):
    """The form applies clean_case_draft's rules: the same words as the import and the service."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page)
    getattr(page, field).clear()
    type_text(getattr(page, field), typed)
    assert page.save(intake_module.CaseStatus.REPORTED) is False
    assert page.errors[field].text() == message
    settle()
    assert ui_ctx.cases.count() == 0


def test_report_before_1900_is_refused(qtbot, open_window, ui_ctx):
    """A reported time in 1899 is refused under the time field, as the import refuses it."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page)
    page.reported_at.setDateTime(page.reported_at.dateTime().addYears(1899 - 2025))
    assert page.save(intake_module.CaseStatus.REPORTED) is False
    assert page.errors["reported_at"].text() == "上报时间：1899-09-30早于1900年，不是有效的上报时间"


def test_point_outside_china_is_named_in_the_notice(qtbot, open_window, ui_ctx):
    """A swapped point (it has no field error of its own) is named in the notice and nothing is saved."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page)
    page.point.set_point(35.96, 120.18)
    assert page.save(intake_module.CaseStatus.REPORTED) is False
    assert page.notice.text() == "请先修正 1 处问题：坐标：疑似与纬度填反（经度35.96，纬度120.18）"
    settle()
    assert ui_ctx.cases.count() == 0


def test_form_stores_the_cleaned_phone_and_derived_title(qtbot, open_window, ui_ctx):
    """A phone with spaces is stored as digits, and a blank title comes from the description."""
    page = open_window().pages["intake"]
    fill_form(qtbot, page, phone="138 0013 8000")
    page.title.clear()
    qtbot.mouseClick(page.save_reported, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui_ctx.cases.count() == 1)
    settle()
    [case] = ui_ctx.cases.list()
    assert (case.title, ui_ctx.cases.get(case.case_no).reporter_phone) == ("小区东门外垃圾堆放三天无人清运", "13800138000")
