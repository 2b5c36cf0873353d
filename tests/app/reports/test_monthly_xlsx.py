"""The monthly workbook read back with openpyxl, and `gridcc report monthly` on the command line."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from PIL import Image as PilImage
from sqlalchemy.engine import make_url

from app.assessment.workbook import COLUMNS, HEADER_ROW
from app.reports.monthly import monthly_report
from app.reports.monthly_charts import chart_specs
from app.reports.monthly_xlsx import write_monthly_workbook
from tests.app.assessment.conftest import NOW
from tests.app.reports.test_monthly import OCTOBER
from tests.cli_runs import gridcc


def _png(width=600, height=280) -> bytes:
    out = BytesIO()
    PilImage.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def book(service, months, tmp_path):
    report = monthly_report(service.database, OCTOBER, now=NOW)
    images = [(spec, _png()) for spec in chart_specs(report)]
    path = write_monthly_workbook(report, tmp_path / "monthly.xlsx", images=images)
    return report, load_workbook(path)


def test_workbook_sheets(book):
    """A sheet per table, and the chart sheet holding the four images."""
    report, workbook = book
    assert workbook.sheetnames == ["总体情况", "得分排名", "部门考核", "网格考核", "案件来源", "问题类别", "高发区域",
                                   "超期积案", "每日趋势", "图表"]
    assert len(workbook["图表"]._images) == 4


def test_department_sheet_equals_the_assessment(book):
    """Every unit cell of the department annex equals the assessment row's figure."""
    report, workbook = book
    sheet = workbook["部门考核"]
    for offset, row in enumerate(report.departments, start=HEADER_ROW + 1):
        for column, (name, _heading, _kind) in enumerate(COLUMNS, start=1):
            expected = getattr(row, name)
            value = sheet.cell(row=offset, column=column).value
            if expected is None:
                assert value in (None, ""), name
            else:
                assert value == (pytest.approx(expected) if isinstance(expected, float) else expected), name
    total_row = HEADER_ROW + 1 + len(report.departments)
    assert sheet.cell(row=total_row, column=1).value == "合计"
    assert sheet.cell(row=total_row, column=3).value == 10
    assert sheet.freeze_panes == "C3" and sheet.print_title_rows == "$1:$2"


def test_totals_sheet_numbers_and_formats(book):
    """Counts are numbers, rates fractions in percentage format, rate changes in points, frozen
    headers, A4 with the title rows repeated."""
    _report, workbook = book
    sheet = workbook["总体情况"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    registered, on_time = rows["立案数"], rows["按期结案率"]
    assert [sheet.cell(row=registered, column=c).value for c in range(2, 7)] == [10, 2, 4.0, 1, 9.0]
    assert sheet.cell(row=registered, column=4).number_format == "+0.0%;-0.0%;0.0%"
    assert sheet.cell(row=on_time, column=2).value == pytest.approx(5 / 9)
    assert sheet.cell(row=on_time, column=2).number_format == "0.0%"
    assert sheet.cell(row=on_time, column=4).value == pytest.approx((5 / 9 - 1) * 100)
    assert "个百分点" in sheet.cell(row=on_time, column=4).number_format
    assert sheet.freeze_panes == "B3" and sheet.print_title_rows == "$1:$2"
    assert str(sheet.page_setup.paperSize) == "9"
    assert workbook["案件来源"].cell(row=3, column=3).number_format == "0.0%"
    assert workbook["部门考核"].page_setup.orientation == "landscape"


def test_backlog_and_ranking_sheets(book):
    """The backlog lists A3 and A10 with their deadlines as dates; the ranking names ZFJ first."""
    _report, workbook = book
    backlog = workbook["超期积案"]
    assert backlog.cell(row=2, column=6).value == "办理期限"
    assert backlog.cell(row=3, column=6).is_date and backlog.cell(row=3, column=7).value == 1.6
    assert backlog.max_row == 4
    ranking = workbook["得分排名"]
    assert [ranking.cell(row=3, column=c).value for c in range(1, 6)] == ["职能部门", 1, "区综合行政执法局", 100, "A"]


def test_cli_monthly_text_and_bad_month(service, months, capsys):
    """Without files the 通报 text is printed; a bad month is one line and exit code 2."""
    url = make_url(service.database.url).render_as_string(hide_password=False)
    code, out, _err = gridcc(capsys, "--db", url, "--now", NOW.isoformat(), "report", "monthly", "--month", "2025-10")
    assert code == 0 and "2025年10月网格化服务管理考核通报" in out and "一、案件总体情况" in out
    code, _out, err = gridcc(capsys, "--db", url, "report", "monthly", "--month", "2025-13")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "2025-13" in err


def test_cli_workbook_into_a_missing_folder(service, capsys, tmp_path, monkeypatch):
    """A workbook path in a folder that does not exist is one Chinese line and exit code 2."""
    from app.reports import charts
    monkeypatch.setattr(charts, "_renderer", [lambda spec, size: _png()])
    url = make_url(service.database.url).render_as_string(hide_password=False)
    target = tmp_path / "missing" / "m.xlsx"
    code, _out, err = gridcc(capsys, "--db", url, "report", "monthly", "--month", "2025-10", "--xlsx", target)
    assert code == 2 and err.strip().splitlines() == [f"错误：无法写入文件“{target}”：文件夹不存在"]
