"""The assessment figures of the hand-made month (tests/app/assessment/conftest.py), unit by unit."""

from __future__ import annotations

from datetime import date

import pytest

from app.assessment.figures import JSON_FIELDS, figures_json
from app.assessment.scoring import AssessmentConfigError
from app.assessment.table import assess
from tests.app.assessment.conftest import NOW

OCTOBER = {"start": date(2025, 10, 1), "end": date(2025, 11, 1)}
NOVEMBER = {"start": date(2025, 11, 1), "end": date(2025, 12, 1)}


def row_of(rows, code):
    """The row of the unit with `code`."""
    return next(row for row in rows if row.unit_code == code)


def counts(row) -> dict:
    """The raw counts of a row, by field name."""
    names = ("registered", "due_to_close", "closed", "closed_on_time", "handled", "reworked", "extended",
             "yellow_cards", "red_cards")
    return {name: getattr(row, name) for name in names}


def test_department_october_counts(service, month):
    """CGJ in October: A7 voided is left out; A8 is due in November; A3 and A10 are open past their
    deadline and count as due but not closed; A2 and A9 closed late; A5 on time by its extension;
    A6 on time because its parked days do not count; A4 handled and reworked once."""
    cgj = row_of(assess(service.database, level="department", now=NOW, **OCTOBER), "CGJ")
    assert counts(cgj) == {
        "registered": 9, "due_to_close": 8, "closed": 6, "closed_on_time": 4, "handled": 7, "reworked": 1,
        "extended": 1, "yellow_cards": 1, "red_cards": 1,
    }
    assert (cgj.close_rate, cgj.on_time_close_rate, cgj.overdue, cgj.overdue_rate) == (0.75, 0.5, 4, 0.5)
    assert cgj.rework_rate == pytest.approx(1 / 7)
    assert cgj.extension_rate == pytest.approx(1 / 9)


def test_department_handling_hours(service, month):
    """Working hours 立案 → 结案 of the seven CGJ cases closed in October, parked time taken out:
    A1 9.5, A2 17, A4 8.5, A5 19.5, A6 29.5 − 15 parked = 14.5, A8 8.5, A9 18 → 95.5 / 7 = 13.6;
    ZFJ's B1 10-27 09:00 → 15:00 is 3 + 1.5 = 4.5."""
    rows = assess(service.database, level="department", now=NOW, **OCTOBER)
    assert row_of(rows, "CGJ").avg_handle_hours == 13.6
    assert row_of(rows, "ZFJ").avg_handle_hours == 4.5


def test_department_score_and_grade(service, month):
    """CGJ October, default department weights 10/30/30/30:
    立案数 9 is in the band 0–50 → 100 × 10 % = 10;
    结案率 6/8 = 75 % → 75 × 30 % = 22.5;
    按期结案率 (standing in for 按期处置率) 4/8 = 50 % → 50 × 30 % = 15;
    1 − 返工率 = 1 − 1/7 = 85.714 % → × 30 % = 25.714;
    total 73.214 → 73.2, grade C (60 ≤ 73.2 < 75). ZFJ (one case, on time, no rework) scores 100, A,
    and ranks first."""
    rows = assess(service.database, level="department", now=NOW, **OCTOBER)
    cgj = row_of(rows, "CGJ")
    assert (cgj.score, cgj.grade) == (73.2, "C")
    assert (rows[0].unit_code, rows[0].score, rows[0].grade) == ("ZFJ", 100.0, "A")


def test_department_november_across_the_month_boundary(service, month):
    """November: nothing registered; A8 (registered and closed in October) is due on 11-01 and
    closed on time; A10's red card was filed on 11-10; nothing closed, so no handling time."""
    cgj = row_of(assess(service.database, level="department", now=NOW, **NOVEMBER), "CGJ")
    assert counts(cgj) == {
        "registered": 0, "due_to_close": 1, "closed": 1, "closed_on_time": 1, "handled": 0, "reworked": 0,
        "extended": 0, "yellow_cards": 0, "red_cards": 1,
    }
    assert (cgj.avg_handle_hours, cgj.rework_rate, cgj.extension_rate) == (None, None, None)


