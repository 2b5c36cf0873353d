"""The 统计考核 page on the hand-made month of tests/app/assessment/conftest.py (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.assessment import periods
from app.assessment.figures import capped_ratio
from app.assessment.table import assess
from app.assessment.workbook import COLUMNS, HEADER_ROW
from app.cli.main import main
from sqlalchemy.engine import make_url
from tests.app.assessment.conftest import NOW, build_month
from ui.reports.assessment_model import FIELDS, ROW_ROLE
from ui.reports.reports_page import ReportsPage

OCTOBER = periods.month(2025, 10)


@pytest.fixture
def month_cases(service, clock):
    return build_month(service, clock)


@pytest.fixture
def page(qtbot, ui_ctx, month_cases):
    """The page showing October 2025 by department, read."""
    page = ReportsPage(ui_ctx, None)
    qtbot.addWidget(page)
    page.period_picker.set_period("month", OCTOBER)
    with qtbot.waitSignal(page.model.modelReset, timeout=10000):
        page.activate()
    qtbot.waitUntil(lambda: page.shown == ("department", OCTOBER), timeout=10000)
    return page


def _row_by_code(page, code):
    for row in range(page.sorted.rowCount()):
        figures = page.sorted.index(row, 0).data(ROW_ROLE)
        if figures.unit_code == code:
            return row, figures
    raise AssertionError(code)


def test_the_table_shows_the_figures_of_assess(page, service):
    """Every unit in the ranking order of `assess`, counts and rates as the assessment gives them."""
    expected = assess(service.database, level="department", now=NOW, start=OCTOBER.start, end=OCTOBER.end)
    shown = [page.sorted.index(row, 0).data(ROW_ROLE) for row in range(page.sorted.rowCount())]
    assert shown == expected
    row, cgj = _row_by_code(page, "CGJ")
    text = lambda name: page.sorted.index(row, FIELDS.index(name)).data()  # noqa: E731
    assert (text("registered"), text("due_to_close"), text("closed"), text("close_rate")) == ("9", "8", "6", "75.0%")
    assert text("on_time_close_rate") == "50.0%" and text("grade") == cgj.grade == "C"
    assert "按期结案数 4 / 应结案数 8" in page.sorted.index(row, FIELDS.index("on_time_close_rate")).data(3)


def test_period_change_reloads(qtbot, page):
    """November: CGJ's A8 is due; October's cases are not registered in November."""
    with qtbot.waitSignal(page.model.modelReset, timeout=10000):
        page.period_picker.set_period("month", periods.month(2025, 11))
        page.period_picker.changed.emit(page.period_picker.period())
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[1] == periods.month(2025, 11), timeout=10000)
    _row, cgj = _row_by_code(page, "CGJ")
    assert (cgj.registered, cgj.due_to_close, cgj.red_cards) == (0, 1, 1)
    assert "2025年11月" in page.summary.text()


def test_quarter_picked_from_the_kind_combo(qtbot, page):
    with qtbot.waitSignal(page.period_picker.changed, timeout=5000) as signal:
        page.period_picker.kind.setCurrentIndex(page.period_picker.kind.findData("quarter"))
    assert signal.args[0] == periods.quarter(2025, 4)
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[1] == periods.quarter(2025, 4), timeout=10000)


def test_level_change_shows_that_level(qtbot, page):
    page.set_level("grid")
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[0] == "grid", timeout=10000)
    codes = {page.sorted.index(row, 0).data(ROW_ROLE).unit_code for row in range(page.sorted.rowCount())}
    assert codes == {"G1", "G2"}
    page.set_level("street")
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[0] == "street", timeout=10000)
    _row, street = _row_by_code(page, "S1")
    assert street.registered == 9  # A1–A6 and A8–A10: B1 has no grid, A7 is voided


@pytest.mark.parametrize(("column", "figure_value"), [
    ("unit", lambda f: f.registered), ("due_to_close", lambda f: f.due_to_close),
    ("on_time_close_rate", lambda f: f.closed_on_time), ("reworked", lambda f: f.reworked),
])
def test_clicking_a_unit_lists_as_many_cases_as_its_figure(qtbot, page, column, figure_value):
    row, cgj = _row_by_code(page, "CGJ")
    index = page.sorted.index(row, FIELDS.index(column))
    page.table.clicked.emit(index)
    panel = page.cases_panel
    qtbot.waitUntil(lambda: not panel.model.loading and panel.model.started, timeout=10000)
    qtbot.waitUntil(lambda: "件" in panel.heading.text(), timeout=10000)
    assert panel.model.rowCount() == panel.model.total == figure_value(cgj)
    assert f"：{figure_value(cgj)} 件" in panel.heading.text()


def test_double_clicking_a_listed_case_asks_for_it(qtbot, page, month_cases):
    row, _cgj = _row_by_code(page, "CGJ")
    page.table.clicked.emit(page.sorted.index(row, FIELDS.index("due_to_close")))
    panel = page.cases_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 8, timeout=10000)
    with qtbot.waitSignal(panel.case_requested) as signal:
        panel.table.doubleClicked.emit(panel.model.index(0, 0))
    assert signal.args[0] in month_cases.values()


def test_sorting_by_a_rate_keeps_units_without_one_last(page):
    column = FIELDS.index("rework_rate")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    values = [page.sorted.index(row, column).data(ROW_ROLE).rework_rate for row in range(page.sorted.rowCount())]
    defined = [v for v in values if v is not None]
    assert values[:len(defined)] == sorted(defined)
    page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    values = [page.sorted.index(row, column).data(ROW_ROLE).rework_rate for row in range(page.sorted.rowCount())]
    assert values[:len(defined)] == sorted(defined, reverse=True)


def test_excel_export_numbers_equal_the_assessment(qtbot, page, service, tmp_path):
    path = tmp_path / "考核.xlsx"
    page.export_excel(str(path))
    qtbot.waitUntil(lambda: page.notice.kind == "success", timeout=10000)
    sheet = load_workbook(path).active
    expected = {row.unit_code: row for row in
                assess(service.database, level="department", now=NOW, start=OCTOBER.start, end=OCTOBER.end)}
    read = 0
    for values in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if values[0] == "合计":
            continue
        row = expected[values[1]]
        for (name, _heading, _kind), value in zip(COLUMNS, values):
            want = getattr(row, name)
            if want is None:  # an empty cell: no score, no grade, no rate
                assert value in (None, ""), (values[1], name)
            else:
                assert value == (pytest.approx(want) if isinstance(want, float) else want), (values[1], name)
        read += 1
    assert read == len(expected)
    assert capped_ratio(expected["CGJ"].closed, expected["CGJ"].due_to_close) == 0.75


def test_an_unwritable_export_says_why(qtbot, page, tmp_path):
    page.export_excel(str(tmp_path / "没有的目录" / "考核.xlsx"))
    qtbot.waitUntil(lambda: page.notice.kind == "error", timeout=10000)
    assert "无法写入文件" in page.notice.text()


def test_custom_range(qtbot, page):
    page.period_picker.set_period("custom", periods.custom(date(2025, 10, 27), date(2025, 10, 28)))
    page.period_picker.changed.emit(page.period_picker.period())
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[1].start == date(2025, 10, 27), timeout=10000)
    _row, cgj = _row_by_code(page, "CGJ")
    assert cgj.registered == 8  # A1–A6, A9, A10 registered on 27 or 28 October (A7 voided)


def test_charts_rank_the_scores_and_rates_of_the_table(page):
    """The score chart lists the scored units in the table's order with their scores."""
    scored = [row for row in page.rows if row.score is not None]
    assert [label.toPlainText() for label in page.charts.score.value_labels if label.isVisible()] == \
        [f"{row.score:g}" for row in scored]
    ticks = page.charts.score.getPlotItem().getAxis("left")._tickLevels[0]
    assert [name for _pos, name in ticks] == [row.unit for row in scored]
    assert "部门共" in page.charts.note.text()


