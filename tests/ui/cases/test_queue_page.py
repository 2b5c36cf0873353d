"""The case queue page with real widgets: header, badges at chosen instants, opening, reloading.

The clock stands at Tuesday 2025-09-30 10:00 (+08:00); a 1小时 case reported at 10:00 turns
yellow at 10:48:00 and red at 11:00:00.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor

from tests.conftest import local
from tests.ui.cases.test_queue_model import make_lit_cases, report
from ui.cases.light_badge import badge_rect
from ui.cases.queue_model import COLUMN_KEYS, LIGHT_COLUMN, REMAINING_COLUMN
from ui.cases.queue_page import QueuePage
from ui.theme import LIGHT_COLORS


class StubWindow:
    """Records what the page asks of the main window."""

    def __init__(self):
        self.opened: list[str] = []
        self.shown: list[str] = []

    def open_case(self, case_no: str) -> None:
        self.opened.append(case_no)

    def show_page(self, key: str) -> None:
        self.shown.append(key)


@pytest.fixture
def lit_cases(service):
    """Cases of every colour (see test_queue_model.make_lit_cases), made before the page opens."""
    return make_lit_cases(service)


@pytest.fixture
def window():
    return StubWindow()


def wait_loaded(qtbot, page: QueuePage) -> None:
    """Wait until the list and the rows on screen are read."""
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: all(page.model.is_fresh(row) for row in range(page.model.rowCount())),
                    timeout=10_000)


@pytest.fixture
def page(qtbot, ui_ctx, window):
    """The queue page, shown at 1400×800."""
    widget = QueuePage(ui_ctx, window)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    return widget


def badge_color(page: QueuePage, row: int) -> QColor:
    """The colour painted at the centre of a row's light badge."""
    image = page.table.viewport().grab().toImage()
    cell = page.table.visualRect(page.model.index(row, LIGHT_COLUMN))
    center = badge_rect(cell).center().toPoint()
    return image.pixelColor(center.x() - 12, center.y())


def test_header_shows_title_and_counts(qtbot, lit_cases, page):
    """Title 案件队列; five open cases, two red, one yellow."""
    wait_loaded(qtbot, page)
    assert (page.title.text(), page.title.objectName()) == ("案件队列", "pageTitle")
    assert page.summary() == "共 5 件 · 红灯 2 · 黄灯 1"


def test_badge_turns_yellow_exactly_at_the_yellow_instant(qtbot, page, service, clock):
    """At 10:47:59 the badge is green and reads 剩 12分01秒; at 10:48:00 it is yellow, 剩 12分00秒."""
    report(service, local(2025, 9, 30, 10, 0))
    page.refresh()
    wait_loaded(qtbot, page)
    seen = []
    for moment in (local(2025, 9, 30, 10, 47, 59), local(2025, 9, 30, 10, 48)):
        clock.set(moment)
        page.tick()
        seen.append((badge_color(page, 0).name(), page.model.data(page.model.index(0, LIGHT_COLUMN)),
                     page.model.data(page.model.index(0, REMAINING_COLUMN))))
    assert seen == [(LIGHT_COLORS["green"].name(), "绿", "剩 12分01秒"),
                    (LIGHT_COLORS["yellow"].name(), "黄", "剩 12分00秒")]


def test_badge_turns_red_when_the_limit_runs_out(qtbot, page, service, clock):
    """At 11:00:00 the badge is red and the countdown says 超 0秒; at 11:00:45, 超 45秒."""
    report(service, local(2025, 9, 30, 10, 0))
    page.refresh()
    wait_loaded(qtbot, page)
    seen = []
    for moment in (local(2025, 9, 30, 11, 0), local(2025, 9, 30, 11, 0, 45)):
        clock.set(moment)
        page.tick()
        seen.append((badge_color(page, 0).name(), page.model.data(page.model.index(0, REMAINING_COLUMN))))
    assert seen == [(LIGHT_COLORS["red"].name(), "剩 0秒"), (LIGHT_COLORS["red"].name(), "超 45秒")]


