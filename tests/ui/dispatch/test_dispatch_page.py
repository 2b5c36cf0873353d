"""The dispatcher view driven as a user would, on a real database and an injected clock.

Cases used (Tuesday 2025-09-30, exposed rubbish 暴露垃圾):
- 一般 reported 10:00, 4工作时: yellow 14:42, red 15:30;
- 紧急 reported 10:00, 2小时: yellow 11:36, red 12:00;
- 特急 reported 09:30, 1小时: yellow 10:18, red 10:30.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from app.cases.cards import awaiting_reply, get_card
from app.cases.drafts import CaseDraft
from app.cases.lights import Light
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.dispatch.alerts import MuteButton
from ui.dispatch.dispatch_page import DispatchPage
from ui.workers import wait_for_background_work
from tests.conftest import local

ORDINARY = dict(urgency="一般", reported_at=local(2025, 9, 30, 10, 0))
URGENT = dict(urgency="紧急", reported_at=local(2025, 9, 30, 10, 0))
EXTREME = dict(urgency="特急", reported_at=local(2025, 9, 30, 9, 30))
CITY = "区城市管理局"


class FakeWindow:
    """What the page needs of the main window: settings and `open_case`."""

    def __init__(self, settings: QSettings):
        self.settings = settings
        self.opened: list[str] = []

    def open_case(self, case_no: str) -> None:
        self.opened.append(case_no)


@pytest.fixture
def dispatch_ctx(service, clock):
    """A UiContext on the test database, at the test clock."""
    return UiContext(database=service.database, cases=service, hub=ChangeHub(), user="disp1", now=clock)


@pytest.fixture
def window(tmp_path):
    return FakeWindow(QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def open_page(qtbot, dispatch_ctx, window):
    """Build the page (it sweeps and loads at once) and wait until it has settled."""
    pages = []

    def _open() -> DispatchPage:
        page = DispatchPage(dispatch_ctx, window)
        qtbot.addWidget(page)
        page.resize(1600, 900)
        pages.append(page)
        settle(qtbot, page)
        return page

    yield _open
    for page in pages:
        page.tick_timer.stop()
        page.sweep_timer.stop()
        settle(qtbot, page)


def settle(qtbot, page: DispatchPage) -> None:
    """Wait until every background read, sweep, dispatch and reply has reached the page."""
    def idle() -> bool:
        wait_for_background_work()
        QApplication.processEvents()
        return page.idle

    qtbot.waitUntil(idle, timeout=15_000)


def report(service, **draft) -> str:
    return service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾", **draft),
                          actor="grid1").case_no


def bring(service, case_no: str, *actions: str) -> None:
    for action in actions:
        service.act(case_no, action, actor="disp1")


def dispatched(service, **draft) -> str:
    case_no = report(service, **draft)
    bring(service, case_no, "verify", "register", "dispatch")
    return case_no


def counts(page: DispatchPage) -> tuple[int, int, int]:
    shown = page.columns.counts()
    headers = tuple(int(page.columns.columns[light].count.text()) for light in (Light.RED, Light.YELLOW, Light.GREEN))
    assert headers == (shown[Light.RED], shown[Light.YELLOW], shown[Light.GREEN])
    return headers


def at(page: DispatchPage, clock, moment) -> None:
    clock.set(moment)
    page.tick()


def test_columns_count_cases_at_injected_instants(open_page, service, clock):
    """Column headers count the cases of each light, and change with the clock on each tick."""
    for draft in (ORDINARY, URGENT, EXTREME):
        dispatched(service, **draft)
    page = open_page()
    assert counts(page) == (0, 0, 3)
    at(page, clock, local(2025, 9, 30, 10, 18))
    assert counts(page) == (0, 1, 2)
    at(page, clock, local(2025, 9, 30, 11, 36))
    assert counts(page) == (1, 1, 1)
    at(page, clock, local(2025, 9, 30, 15, 30))
    assert counts(page) == (3, 0, 0)


def test_page_opened_later_counts_at_its_instant(open_page, service, clock):
    """A page first loaded at 11:40 shows one red, one yellow and one green case."""
    for draft in (ORDINARY, URGENT, EXTREME):
        dispatched(service, **draft)
    clock.set(local(2025, 9, 30, 11, 40))
    assert counts(open_page()) == (1, 1, 1)


def test_case_moves_to_yellow_at_its_instant_without_a_query(open_page, service, clock):
    """At 14:42:00 the case leaves the green column for the yellow one; the tick reads no database."""
    case_no = dispatched(service, **ORDINARY)
    page = open_page()
    at(page, clock, local(2025, 9, 30, 14, 41, 59))
    assert page.columns.columns[Light.GREEN].case_numbers() == [case_no]
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(service.database.engine, "before_cursor_execute", record)
    try:
        at(page, clock, local(2025, 9, 30, 14, 42))
    finally:
        event.remove(service.database.engine, "before_cursor_execute", record)
    assert (page.columns.columns[Light.GREEN].case_numbers(), page.columns.columns[Light.YELLOW].case_numbers(),
            statements) == ([], [case_no], [])


def test_countdown_ticks_every_second(open_page, service, clock):
    """The countdown text of a case follows the clock: 剩1时36分 at 10:24, 超5分 at 12:05."""
    dispatched(service, **URGENT)
    page = open_page()
    model = page.columns.columns[Light.GREEN].model
    at(page, clock, local(2025, 9, 30, 10, 24))
    assert model.countdown_at(0) == "剩1时36分"
    at(page, clock, local(2025, 9, 30, 12, 5))
    assert page.columns.columns[Light.RED].model.countdown_at(0) == "超5分"


def test_waiting_strip_labels_each_stage(open_page, service):
    """Reported, verified and registered cases wait in the strip, labelled; only registered can be dispatched."""
    reported = report(service, **ORDINARY)
    verified = report(service, **ORDINARY)
    bring(service, verified, "verify")
    registered = report(service, **ORDINARY)
    bring(service, registered, "verify", "register")
    page = open_page()
    cards = page.strip.cards
    assert [(n, c.button.text()) for n, c in cards.items()] == [
        (reported, "打开核实"), (verified, "打开立案"), (registered, f"派遣至 {CITY}"),
    ]
    assert page.strip.title.text() == "待调度 3 件"


def test_one_key_dispatch_sends_case_and_clears_it_from_strip(open_page, service, qtbot):
    """The strip's button dispatches to the suggested department; the case then leaves the strip."""
    case_no = report(service, **ORDINARY)
    bring(service, case_no, "verify", "register")
    page = open_page()
    qtbot.mouseClick(page.strip.cards[case_no].button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    view = service.view(case_no)
    assert (view.status, view.department) == ("dispatched", CITY)
    assert case_no not in page.strip.cards
    assert page.notice.text() == f"案件 {case_no} 已派遣至 {CITY}"


def test_ctrl_d_dispatches_the_selected_case(open_page, service, qtbot):
    """Selecting a case in its column and pressing Ctrl+D dispatches it."""
    case_no = report(service, **ORDINARY)
    bring(service, case_no, "verify", "register")
    page = open_page()
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    view = page.columns.columns[Light.GREEN].view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(0)).center())
    assert page.selected == case_no
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, page)
    assert service.view(case_no).status == "dispatched"


