"""A district adapts its paper without touching code: paper.json and templates in GRIDCC_PAPER_DIR
replace the shipped ones key by key and file by file; a broken file is one clear line."""

from __future__ import annotations

import json

import pytest

from app.paper.printing import case_sheet
from app.paper.templates import TemplateError, settings
from app.people.privacy import Viewer
from tests.ui.paper.pdf_tools import reported_case, squeezed, text
from ui.paper.engine import write_pdf


@pytest.fixture
def paper_dir(tmp_path, monkeypatch):
    folder = tmp_path / "paper"
    folder.mkdir()
    monkeypatch.setenv("GRIDCC_PAPER_DIR", str(folder))
    return folder


def test_district_name_heading_and_template_from_the_district_folder(service, qapp, paper_dir, tmp_path):
    """paper.json gives the district's name and a heading; the other keys stay as shipped; a copied
    template with a line of its own is used."""
    (paper_dir / "paper.json").write_text(json.dumps({"district": "海湾新区", "headings": {"case": "案件处置单"}}),
                                          encoding="utf-8")
    (paper_dir / "case_sheet.html").write_text("<h1>$heading</h1><p>编号 $case_no</p><p>本区自定格式</p>",
                                               encoding="utf-8")
    assert settings()["headings"]["card"] == "督办通知单"
    case_no = reported_case(service)
    target = tmp_path / "sheet.pdf"
    write_pdf(case_sheet(service, case_no, Viewer("disp1", "ws1")), target)
    content = squeezed(text(target))
    assert "海湾新区" in content and "案件处置单" in content and f"编号{case_no}" in content
    assert "本区自定格式" in content and "问题描述" not in content


def test_broken_paper_json_is_one_line(paper_dir):
    (paper_dir / "paper.json").write_text("{district:", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^打印设置文件 .*paper\.json 无法使用："):
        settings()