def test_pdf_export_is_a4_with_embedded_fonts_and_the_table_text(qtbot, page, tmp_path):
    from tests.ui.paper.pdf_tools import fonts, page_sizes, run, squeezed, text
    path = tmp_path / "考核.pdf"
    page.export_pdf(str(path))
    qtbot.waitUntil(lambda: page.notice.kind in ("success", "error"), timeout=20000)
    assert page.notice.kind == "success", page.notice.text()
    assert page_sizes(path) == ["595 x 842"] * len(page_sizes(path))
    assert all(font["emb"] == "yes" for font in fonts(path))
    words = squeezed(text(path))
    assert "部门考核情况表" in words and "统计期间：2025-10-01至2025-10-31" in words
    _row, cgj = _row_by_code(page, "CGJ")
    line = next(line for line in run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-").splitlines()
                if cgj.unit in line)
    assert line.split()[1:7] == ["9", "8", "6", "4", "75.0%", "50.0%"]  # 立案, 应结案, 结案, 按期结案, the rates
    assert line.split()[-2:] == [f"{cgj.score:.1f}", cgj.grade]
    assert "综合得分=立案数分值×10%+结案率×30%+按期结案率×30%+1−返工率×30%" in words


def test_cli_pdf_writes_the_table_on_a4(service, month_cases, capsys, tmp_path, qapp):
    """`report assess --pdf` writes the printable table (the renderer is the desktop's, as `gridcc` registers it)."""
    from app.paper.rendering import register_renderer
    from tests.ui.paper.pdf_tools import page_sizes, squeezed, text
    from ui.launcher import _write_pdf
    register_renderer(_write_pdf)
    url = make_url(service.database.url).render_as_string(hide_password=False)
    path = tmp_path / "部门考核.pdf"
    code = main(["--db", url, "--now", NOW.isoformat(), "report", "assess", "--from", "2025-10-01",
                 "--to", "2025-11-01", "--by", "department", "--pdf", str(path)])
    assert code == 0
    assert "共 1 页" in capsys.readouterr().out
    assert page_sizes(path) == ["595 x 842"]
    assert "部门考核情况表" in squeezed(text(path))


def test_print_opens_the_preview_of_the_table(qtbot, page):
    from ui.paper.preview import preview_widget
    opened = []
    page.print_preview(on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    dialog = opened[0]
    try:
        qtbot.waitUntil(lambda: preview_widget(dialog).pageCount() == 1, timeout=20000)
        assert "部门考核情况表" in dialog.windowTitle()
    finally:
        dialog.close()
        dialog.deleteLater()
