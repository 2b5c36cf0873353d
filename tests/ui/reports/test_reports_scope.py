"""The 统计考核 page of a street-scoped account counts the street: the table, its unit cases and
the export follow the logged-in principal (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from app.assessment import periods
from app.assessment.table import assess
from tests.app.accounts.enforce_world import EAST, GRID_A, GRID_A2, GRID_B
from tests.app.accounts.wired_world import account, build
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.reports.assessment_model import ROW_ROLE
from ui.reports.reports_page import ReportsPage

SEPTEMBER = periods.month(2025, 9)


@pytest.fixture
def world(database, clock):
    return build(database, clock)


def _page(qtbot, service, clock, principal):
    ctx = UiContext(database=service.database, cases=service.acting_for(principal), hub=ChangeHub(),
                    user=principal.login, now=clock, principal=principal)
    page = ReportsPage(ctx, None)
    qtbot.addWidget(page)
    page.set_level("grid")
    page.period_picker.set_period("month", SEPTEMBER)
    page.reload()
    qtbot.waitUntil(lambda: page.shown == ("grid", SEPTEMBER), timeout=10000)
    return page


def _registered(page) -> dict[str, int]:
    rows = [page.sorted.index(row, 0).data(ROW_ROLE) for row in range(page.sorted.rowCount())]
    return {row.unit_code: row.registered for row in rows}


def test_a_street_leaders_page_counts_the_street(qtbot, service, clock, world):
    street = account(service.database, "leader", region=EAST)
    page = _page(qtbot, service, clock, street)
    shown = _registered(page)
    assert shown.get(GRID_A) == 1 and shown.get(GRID_A2) == 1 and not shown.get(GRID_B)
    whole = assess(service.database, start=SEPTEMBER.start, end=SEPTEMBER.end, level="grid", now=clock())
    assert {row.unit_code: row.registered for row in whole}.get(GRID_B) == 1


def test_a_street_leaders_unit_cases_are_the_streets(qtbot, service, clock, world):
    street = account(service.database, "leader", region=EAST)
    page = _page(qtbot, service, clock, street)
    page.set_level("street")
    page.reload()
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[0] == "street", timeout=10000)
    east = next(page.sorted.index(r, 0).data(ROW_ROLE) for r in range(page.sorted.rowCount())
                if page.sorted.index(r, 0).data(ROW_ROLE).unit_code == EAST)
    assert east.registered == 2
    page.show_unit_cases(east, "registered")
    model = page.cases_panel.model
    qtbot.waitUntil(lambda: model.total == 2, timeout=10000)
    assert sorted(case.case_no for case in model.cases) == sorted([world.cases[GRID_A], world.cases[GRID_A2]])
    assert page.cases_panel.query.scope == street.scope


def test_a_viewer_cannot_export_the_table(qtbot, service, clock, world, tmp_path):
    viewer = account(service.database, "viewer")
    page = _page(qtbot, service, clock, viewer)
    assert not page.excel_button.isVisibleTo(page)
    page.export_excel(str(tmp_path / "t.xlsx"))
    qtbot.waitUntil(lambda: "report.export" in page.notice.text(), timeout=10000)
    assert not (tmp_path / "t.xlsx").exists()
