"""Weights, bands and grades as data: the defaults, the checks, and changing them."""

from __future__ import annotations

import json

import pytest

from app.assessment.figures import capped_ratio
from app.assessment.scoring import (
    AssessmentConfigError, ScoreRule, band_value, check_bands, check_weights, composite_score, config_data,
    config_from_data,
    grade_of,
)
from app.assessment.settings import (
    change_assessment, change_weights, default_data, read_weights, restore_default_weights,
)
from app.config.revision import read_config_revision
from db.schema import AuditEntry, Setting

DEFAULT_BANDS = ((50, 100.0), (100, 90.0), (200, 75.0), (500, 60.0), (1000, 40.0), (None, 0.0))


@pytest.mark.parametrize(("registered", "value"), [
    (0, 100), (50, 100), (51, 90), (100, 90), (101, 75), (200, 75), (201, 60), (500, 60), (501, 40),
    (1000, 40), (1001, 0),
])
def test_band_value_at_the_edges(registered, value):
    """立案数分值 follows the default bands at both edges of each band."""
    assert band_value(DEFAULT_BANDS, registered) == value


@pytest.mark.parametrize(("score", "grade"), [(100, "A"), (90, "A"), (89.9, "B"), (75, "B"), (60, "C"),
                                              (40, "D"), (39.9, "E"), (0, "E")])
def test_grades_at_their_floors(score, grade):
    """A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below."""
    grades = config_from_data(default_data()).grades
    assert grade_of(grades, score) == grade


def test_capped_ratio_caps_and_leaves_undefined():
    """A quotient above 1 is shown as 1; nothing to divide by gives None."""
    assert (capped_ratio(5, 4), capped_ratio(1, 4), capped_ratio(0, 0)) == (1.0, 0.25, None)


def test_composite_score_uses_the_weights():
    """30 % of 80 + 70 % of 100 (band) = 94."""
    rule = ScoreRule({"registered_score": 70, "close_rate": 30, "on_time_close_rate": 0, "rework_free_rate": 0},
                     DEFAULT_BANDS)
    assert composite_score(rule, registered=10, close_rate=0.8, on_time_close_rate=0.1, rework_rate=0.5) == 94.0


def test_weights_not_adding_to_100_are_refused():
    """Weights adding to 90 % are refused with the sum in the message."""
    with pytest.raises(AssessmentConfigError, match="之和应为 100%，现为 90%"):
        check_weights("department", {"registered_score": 10, "close_rate": 30, "on_time_close_rate": 30,
                                     "rework_free_rate": 20})


def test_unknown_or_negative_weight_is_refused():
    """An unknown part or a weight outside 0–100 is refused, naming it."""
    with pytest.raises(AssessmentConfigError, match="未知的指标：speed"):
        check_weights("area", {"speed": 100})
    with pytest.raises(AssessmentConfigError, match="结案率"):
        check_weights("area", {"close_rate": -10, "registered_score": 110})


def test_bands_must_rise_and_end_open():
    """Bands out of order or without an open last band are refused."""
    with pytest.raises(AssessmentConfigError, match="逐档递增"):
        check_bands("department", [[100, 90], [50, 100], [None, 0]])
    with pytest.raises(AssessmentConfigError, match="逐档递增"):
        check_bands("department", [[50, 100], [100, 90]])


def test_stored_defaults_are_seeded(database):
    """A prepared database holds the default weights, which add to 100 %."""
    config = read_weights(database)
    assert config.department.weights == {"registered_score": 10.0, "close_rate": 30.0,
                                         "on_time_close_rate": 30.0, "rework_free_rate": 30.0}
    assert config.department.bands == DEFAULT_BANDS
    assert sum(config.area.weights.values()) == 100


def test_change_weights_stores_audits_and_bumps_revision(database):
    """New weights are stored, audited, and move the configuration revision."""
    with database.read() as session:
        before = read_config_revision(session)
    weights = {"registered_score": 25, "close_rate": 25, "on_time_close_rate": 25, "rework_free_rate": 25}
    change_weights(database, "department", weights, actor="admin")
    assert read_weights(database).department.weights == {name: 25.0 for name in weights}
    with database.read() as session:
        assert read_config_revision(session) == before + 1
        assert session.query(AuditEntry).filter_by(action="change_assessment_weights").count() == 1


def test_refused_change_leaves_weights_untouched(database):
    """Weights that do not add to 100 % change nothing."""
    before = read_weights(database)
    with pytest.raises(AssessmentConfigError):
        change_weights(database, "area", {"close_rate": 50}, actor="admin")
    assert read_weights(database) == before


def test_stored_weights_not_adding_to_100_are_refused_when_loaded(database):
    """A settings row edited by hand to weights adding to 110 % is refused when read, with a message."""
    with database.write() as session:
        row = session.query(Setting).filter_by(key="assessment.area").one()
        row.value = json.dumps({"weights": {"close_rate": 60, "on_time_close_rate": 50}, "bands": [[None, 100]]})
    with pytest.raises(AssessmentConfigError, match="网格/区域各项权重之和应为 100%，现为 110%"):
        read_weights(database)


def test_restore_default_weights(database):
    """Restoring the defaults undoes an administrator's change."""
    change_weights(database, "area", {"close_rate": 50, "on_time_close_rate": 50}, actor="admin")
    with database.write() as session:
        restore_default_weights(session)
    assert read_weights(database) == config_from_data(default_data())


def test_change_assessment_stores_weights_bands_and_grades_in_one_step(database):
    """The whole configuration is stored, audited once, and moves the revision once."""
    with database.read() as session:
        before = read_config_revision(session)
    data = config_data(read_weights(database))
    data["area"]["weights"] = {"registered_score": 0, "close_rate": 50, "on_time_close_rate": 50, "rework_free_rate": 0}
    data["department"]["bands"] = [[10, 100], [None, 50]]
    data["grades"] = [["优", 85], ["良", 70], ["差", 0]]
    config = change_assessment(database, data, actor="admin")
    assert config == read_weights(database)
    assert config.area.weights["close_rate"] == 50.0
    assert config.department.bands == ((10, 100.0), (None, 50.0))
    assert config.grades == (("优", 85.0), ("良", 70.0), ("差", 0.0))
    with database.read() as session:
        assert read_config_revision(session) == before + 1
        assert session.query(AuditEntry).filter_by(action="change_assessment").count() == 1


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["department"]["weights"].update(close_rate=40), "部门各项权重之和应为 100%，现为 110%"),
    (lambda d: d["area"].update(bands=[[100, 90], [50, 100], [None, 0]]), "上限应逐档递增"),
    (lambda d: d["area"].update(bands=[[50, 120], [None, 0]]), "分值应在 0–100 之间"),
    (lambda d: d.update(grades=[["A", 60], ["B", 75], ["E", 0]]), "等级分界应从高到低排列"),
    (lambda d: d.update(grades=[["A", 90], ["A", 0]]), "等级名称不能为空，也不能重复"),
])
def test_change_assessment_refuses_a_bad_part_and_stores_nothing(database, change, message):
    before = read_weights(database)
    data = config_data(before)
    change(data)
    with pytest.raises(AssessmentConfigError, match=message):
        change_assessment(database, data, actor="admin")
    assert read_weights(database) == before
