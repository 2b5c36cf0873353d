"""The monthly 通报 as a PDF: A4, fonts embedded, the text and figures extractable, the four charts."""

from __future__ import annotations

import pytest

from app.paper.rendering import register_renderer
from app.reports.monthly import monthly_report
from app.reports.monthly_pdf import write_monthly_pdf
from tests.app.assessment.conftest import NOW
from tests.app.reports.conftest import build_report_months
from tests.app.reports.test_monthly import OCTOBER
from tests.ui.paper.pdf_tools import fonts, page_sizes, run, squeezed, text
from ui.charts.renderer import install
from ui.paper.engine import write_pdf

A4 = "595 x 842"  # points, as poppler rounds A4


@pytest.fixture
def pdf(service, clock, qapp, tmp_path):
    build_report_months(service, clock)
    install()
    register_renderer(write_pdf)
    report = monthly_report(service.database, OCTOBER, now=NOW)
    return write_monthly_pdf(report, tmp_path / "monthly.pdf", printed_by="tester")


def test_monthly_pdf_is_a4_with_embedded_fonts_and_charts(pdf):
    """Every page A4, every font embedded, four chart pictures."""
    assert set(page_sizes(pdf)) == {A4}
    found = fonts(pdf)
    assert found and all(f["emb"] == "yes" for f in found)
    images = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len([line for line in images if " image " in line]) >= 4


def test_monthly_pdf_text_carries_the_figures(pdf):
    """The title, the totals with their comparisons, the best unit, the backlog and the annexes come
    back out as text; the annexes begin on pages of their own."""
    content = squeezed(text(pdf))
    for expected in ("2025年10月网格化服务管理考核通报", "一、案件总体情况", "立案10件（环比上升400.0%，同比上升900.0%）",
                     "区综合行政执法局（100.0）", "至今仍未结案的案件共2件", "附件1部门考核情况表",
                     "附件2网格考核情况表", "打印人tester"):
        assert expected in content, expected
    pages = int(run("pdfinfo", str(pdf)).split("Pages:")[1].split()[0])
    assert "附件2" in squeezed(text(pdf, pages)) and "附件1" not in squeezed(text(pdf, pages))


def test_cli_writes_workbook_and_pdf(service, clock, qapp, tmp_path, capsys):
    """`gridcc report monthly --xlsx --pdf` through the launcher (which installs both renderers)
    writes both files, the workbook with its four chart images."""
    from openpyxl import load_workbook
    from sqlalchemy.engine import make_url

    from ui.launcher import main
    build_report_months(service, clock)
    url = make_url(service.database.url).render_as_string(hide_password=False)
    xlsx, pdf_path = tmp_path / "m.xlsx", tmp_path / "m.pdf"
    code = main(["--db", url, "--now", NOW.isoformat(), "report", "monthly", "--month", "2025-10",
                 "--xlsx", str(xlsx), "--pdf", str(pdf_path)])
    out = capsys.readouterr().out
    assert code == 0 and str(xlsx) in out and str(pdf_path) in out
    assert len(load_workbook(xlsx)["图表"]._images) == 4
    assert set(page_sizes(pdf_path)) == {A4}
