"""The queue's model without a view: counts, paging, the database's sort order, filters, ticking.

The clock stands at Tuesday 2025-09-30 10:00 (+08:00). Cases with a 1小时 limit (clock hours,
warn-before) turn yellow at 80 % (48 min) and red at 60 min after they were reported.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.calendar import TimeLimit, TimeUnit
from app.cases.drafts import CaseDraft
from app.cases.lights import Light
from app.cases.queries import CaseFilter
from app.cases.queue_query import count, fetch_page
from tests.conftest import local
from ui.cases.queue_model import (
    COLUMN_KEYS,
    LIGHT_COLUMN,
    LIGHT_ROLE,
    REMAINING_COLUMN,
    REMAINING_ROLE,
    QueueModel,
    countdown_text,
)

HOUR = TimeLimit(amount=1, unit=TimeUnit.HOUR)
STATUS = COLUMN_KEYS.index("status")


def report(service, at, *, limit=HOUR, urgency="一般", category="暴露垃圾", **extra) -> str:
    """Report one case at `at` and return its number."""
    draft = CaseDraft(source="网格员上报", category=category, description=extra.pop("description", "测试案件"),
                      reported_at=at, urgency=urgency, time_limit=limit, **extra)
    return service.create(draft, actor="grid1").case_no


def load(qtbot, model: QueueModel) -> QueueModel:
    """Read the list (waiting for it) and return the model."""
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.reload()
    return model


def read_rows(qtbot, model: QueueModel, first: int, last: int) -> None:
    """Ask for rows first..last and wait until they are read."""
    model.prefetch(first, last)
    qtbot.waitUntil(lambda: all(model.is_fresh(row) for row in range(first, last + 1)), timeout=10_000)


def listed(model: QueueModel) -> list[str]:
    return [model.case_no_at(row) for row in range(model.rowCount())]


def make_lit_cases(service) -> dict[str, str]:
    """Five open cases of every colour at 10:00 and one void case: case numbers by name."""
    cases = {
        "red_long": report(service, local(2025, 9, 30, 8, 0)),        # red since 09:00
        "red_short": report(service, local(2025, 9, 30, 8, 30)),      # red since 09:30
        "yellow": report(service, local(2025, 9, 30, 9, 10)),         # yellow since 09:58, red 10:10
        "green_late": report(service, local(2025, 9, 30, 9, 0), limit=TimeLimit(amount=10, unit=TimeUnit.HOUR),
                             urgency="特急"),                            # yellow at 17:00
        "green_soon": report(service, local(2025, 9, 30, 9, 0), limit=TimeLimit(amount=5, unit=TimeUnit.HOUR),
                             urgency="紧急", reporter_phone="13905321234"),  # yellow at 13:00
        "void": report(service, local(2025, 9, 30, 7, 0)),
    }
    service.act(cases["void"], "void", actor="leader", note="重复上报")
    return cases


@pytest.fixture
def lit_cases(service):
    """The cases of `make_lit_cases`."""
    return make_lit_cases(service)


@pytest.fixture
def model(qtbot, ui_ctx):
    """A queue model on the test database (not read yet)."""
    return QueueModel(ui_ctx.cases, ui_ctx.now, page_size=10)


def test_row_count_is_open_cases_by_default(qtbot, model, lit_cases):
    """The default filter lists the five open cases, not the void one."""
    load(qtbot, model)
    assert model.rowCount() == 5
    assert lit_cases["void"] not in listed(model)


def test_counts_signal_gives_total_red_yellow(qtbot, model, lit_cases):
    """The counts read with the list: 5 cases, 2 red, 1 yellow."""
    with qtbot.waitSignal(model.counts_changed, timeout=10_000) as signal:
        model.reload()
    assert signal.args == [5, 2, 1]


def test_sort_right_after_a_filter_counts_the_new_filter(qtbot, model, lit_cases):
    """A sort asked for while a filter change is still loading counts the filtered cases: 2 red."""
    load(qtbot, model)
    model.set_filter(CaseFilter(light=Light.RED))
    with qtbot.waitSignal(model.counts_changed, timeout=10_000) as signal:
        model.set_sort("urgency", True)
    assert signal.args == [2, 2, 0]


def test_rows_are_read_a_page_at_a_time(qtbot, service, model):
    """25 cases in pages of 10: the list comes with rows 0-9; row 24 reads the last 5, nothing more."""
    for minute in range(25):
        report(service, local(2025, 9, 30, 9, 0) + timedelta(minutes=minute))
    load(qtbot, model)
    assert model.rowCount() == 25
    assert model.fetch_sizes == [10]
    assert [model.is_fresh(row) for row in (9, 10, 24)] == [True, False, False]
    read_rows(qtbot, model, 24, 24)
    assert model.fetch_sizes == [10, 5]
    assert [model.is_fresh(row) for row in (10, 20, 24)] == [False, True, True]


def test_unread_row_shows_a_placeholder_then_its_number(qtbot, ui_ctx, lit_cases):
    """Before its page is in, a row says 读取中…; once read, its case number."""
    model = load(qtbot, QueueModel(ui_ctx.cases, ui_ctx.now, page_size=2))
    assert model.data(model.index(2, 0)) == "读取中…"
    qtbot.waitUntil(lambda: model.is_fresh(2), timeout=10_000)
    assert model.data(model.index(2, 0)) == lit_cases["yellow"]


def test_light_sort_puts_longest_red_first(qtbot, model, lit_cases):
    """Descending light: red (longest red first), yellow, then the green case nearer yellow first."""
    load(qtbot, model)
    names = {no: name for name, no in lit_cases.items()}
    assert [names[no] for no in listed(model)] == ["red_long", "red_short", "yellow", "green_soon", "green_late"]


def test_light_sort_ascending_is_the_reverse(qtbot, model, lit_cases):
    """Ascending light lists the same cases in the opposite order."""
    model.set_sort("light", False)
    load(qtbot, model)
    names = {no: name for name, no in lit_cases.items()}
    assert [names[no] for no in listed(model)] == ["green_late", "green_soon", "yellow", "red_short", "red_long"]


def test_sort_by_urgency_column_is_done_by_the_database(qtbot, model, lit_cases):
    """Clicking 紧急程度 (descending) lists 特急, 紧急, then the 一般 cases by case number descending."""
    load(qtbot, model)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(COLUMN_KEYS.index("urgency"), Qt.SortOrder.DescendingOrder)
    general = sorted((lit_cases[n] for n in ("red_long", "red_short", "yellow")), reverse=True)
    assert listed(model) == [lit_cases["green_late"], lit_cases["green_soon"], *general]


def test_fetch_page_sorts_and_pages_in_the_database(service, lit_cases):
    """fetch_page by countdown: due soonest first, two at a time from offset 1."""
    page = fetch_page(service, CaseFilter(open_only=True), "remaining", False, 1, 2)
    assert [row.view.case_no for row in page] == [lit_cases["red_short"], lit_cases["yellow"]]


def test_fetch_page_every_sort_key_lists_every_case(service, lit_cases):
    """Each sort key, either way, lists all six cases exactly once (empty values included)."""
    from app.cases.queue_query import SORT_KEYS
    for key in SORT_KEYS:
        for descending in (False, True):
            page = fetch_page(service, CaseFilter(), key, descending, 0, 100)
            assert sorted(row.view.case_no for row in page) == sorted(lit_cases.values()), key


def test_count_matches_a_light_filter(service, lit_cases):
    """count() with light=red counts the two red cases."""
    assert count(service, CaseFilter(light=Light.RED)) == 2


def test_filter_by_phone_search(qtbot, model, lit_cases):
    """Searching a reporter's phone number lists that case only."""
    model.set_filter(CaseFilter(search="0532123"))
    load(qtbot, model)
    assert listed(model) == [lit_cases["green_soon"]]


