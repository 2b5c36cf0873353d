"""The monthly 矛盾纠纷排查调处情况表 against a fixture computed by hand, and its workbook."""

from datetime import date

import openpyxl
import pytest

from app.mediation.drafts import ActionInputs, ObligationDraft
from app.mediation.screening import file_report
from app.mediation.statistics import COLUMNS, monthly_table
from app.mediation.statistics_xlsx import write_workbook
from tests.app.mediation.conftest import register
from tests.conftest import local


def _act(service, number, action, at, **inputs):
    service.act(number, action, actor="m", inputs=ActionInputs(at=at, **inputs))


@pytest.fixture
def october(district, clock):
    """Two September and five October disputes, plus screening reports (the figures in the tests)."""
    s = district
    clock.set(local(2025, 11, 15, 10, 0))
    d1 = register(s, registered_at=local(2025, 9, 2, 9, 0))
    for action in ("notify", "accept", "session"):
        _act(s, d1, action, local(2025, 9, 2, 10, 0), note="记录")
    _act(s, d1, "agree_written", local(2025, 9, 5, 10, 0), terms=("赔偿",),
         obligations=(ObligationDraft(what="赔偿", amount=500, due_on=date(2025, 9, 30)),))
    _act(s, d1, "apply_confirmation", local(2025, 9, 6, 10, 0))
    _act(s, d1, "confirm", local(2025, 9, 20, 10, 0), decision="confirmed")
    _act(s, d1, "fulfil", local(2025, 9, 25, 10, 0), evidence="收条")
    d7 = register(s, registered_at=local(2025, 9, 1, 9, 0))
    for action in ("notify", "accept", "session"):
        _act(s, d7, action, local(2025, 9, 1, 10, 0), note="记录")
    d2 = register(s, source="主动调解", registered_at=local(2025, 10, 8, 9, 0))
    for action in ("notify", "accept", "session"):
        _act(s, d2, action, local(2025, 10, 9, 10, 0), note="记录")
    _act(s, d2, "agree_oral", local(2025, 10, 10, 10, 0), terms=("互相道歉",))
    d3 = register(s, type="劳资纠纷", source="法院委派", referring_body="青澜区人民法院", people_involved=3,
                  risk_flags=("民转刑",), registered_at=local(2025, 10, 9, 9, 0))
    for action in ("notify", "accept", "escalate", "session"):
        _act(s, d3, action, local(2025, 10, 10, 10, 0), note="记录")
    _act(s, d3, "agree_written", local(2025, 10, 12, 10, 0), terms=("付清工资",),
         obligations=(ObligationDraft(what="工资", amount=2000, due_on=date(2025, 11, 30)),))
    d4 = register(s, type="婚姻家庭", registered_at=local(2025, 10, 12, 9, 0))
    for action in ("notify", "accept", "session"):
        _act(s, d4, action, local(2025, 10, 13, 10, 0), note="记录")
    _act(s, d4, "fail", local(2025, 10, 20, 10, 0), note="双方分歧大")
    d5 = register(s, registered_at=local(2025, 10, 14, 9, 0))
    _act(s, d5, "refuse", local(2025, 10, 14, 10, 0), note="一方拒绝调解")
    file_report(s, "渔港社区", "2025-10", found=2, prevented=1, actor="clerk")
    file_report(s, "山前社区", "2025-10", found=0, actor="clerk")
    file_report(s, "山前社区", "2025-09", found=1, prevented=1, actor="clerk")
    return monthly_table(s, 2025, 10)


def _row(rows, label):
    return next(r.values for r in rows if r.label == label)


def _nonzero(values):
    return {k: v for k, v in values.items() if v}


def test_month_rows_by_type(october):
    """October by type: 邻里 (oral, nothing left to perform), 劳动争议 (from 劳资纠纷, a referral preventing 民转刑), 婚姻家庭 (failed)."""
    assert _nonzero(_row(october.by_type, "邻里")) == {
        "accepted": 1, "initiative": 1, "success": 1, "success_rate": 100.0, "oral": 1, "performed": 1}
    assert _nonzero(_row(october.by_type, "劳动争议")) == {
        "accepted": 1, "referred": 1, "success": 1, "success_rate": 100.0, "amount": 2000, "criminal": 1,
        "criminal_people": 3, "written": 1}
    assert _nonzero(_row(october.by_type, "婚姻家庭")) == {"accepted": 1, "applied": 1}
    assert _nonzero(_row(october.by_type, "小计")) == {
        "accepted": 3, "initiative": 1, "applied": 1, "referred": 1, "success": 2, "success_rate": 66.7,
        "amount": 2000, "criminal": 1, "criminal_people": 3, "oral": 1, "written": 1, "performed": 1}


def test_year_to_date_rows(october):
    """年度累计 adds September: a confirmed, performed agreement of 500 and a mediation still running overdue."""
    assert _nonzero(_row(october.by_type_year, "邻里")) == {
        "accepted": 3, "initiative": 1, "applied": 2, "success": 2, "success_rate": 66.7, "amount": 500,
        "oral": 1, "written": 1, "confirmed": 1, "performed": 2, "overdue": 1}
    total = _row(october.by_type_year, "小计")
    assert (total["accepted"], total["success"], total["success_rate"], total["amount"], total["overdue"]) == (
        5, 3, 60.0, 2500, 1)


def test_rows_by_level(october):
    """The escalated referral counts at the street level; the others at the community committee."""
    assert _row(october.by_level, "村居调委会")["accepted"] == 2
    assert _row(october.by_level, "镇街调委会")["accepted"] == 1
    assert _row(october.by_level, "小计")["accepted"] == 3
    assert _row(october.by_level_year, "村居调委会")["accepted"] == 4


def test_screening_figures(october):
    """Screening: two reports in October (2 found, 1 prevented), three in the year."""
    assert october.screening.__dict__ == {"reports": 2, "found": 2, "prevented": 1}
    assert october.screening_year.__dict__ == {"reports": 3, "found": 3, "prevented": 2}


def test_workbook_is_formatted_with_numbers(october, tmp_path):
    """The workbook has styled frozen headings, numbers stored as numbers and bold 小计 rows."""
    path = write_workbook(october, tmp_path / "情况表.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["按纠纷类型", "按调处层级"]
    sheet = book["按纠纷类型"]
    assert sheet.freeze_panes == "C5"
    assert [c.value for c in sheet[4]][:4] == ["统计期间", "纠纷类型", "受理数", "主动"]
    assert sheet["C4"].font.bold and sheet.column_dimensions["C"].width == 12
    rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=5)}
    total = rows[("本月", "小计")]
    assert total[2].value == 3 and isinstance(total[2].value, int) and total[0].font.bold
    rate = total[2 + [k for k, _ in COLUMNS].index("success_rate")]
    assert rate.value == 66.7 and rate.number_format == "0.0"
    assert rows[("年度累计", "小计")][2].value == 5
