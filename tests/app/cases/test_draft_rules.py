"""The one set of rules for a new case (clean_case_draft), without a database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.calendar import TimeLimit, TimeUnit
from app.cases.draft_rules import (
    TEXT_LIMITS, CaseDraftError, DraftProblem, case_draft_problems, clean_case_draft, derive_title,
)
from app.cases.drafts import CaseDraft
from db.schema import Case
from tests.conftest import local

NOW = local(2025, 9, 30, 10, 0)


def draft(**changes) -> CaseDraft:
    """A valid hotline draft with ``changes``."""
    values = dict(source="12345热线", category="0101", description="幸福路垃圾堆放", reported_at=NOW)
    return CaseDraft(**{**values, **changes})


def problems_of(**changes) -> list[str]:
    """The problems of the valid draft with ``changes``, as "标签：原因" lines."""
    with pytest.raises(CaseDraftError) as error:
        clean_case_draft(draft(**changes), now=NOW)
    return [problem.describe() for problem in error.value.problems]


def test_text_limits_come_from_the_schema():
    """Each length limit is the size of the cases table's column, so the two never disagree."""
    assert TEXT_LIMITS == {field: Case.__table__.c[field].type.length for field in TEXT_LIMITS}
    assert TEXT_LIMITS["title"] == 200


@pytest.mark.parametrize(("field", "label"), [
    ("title", "标题"), ("source", "来源"), ("external_no", "工单编号"), ("address", "地址"),
    ("reporter_name", "报告人姓名"),
])
def test_over_long_text_is_refused_naming_field_and_limit(field, label):
    """A text one character over its column is refused with the field's label and both lengths."""
    limit = TEXT_LIMITS[field]
    assert problems_of(**{field: "长" * (limit + 1)}) == [f"{label}：最多{limit}个字，现在有{limit + 1}个字"]


def test_text_exactly_at_the_limit_is_kept():
    """A 200-character title fits its column and is kept as it is."""
    assert clean_case_draft(draft(title="题" * 200), now=NOW).title == "题" * 200


@pytest.mark.parametrize("field", ["source", "category", "description"])
def test_required_text_blank_is_refused(field):
    """来源, 事件类别 and 事件描述 must be given; white space alone does not count."""
    label = {"source": "来源", "category": "事件类别", "description": "事件描述"}[field]
    assert problems_of(**{field: " \n "}) == [f"{label}：必须填写"]


@pytest.mark.parametrize("field", ["title", "description", "address", "reporter_name", "category"])
def test_nul_character_is_refused(field):
    """A NUL character (PostgreSQL cannot store one) is refused in any text field."""
    assert problems_of(**{field: "幸福路\x00垃圾"})[0].endswith("含有不可见的空字符（NUL），请删除后重试")


@pytest.mark.parametrize("year", [1000, 1, 1899])
def test_report_before_1900_is_refused(year):
    """A case reported in the year 1000 (or any year before 1900) is refused, not stored."""
    assert problems_of(reported_at=local(year, 6, 1, 12, 0)) == [
        f"上报时间：{year:04d}-06-01早于1900年，不是有效的上报时间"]


def test_report_in_the_future_beyond_tolerance_is_refused():
    """A report six minutes ahead of now is refused; four minutes ahead is clock difference."""
    assert problems_of(reported_at=NOW + timedelta(minutes=6)) == ["上报时间：不能晚于当前时间"]
    assert clean_case_draft(draft(reported_at=NOW + timedelta(minutes=4)), now=NOW).reported_at > NOW


@pytest.mark.parametrize(("lon", "lat", "expected"), [
    (200.0, 35.0, ["经度：200超出范围：应在73～136之间（中国境内）"]),
    (120.0, -91.0, ["纬度：-91超出范围：应在3～54之间（中国境内）"]),
    (35.96, 120.18, ["经度：疑似与纬度填反（经度35.96，纬度120.18）"]),
    (120.18, None, ["纬度：经度和纬度要么都填，要么都不填"]),
    (float("nan"), 35.0, ["经度：不是有效的数字"]),
])
def test_location_outside_range_is_refused(lon, lat, expected):
    """A point outside China's extent, swapped, half given or not a number is refused."""
    assert problems_of(lon=lon, lat=lat) == expected


@pytest.mark.parametrize(("phone", "stored"), [("138 0532 6677", "13805326677"), ("0532-88886666", "0532-88886666"),
                                               ("", None)])
def test_phone_goes_through_validate_phone(phone, stored):
    """The phone is normalised by the form's rule; blank means none."""
    assert clean_case_draft(draft(reporter_phone=phone), now=NOW).reporter_phone == stored


@pytest.mark.parametrize("phone", ["12345", "8613800138000", "110"])
def test_phone_the_form_rejects_is_refused(phone):
    """Numbers the form refuses (a service number, 86 without +) are refused here too."""
    assert problems_of(reporter_phone=phone)[0].startswith("联系电话：")


def test_work_order_number_is_folded_and_trimmed():
    """A full-width work-order number is stored in its half-width form, trimmed."""
    assert clean_case_draft(draft(external_no="　ＷＯ０００５０１ "), now=NOW).external_no == "WO000501"


def test_blank_title_comes_from_description():
    """Without a title, the description's first line (cut to about 20 characters) is the title."""
    assert clean_case_draft(draft(title=" ", description="一行\n二行"), now=NOW).title == "一行"
    assert derive_title("小区北门垃圾堆放多日无人清理，气味很大，居民反映强烈") == "小区北门垃圾堆放多日无人清理，气味很大…"


def test_unknown_urgency_and_absurd_limit_are_refused():
    """An urgency outside 一般/紧急/特急 and a time limit over a year are refused."""
    assert problems_of(urgency="很急", time_limit=TimeLimit(amount=99999999, unit=TimeUnit.WORK_DAY)) == [
        "紧急程度：“很急”无效，应为一般、紧急、特急之一", "时限：99999999工作日过长：最多250工作日（约一年）"]


def test_every_problem_is_listed_in_form_order():
    """All broken rules are named at once, in the order of the fields, in one message."""
    with pytest.raises(CaseDraftError) as error:
        clean_case_draft(draft(description="", title="标" * 201, reporter_phone="1"), now=NOW)
    assert str(error.value) == "标题：最多200个字，现在有201个字；事件描述：必须填写；联系电话：手机号码应为11位数字，现在是1位"


def test_known_problems_are_kept_and_their_fields_not_rechecked():
    """A caller's own problem (an unreadable cell) is listed and its field not checked again."""
    values = dict(source="热线", category="0101", description="垃圾", reported_at=None, urgency="一般")
    _, problems = case_draft_problems(values, now=NOW, known={"reported_at": "不是有效的日期时间：“昨天”"})
    assert problems == [DraftProblem("reported_at", "不是有效的日期时间：“昨天”")]


def test_labels_can_be_the_callers_column_names():
    """An import names a field by its column (内容), the form by its own label (事件描述)."""
    assert DraftProblem("description", "必须填写").describe({"description": "内容"}) == "内容：必须填写"