def test_ctrl_d_on_case_not_registered_shows_why(open_page, service, qtbot):
    """Dispatching a case still to be verified is refused with the service's reason; nothing changes."""
    case_no = report(service, **ORDINARY)
    page = open_page()
    page.columns.columns[Light.GREEN].view.setCurrentIndex(page.columns.columns[Light.GREEN].model.index(0))
    page.dispatch_selected()
    settle(qtbot, page)
    assert service.view(case_no).status == "reported"
    assert page.notice.text() == f"案件 {case_no}：案件当前状态为“待核实”，不能执行“派遣”"


def test_dispatch_of_case_changed_elsewhere_shows_conflict(open_page, service, qtbot):
    """A case another workstation dispatched meanwhile is not dispatched twice; the conflict is shown."""
    case_no = report(service, **ORDINARY)
    bring(service, case_no, "verify", "register")
    page = open_page()
    bring(service, case_no, "dispatch", "accept")
    page.dispatch_case(case_no)
    settle(qtbot, page)
    assert service.view(case_no).status == "handling"
    assert page.notice.text() == f"案件 {case_no} 已被他人修改，现为“处置中”；本次操作未保存，请刷新后重试"
    assert case_no not in page.strip.cards


def test_ctrl_d_without_selection_asks_for_one(open_page, service):
    """Ctrl+D with nothing selected says to select a case first."""
    report(service, **ORDINARY)
    page = open_page()
    page.dispatch_selected()
    assert page.notice.text() == "请先选中一件案件，再按 Ctrl+D 派遣"