def test_reload_shows_stale_rows_until_read_again(qtbot, service, ui_ctx, lit_cases):
    """After a case changed, a reload keeps showing its old status until its page is read again."""
    model = load(qtbot, QueueModel(ui_ctx.cases, ui_ctx.now, page_size=2))
    read_rows(qtbot, model, 0, 4)
    row = model.row_of(lit_cases["yellow"])
    service.act(lit_cases["yellow"], "verify", actor="checker")
    load(qtbot, model)
    assert (row, model.is_fresh(row), model.data(model.index(row, STATUS))) == (2, False, "待核实")
    qtbot.waitUntil(lambda: model.is_fresh(row), timeout=10_000)
    assert model.data(model.index(row, STATUS)) == "待立案"


def test_tick_turns_yellow_exactly_at_the_yellow_instant(qtbot, service, clock, model):
    """Reported 10:00 with 1小时: green at 10:47:59.999999, yellow at 10:48:00, red at 11:00:00."""
    report(service, local(2025, 9, 30, 10, 0))
    load(qtbot, model)
    read_rows(qtbot, model, 0, 0)
    seen = []
    for moment in (local(2025, 9, 30, 10, 47, 59, 999999), local(2025, 9, 30, 10, 48),
                   local(2025, 9, 30, 10, 59, 59), local(2025, 9, 30, 11, 0)):
        model.tick(moment, 0, 0)
        seen.append(model.data(model.index(0, LIGHT_COLUMN), LIGHT_ROLE))
    assert seen == ["green", "yellow", "yellow", "red"]


