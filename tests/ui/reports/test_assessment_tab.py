"""The 考核权重 tab: refused weights say why and store nothing; saved weights change the scores."""

from __future__ import annotations

import pytest

from app.assessment.settings import read_weights
from app.assessment.table import assess
from tests.app.assessment.conftest import NOW, build_month
from tests.ui.reports.test_reports_page import OCTOBER, _row_by_code
from ui.reports.reports_page import ReportsPage
from ui.settings.assessment_tab import AssessmentTab


@pytest.fixture
def tab(qtbot, ui_ctx):
    tab = AssessmentTab(ui_ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=10000)
    return tab


def _save(qtbot, tab, kind: str) -> None:
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text().startswith("✔" if kind == "ok" else "✖"), timeout=10000)


def test_the_tab_shows_the_weights_in_force(tab, service):
    config = read_weights(service.database)
    assert tab.weights["department"]["close_rate"].value() == config.department.weights["close_rate"] == 30
    assert tab.totals["area"].text() == "合计 100 %"
    assert tab.grades.rowCount() == len(config.grades)
    assert tab.bands["department"].item(tab.bands["department"].rowCount() - 1, 0).text() == ""


def test_weights_not_adding_to_100_are_refused_with_a_message(qtbot, tab, service):
    before = read_weights(service.database)
    tab.weights["department"]["close_rate"].setValue(40)
    assert "应为 100%" in tab.totals["department"].text()
    _save(qtbot, tab, "error")
    assert tab.status.text() == "✖ 部门各项权重之和应为 100%，现为 110%，未保存"
    assert read_weights(service.database) == before


def test_bands_out_of_order_are_refused(qtbot, tab, service):
    before = read_weights(service.database)
    tab.bands["area"].item(0, 0).setText("5000")
    _save(qtbot, tab, "error")
    assert "上限应逐档递增" in tab.status.text()
    tab.grades.item(0, 1).setText("不是数")
    tab.bands["area"].item(0, 0).setText("50")
    _save(qtbot, tab, "error")
    assert "等级分界格式不对" in tab.status.text()
    assert read_weights(service.database) == before


def test_saved_weights_change_the_scores_on_the_reports_page(qtbot, tab, ui_ctx, service, clock):
    """Department weights 0/0/100/0: the score is 100 × 按期结案率 — CGJ 4/8 → 50.0, grade D."""
    build_month(service, clock)
    page = ReportsPage(ui_ctx, None)
    qtbot.addWidget(page)
    page.period_picker.set_period("month", OCTOBER)
    page.activate()
    qtbot.waitUntil(lambda: page.shown is not None, timeout=10000)
    assert _row_by_code(page, "CGJ")[1].score == 73.2
    for part, value in {"registered_score": 0, "close_rate": 0, "on_time_close_rate": 100,
                        "rework_free_rate": 0}.items():
        tab.weights["department"][part].setValue(value)
    _save(qtbot, tab, "ok")
    assert read_weights(service.database).department.weights["on_time_close_rate"] == 100
    page.shown = None
    ui_ctx.hub.config_changed.emit()  # what the hub says once it sees the revision moved
    qtbot.waitUntil(lambda: page.shown is not None, timeout=10000)
    _row, cgj = _row_by_code(page, "CGJ")
    assert (cgj.score, cgj.grade) == (50.0, "D")
    assert cgj == next(row for row in assess(service.database, level="department", now=NOW,
                                             start=OCTOBER.start, end=OCTOBER.end) if row.unit_code == "CGJ")