def test_alert_fires_once_when_case_turns_red(open_page, service, clock, dispatch_ctx, qtbot):
    """Crossing 15:30 sounds and shows the alarm once; later ticks and reloads do not repeat it."""
    case_no = dispatched(service, **ORDINARY)
    clock.set(local(2025, 9, 30, 15, 29))
    page = open_page()
    assert (page.sound.played, page.banner.raised_count) == (0, 0)
    at(page, clock, local(2025, 9, 30, 15, 30))
    at(page, clock, local(2025, 9, 30, 15, 31))
    dispatch_ctx.hub.notify_local()
    settle(qtbot, page)
    assert (page.sound.played, page.banner.raised_count, page.banner.isHidden()) == (1, 1, False)
    assert "转为红灯" in page.banner.text.text() and case_no in page.banner.text.text()


def test_alert_banner_links_open_cases_and_dismiss_hides_it(open_page, service, clock, window, qtbot):
    """A case number in the banner opens the case; 知道了 hides the banner."""
    case_no = dispatched(service, **ORDINARY)
    clock.set(local(2025, 9, 30, 15, 29))
    page = open_page()
    at(page, clock, local(2025, 9, 30, 15, 30))
    page.banner.text.linkActivated.emit(f"case:{case_no}")
    page.banner.dismiss()
    assert (window.opened, page.banner.isHidden()) == ([case_no], True)


def test_alert_is_silent_when_muted_and_mute_is_remembered(open_page, service, clock, window, qtbot):
    """Muted, a case turning red shows the banner but plays no sound; a new page starts muted."""
    dispatched(service, **ORDINARY)
    clock.set(local(2025, 9, 30, 15, 29))
    page = open_page()
    mute = page.findChild(MuteButton)
    qtbot.mouseClick(mute, Qt.MouseButton.LeftButton)
    at(page, clock, local(2025, 9, 30, 15, 30))
    assert (page.sound.played, page.banner.raised_count) == (0, 1)
    assert window.settings.value("dispatch/muted") in (True, "true")
    assert open_page().sound.muted is True


def test_first_load_raises_no_alarm(open_page, service, clock):
    """Opening the page on cases already red and urgent is silent: nothing is new yet."""
    dispatched(service, **EXTREME)
    clock.set(local(2025, 9, 30, 16, 0))
    page = open_page()
    assert (page.sound.played, page.banner.raised_count, page.banner.isHidden()) == (0, 0, True)


def test_urgent_case_arriving_raises_alarm(open_page, service, dispatch_ctx, qtbot):
    """A 特急 case reported while the page is open sounds the alarm and is named in the banner."""
    page = open_page()
    case_no = report(service, **EXTREME)
    dispatch_ctx.hub.notify_local()
    settle(qtbot, page)
    assert (page.sound.played, page.banner.raised_count) == (1, 1)
    assert "紧急案件到达" in page.banner.text.text() and case_no in page.banner.text.text()


def test_sweep_at_start_files_cards_shown_in_list(open_page, service, clock):
    """Opened at 14:42, the page's own sweep files the yellow card and lists it."""
    case_no = dispatched(service, **ORDINARY)
    clock.set(local(2025, 9, 30, 14, 42))
    page = open_page()
    assert [(c.label, c.case_no) for c in page.cards.model.cards] == [("黄牌督办", case_no)]
    assert page.cards.count.text() == "1"


def test_card_reply_removes_it_from_list(open_page, service, clock, qtbot):
    """Select a card, write the reply, press 回复: it is saved and leaves the list."""
    dispatched(service, **ORDINARY)
    clock.set(local(2025, 9, 30, 14, 42))
    page = open_page()
    card = page.cards.model.cards[0]
    page.cards.select_card(card.id)
    assert page.cards.reply_button.isEnabled() is False
    page.cards.note.setPlainText("已安排清运")
    qtbot.mouseClick(page.cards.reply_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert (get_card(service, card.id).reply, awaiting_reply(service), page.cards.model.cards) == ("已安排清运", [], [])
    assert page.cards.count.text() == "0"


def test_double_click_opens_case(open_page, service, window, qtbot):
    """Double-clicking a case in a column opens it in the case page."""
    case_no = dispatched(service, **ORDINARY)
    page = open_page()
    page.show()
    view = page.columns.columns[Light.GREEN].view
    point = view.visualRect(view.model().index(0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.opened == [case_no]