def test_tick_emits_data_changed_for_light_and_countdown_only(qtbot, model, lit_cases):
    """A tick repaints columns 亮灯..剩余时间 of the rows asked for, nothing else."""
    load(qtbot, model)
    read_rows(qtbot, model, 0, 4)
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as signal:
        model.tick(local(2025, 9, 30, 10, 0, 1), 1, 3)
    top_left, bottom_right = signal.args[0], signal.args[1]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (
        1, LIGHT_COLUMN, 3, REMAINING_COLUMN)


def test_tick_reports_a_light_that_turned(qtbot, model, lit_cases):
    """The yellow case turns red at 10:10: the tick after says lights changed."""
    load(qtbot, model)
    read_rows(qtbot, model, 0, 4)
    model.tick(local(2025, 9, 30, 10, 9, 59), 0, 4)
    with qtbot.waitSignal(model.lights_changed, timeout=1000):
        model.tick(local(2025, 9, 30, 10, 10), 0, 4)


def test_countdown_over_lunch_matches_the_service(qtbot, service, clock, model):
    """4工作时 from 10:00: the ticking countdown equals the service's remaining time at each instant."""
    case_no = report(service, local(2025, 9, 30, 10, 0), limit=TimeLimit(amount=4, unit=TimeUnit.WORK_HOUR))
    load(qtbot, model)
    read_rows(qtbot, model, 0, 0)
    expected, seen, texts = [], [], []
    for moment in (local(2025, 9, 30, 11, 59), local(2025, 9, 30, 12, 30), local(2025, 9, 30, 13, 45),
                   local(2025, 9, 30, 16, 0), local(2025, 9, 30, 9, 0)):
        clock.set(moment)
        model.tick(moment, 0, 0)
        expected.append(service.get(case_no).remaining_seconds)
        seen.append(model.data(model.index(0, REMAINING_COLUMN), REMAINING_ROLE))
        texts.append(model.data(model.index(0, REMAINING_COLUMN)))
    assert seen == pytest.approx(expected, abs=1e-6)
    assert seen == pytest.approx([7260, 7200, 6300, -1800, 14400], abs=1e-6)
    assert texts == ["剩 2时1分", "剩 2时", "剩 1时45分", "超 30分00秒", "剩 4时"]


def test_countdown_text_under_an_hour_counts_seconds():
    """Under an hour the countdown shows seconds; above, app.cases.countdown's wording."""
    assert countdown_text(725.4, "小时", 27000) == "剩 12分05秒"
    assert countdown_text(-40, "小时", 27000) == "超 40秒"
    assert countdown_text(3 * 27000 + 3600, "工作日", 27000) == "剩 3工作日1时"
    assert countdown_text(None, "小时", 27000) == ""


def test_unknown_sort_key_fails_with_a_message(qtbot, model, lit_cases):
    """A sort key the database does not know is reported, in Chinese, through `failed`."""
    model.set_sort("colour", True)
    with qtbot.waitSignal(model.failed, timeout=10_000) as signal:
        model.reload()
    assert signal.args == [("未知的排序列“colour”，可用：case_no、light、remaining、category、urgency、grid、"
                            "department、status、reported_at、source")]
