"""Case sheets as PDF files, read back with poppler: A4, fonts embedded, text extractable, long
text flowing onto further pages, phones masked or revealed, every print audited.

The case is reported Tuesday 2025-09-30 10:00 (4工作时): red at 15:30, when the sweep files its
yellow and red cards.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.paper.printing import case_sheet
from app.people.privacy import Viewer
from db.schema import AuditEntry
from tests.conftest import local
from tests.ui.paper.pdf_tools import add_staff, fonts, page_sizes, reported_case, squeezed, text
from ui.paper.engine import write_pdf

A4 = "595 x 842"  # points; poppler rounds 595.28 x 841.89


@pytest.fixture
def printed(service, clock, qapp, tmp_path):
    """Print the sheet of `case_no` as `login` at 15:40 to a PDF; its path."""

    def print_case(case_no: str, login: str = "disp1"):
        clock.set(local(2025, 9, 30, 15, 40))
        path = tmp_path / f"{case_no}.pdf"
        write_pdf(case_sheet(service, case_no, Viewer(login, "ws1")), path)
        return path

    return print_case


def test_sheet_is_a4_with_every_font_embedded_and_text_extractable(service, printed):
    """The sheet is A4, its fonts are all embedded TrueType, and the case number, the Chinese
    labels and the district heading come back out as text."""
    case_no = reported_case(service)
    service.sweep()
    path = printed(case_no)
    assert set(page_sizes(path)) == {A4}
    found = fonts(path)
    assert found and all(f["emb"] == "yes" for f in found)
    assert {f["name"].split("+")[-1] for f in found} <= {"GridCCPaperSans-Regular", "GridCCPaperSans-Bold"}
    content = squeezed(text(path))
    for expected in (case_no, "案件派遣单", "暴露垃圾", "区城市管理局", "幸福路12号", "路边垃圾堆积，居民反映气味很大",
                     "处置人（签名）", "核查人（签名）", "第1页共1页", "打印人disp1", "打印时间2025-09-3015:40"):
        assert expected in content


def test_sheet_shows_deadline_light_history_and_cards_at_print_time(service, clock, printed):
    """At 15:40 the case is past its 15:30 limit: red, with the yellow and red cards the sweep filed
    and every step of the history."""
    case_no = reported_case(service)
    for moment in (local(2025, 9, 30, 14, 50), local(2025, 9, 30, 15, 35)):
        clock.set(moment)
        service.sweep()
    content = squeezed(text(printed(case_no)))
    assert "红灯" in content and "超10分" in content
    assert "黄牌督办" in content and "红牌督办" in content
    for step in ("上报", "核实", "立案", "派遣"):
        assert step in content


def test_long_description_flows_onto_further_pages_with_nothing_lost(service, printed):
    """A description of 120 numbered sentences runs onto page 2 and every sentence is in the text."""
    sentences = [f"第{n:03d}句居民反映路面塌陷严重影响通行。" for n in range(1, 121)]
    case_no = reported_case(service, description="".join(sentences))
    path = printed(case_no)
    assert len(page_sizes(path)) >= 2
    content = squeezed(text(path))
    assert all(sentence in content for sentence in sentences)
    assert "第120句" in squeezed(text(path, page=2)) or "第120句" in squeezed(text(path, page=3))


def test_markup_in_data_is_printed_as_text(service, printed):
    """Angle brackets and ampersands in a description are text on paper, not formatting."""
    case_no = reported_case(service, description="<b>井盖</b> & <img src=x> 缺失")
    assert "<b>井盖</b>&<imgsrc=x>缺失" in squeezed(text(printed(case_no)))


def test_dispatcher_prints_masked_phone_and_the_print_is_audited(service, database, printed):
    """A dispatcher may not reveal: the phone is masked and one `print` entry says so."""
    case_no = reported_case(service)
    content = squeezed(text(printed(case_no, "disp1")))
    assert "138****8000" in content and "13812348000" not in content
    entries = _audit(database)
    assert [(e.action, e.actor, e.workstation, e.detail["case_no"], e.detail["phone"]) for e in entries] == [
        ("print", "disp1", "ws1", case_no, "masked")]


def test_shift_leader_prints_the_phone_in_clear_and_the_reveal_is_audited(service, database, printed):
    """A shift leader may reveal: the phone is printed in clear, with a `reveal` entry beside the `print`."""
    add_staff(database, "leader1", "shift_leader")
    case_no = reported_case(service)
    assert "13812348000" in squeezed(text(printed(case_no, "leader1")))
    entries = _audit(database)
    assert sorted((e.action, e.actor) for e in entries) == [("print", "leader1"), ("reveal", "leader1")]
    reveal = next(e for e in entries if e.action == "reveal")
    assert reveal.detail == {"field": "reporter_phone", "via": "print"}


def _audit(database) -> list[AuditEntry]:
    with database.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action.in_(("print", "reveal")))
                                    .order_by(AuditEntry.at)))


def test_landscape_document_and_forced_page_breaks(qapp, tmp_path):
    """A landscape document is A4 on its side; each section marked new_page starts a page."""
    from datetime import datetime

    from app.paper.document import PaperDocument, Section

    sections = [Section(html=f"<h1>第{n}节</h1>", new_page=n > 1) for n in (1, 2, 3)]
    document = PaperDocument(title="月报", district="青澜区", printed_at=datetime(2025, 10, 1, 9, 0), printed_by="admin",
                             sections=sections, landscape=True)
    path = tmp_path / "wide.pdf"
    assert write_pdf(document, path) == 3
    assert page_sizes(path) == ["842 x 595"] * 3
    assert ["第2节" in squeezed(text(path, page=n)) for n in (1, 2, 3)] == [False, True, False]
    assert "第3页共3页" in squeezed(text(path, page=3))