def test_double_click_opens_the_case(qtbot, lit_cases, page, window):
    """Double-clicking the second row opens that case in the main window."""
    wait_loaded(qtbot, page)
    rect = page.table.visualRect(page.model.index(1, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.opened == [lit_cases["red_short"]]


def test_enter_opens_the_current_case(qtbot, lit_cases, page, window):
    """Enter on the current row opens it."""
    wait_loaded(qtbot, page)
    page.table.setCurrentIndex(page.model.index(2, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.opened == [lit_cases["yellow"]]


def test_intake_button_shows_the_intake_page(qtbot, page, window):
    """受理登记 asks the main window for the intake page."""
    qtbot.mouseClick(page.intake_button, Qt.MouseButton.LeftButton)
    assert window.shown == ["intake"]


def test_hub_changed_reloads_keeping_the_selection(qtbot, lit_cases, page, service, ui_ctx):
    """A new red case arrives: it is listed first, and the selected case stays selected."""
    wait_loaded(qtbot, page)
    page.table.selectRow(page.model.row_of(lit_cases["yellow"]))
    newest = report(service, local(2025, 9, 30, 7, 0))
    ui_ctx.hub.notify_local()
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=10_000)
    assert page.model.case_no_at(0) == newest
    assert page.selected_case_nos() == [lit_cases["yellow"]]
    assert page.summary() == "共 6 件 · 红灯 3 · 黄灯 1"


def test_hub_changed_keeps_the_scroll_position(qtbot, page, service, ui_ctx):
    """With 60 cases scrolled half-way, a reload leaves the scroll bar where it was."""
    for minute in range(60):
        report(service, local(2025, 9, 30, 9, 0) + timedelta(minutes=minute))
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 60 and not page.model.loading, timeout=10_000)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position = bar.value()
    ui_ctx.hub.notify_local()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    assert (bar.value(), position > 0) == (position, True)


def test_hidden_page_reloads_when_shown_again(qtbot, lit_cases, page, service, ui_ctx):
    """While hidden a change only marks the page; showing it reads the list again."""
    wait_loaded(qtbot, page)
    page.hide()
    report(service, local(2025, 9, 30, 9, 55))
    ui_ctx.hub.notify_local()
    assert (page.model.loading, page.model.rowCount()) == (False, 5)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=10_000)


def test_light_filter_lists_only_red_cases(qtbot, lit_cases, page):
    """Choosing 红灯 in the filter bar lists the two red cases."""
    wait_loaded(qtbot, page)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.filters.light.setCurrentIndex(page.filters.light.findData("red"))
    assert [page.model.case_no_at(r) for r in range(page.model.rowCount())] == [
        lit_cases["red_long"], lit_cases["red_short"]]
    assert page.summary() == "共 2 件 · 红灯 2 · 黄灯 0"


def test_state_filter_all_includes_the_void_case(qtbot, lit_cases, page):
    """全部状态 lists the void case too, last, with no light."""
    wait_loaded(qtbot, page)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.filters.state.setCurrentIndex(page.filters.state.findData(""))
    wait_loaded(qtbot, page)
    last = page.model.rowCount() - 1
    assert (page.model.case_no_at(last), page.model.data(page.model.index(last, LIGHT_COLUMN))) == (
        lit_cases["void"], "")


def test_search_box_finds_by_phone_on_enter(qtbot, lit_cases, page):
    """Typing part of a reporter's phone and pressing Enter lists that case."""
    wait_loaded(qtbot, page)
    page.filters.search.setText("0532123")
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)
    assert page.summary() == "共 1 件 · 红灯 0 · 黄灯 0"


def test_clicking_a_header_sorts_by_that_column(qtbot, lit_cases, page):
    """Clicking 紧急程度 sorts most urgent first (its initial order); the selected case stays selected."""
    wait_loaded(qtbot, page)
    page.table.selectRow(page.model.row_of(lit_cases["yellow"]))
    header = page.table.horizontalHeader()
    column = COLUMN_KEYS.index("urgency")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    assert (page.model.sort_key, page.model.descending, page.model.case_no_at(0)) == (
        "urgency", True, lit_cases["green_late"])
    assert page.selected_case_nos() == [lit_cases["yellow"]]


def test_column_widths_and_sort_persist(qtbot, ui_ctx, tmp_path, page):
    """A width and a sort saved by one page are restored by the next, and survive a reload."""
    settings = QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat)
    page.table.setColumnWidth(3, 333)
    page.table.sortByColumn(COLUMN_KEYS.index("reported_at"), Qt.SortOrder.AscendingOrder)
    page.save_layout(settings)
    again = QueuePage(ui_ctx, StubWindow())
    qtbot.addWidget(again)
    again.restore_layout(settings)
    again.show()
    qtbot.waitUntil(lambda: again.model.started and not again.model.loading, timeout=10_000)
    again.refresh()
    qtbot.waitUntil(lambda: not again.model.loading, timeout=10_000)
    assert (again.table.columnWidth(3), again.model.sort_key, again.model.descending) == (
        333, "reported_at", False)


def test_database_error_is_shown_in_the_header(qtbot, page):
    """When the list cannot be read, the header says so in Chinese."""
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    page.model.set_sort("colour", True)
    qtbot.waitUntil(lambda: page.summary().startswith("读取案件失败"), timeout=10_000)
    assert page.summary().startswith("读取案件失败：未知的排序列“colour”")