def test_both_light_conventions_count_alike(service, month):
    """The grade-overdue cases of grid G2 (A9 closed late, A10 open past its deadline) count against
    按期结案率 exactly like warn-before ones; only their cards differ: A10 was yellow when A3, its
    warn-before twin, was already red."""
    rows = assess(service.database, level="grid", now=NOW, **OCTOBER)
    g1, g2 = row_of(rows, "G1"), row_of(rows, "G2")
    assert counts(g1) == {
        "registered": 5, "due_to_close": 5, "closed": 4, "closed_on_time": 3, "handled": 4, "reworked": 1,
        "extended": 1, "yellow_cards": 0, "red_cards": 1,
    }
    assert counts(g2) == {
        "registered": 4, "due_to_close": 3, "closed": 2, "closed_on_time": 1, "handled": 3, "reworked": 0,
        "extended": 0, "yellow_cards": 1, "red_cards": 0,
    }
    assert g2.avg_handle_hours == 13.7


def test_grids_roll_up_to_community_and_street(service, month):
    """The community and the street hold the sum of their grids (B1 has no grid); area weights
    20/40/40: 100 × 20 % + 75 × 40 % + 50 × 40 % = 70.0, grade C."""
    for level, code in (("community", "C1"), ("street", "S1")):
        row = row_of(assess(service.database, level=level, now=NOW, **OCTOBER), code)
        assert counts(row) == {
            "registered": 9, "due_to_close": 8, "closed": 6, "closed_on_time": 4, "handled": 7, "reworked": 1,
            "extended": 1, "yellow_cards": 1, "red_cards": 1,
        }
        assert (row.score, row.grade, row.avg_handle_hours) == (70.0, "C", 13.6)


def test_grid_worker_counts_the_cases_they_reported(service, month):
    """Grid worker gw1 reported A1 (on time) and A2 (late)."""
    gw1 = row_of(assess(service.database, level="worker", now=NOW, **OCTOBER), "gw1")
    assert (gw1.registered, gw1.due_to_close, gw1.closed, gw1.closed_on_time) == (2, 2, 2, 1)


def test_unit_without_cases_is_listed_unscored(service, month):
    """A department with nothing in the period is listed last, without a score or grade."""
    rows = assess(service.database, level="department", now=NOW, **OCTOBER)
    idle = row_of(rows, "GAFJ")
    assert (idle.registered, idle.score, idle.grade) == (0, None, None)
    assert rows[-1].score is None


def test_json_row_has_exactly_the_fields(service, month):
    """A JSON row carries exactly the documented fields, rates as fractions."""
    data = figures_json(row_of(assess(service.database, level="department", now=NOW, **OCTOBER), "CGJ"))
    assert list(data) == list(JSON_FIELDS)
    assert (data["close_rate"], data["on_time_close_rate"], data["rework_rate"]) == (0.75, 0.5, 0.1429)


def test_period_end_must_follow_start(service):
    """A period that ends before it starts is refused."""
    with pytest.raises(AssessmentConfigError, match="应晚于"):
        assess(service.database, level="department", now=NOW, start=date(2025, 11, 1), end=date(2025, 10, 1))


def test_period_longer_than_ten_years_is_refused(service):
    """A period of more than ten years is refused before anything is read."""
    with pytest.raises(AssessmentConfigError, match="超过 10 年"):
        assess(service.database, level="grid", now=NOW, start=date(2000, 1, 1), end=date(2025, 12, 31))
    with pytest.raises(AssessmentConfigError, match="年份应在 1900–2200 之间"):
        assess(service.database, level="grid", now=NOW, start=date(9999, 1, 1), end=date(9999, 12, 31))
