"""The monthly 通报's figures against the hand-made months (tests/app/reports/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from app.assessment.scoring import AssessmentConfigError
from app.assessment.table import assess, assess_with_total
from app.mediation.service import MediationService
from app.reports.monthly import monthly_report
from app.reports.monthly_text import report_text
from app.reports.periods import Month, parse_month
from tests.app.assessment.conftest import NOW

OCTOBER = Month(2025, 10)


@pytest.fixture
def report(service, months):
    return monthly_report(service.database, OCTOBER, now=NOW, mediation=MediationService(service.database, now=lambda: NOW))


def test_months_compared():
    """环比 is the month before (January's is December), 同比 the same month a year earlier."""
    assert Month(2025, 1).previous() == Month(2024, 12)
    assert Month(2025, 10).year_before() == Month(2024, 10)
    assert (Month(2025, 12).start, Month(2025, 12).end) == (date(2025, 12, 1), date(2026, 1, 1))
    assert parse_month(" 2025-3 ") == Month(2025, 3)
    for bad in ("2025-13", "2025/10", "", "10-2025"):
        with pytest.raises(AssessmentConfigError):
            parse_month(bad)


def test_totals_with_month_and_year_comparisons(report):
    """October: 受理 11 (A7 voided still was received), 立案 10, 应结案 9, 结案 7 of which 5 on time;
    September: S1 and S2, both on time; October 2024: Y1. 立案 环比 (10 − 2)/2 = +400 %, 同比
    (10 − 1)/1 = +900 %; 按期结案率 5/9 against 100 %: 环比 −44.4 points."""
    lines = {line.key: line for line in report.totals}
    assert [(lines[k].current, lines[k].previous, lines[k].year_before) for k in
            ("accepted", "registered", "due_to_close", "closed", "closed_on_time", "closed_late", "open_overdue")] == [
        (11, 2, 1), (10, 2, 1), (9, 2, 1), (7, 2, 1), (5, 2, 1), (2, 0, 0), (2, 0, 0)]
    assert lines["registered"].month_on_month == 4.0
    assert lines["registered"].year_on_year == 9.0
    assert lines["on_time_close_rate"].current == pytest.approx(5 / 9)
    assert lines["on_time_close_rate"].month_on_month == pytest.approx(5 / 9 - 1)
    assert lines["rework_rate"].current == pytest.approx(1 / 8)
    assert lines["closed_late"].month_on_month is None  # nothing to compare with


def test_tables_are_the_assessment_tables(service, report):
    """The department and grid rankings are exactly what `assess` gives for the month (the grids
    without handling hours, which their annex does not show)."""
    period = {"start": OCTOBER.start, "end": OCTOBER.end, "now": NOW}
    assert report.departments == assess(service.database, level="department", **period)
    assert report.grids == assess_with_total(service.database, level="grid", hours=False, **period)[0]
    assert [row.registered for row in report.grids] == [row.registered for row in
                                                        assess(service.database, level="grid", **period)]


def test_score_groups_name_best_and_worst(report):
    """职能部门: ZFJ 100 (A) first, CGJ 73.2 (C) last; two units are too few to list a last three."""
    group = next(g for g in report.groups if g.name == "职能部门")
    assert [(row.unit_code, row.score, row.grade) for row in group.rows] == [("ZFJ", 100.0, "A"), ("CGJ", 73.2, "C")]
    assert (group.best.unit_code, group.worst.unit_code, group.last_three) == ("ZFJ", "CGJ", [])


def test_breakdowns(report):
    """All ten registered cases came from 网格员上报; 暴露垃圾 8, 群众求助 2; 海棠社区 holds the 9 with a grid."""
    b = report.breakdowns
    assert [(s.label, s.count, s.share) for s in b.sources] == [("网格员上报", 10, 1.0)]
    assert [(c.label, c.count) for c in b.categories] == [("暴露垃圾", 8), ("群众求助", 2)]
    assert [(c.label, c.count, c.parent) for c in b.communities] == [("海棠社区", 9, "海棠街道")]
    assert [(g.label, g.count) for g in b.grids] == [("海棠社区G1网格", 5), ("海棠社区G2网格", 4)]


def test_backlog_at_the_end_of_the_month(report, months):
    """A3 and A10 are still open at 11-01 00:00, 1 day 15 hours past their 10-30 09:00 deadline."""
    bl = report.backlog
    assert bl.total == 2
    assert sorted(c.case_no for c in bl.cases) == sorted([months["A3"], months["A10"]])
    assert {c.overdue_days for c in bl.cases} == {1.6}
    assert bl.by_street == [("海棠街道", 2)]


def test_trend_covers_the_month(report):
    """31 days, the registered days adding up to 立案数."""
    assert len(report.trend.days) == 31 and sum(report.trend.registered) == 10


def test_text_names_the_figures(report):
    """The text carries the title, the totals with their comparisons, the best and worst, the backlog."""
    text = report_text(report)
    assert text.startswith("本区2025年10月网格化服务管理考核通报") or "2025年10月网格化服务管理考核通报" in text
    assert "立案 10 件（环比上升 400.0%，同比上升 900.0%）" in text
    assert "按期结案率 55.6%" in text
    assert "得分最高的是区综合行政执法局（100.0 分，A 级）" in text
    assert "至今仍未结案的案件共 2 件" in text
    assert "矛盾纠纷调解：本月受理 0 件" in text
