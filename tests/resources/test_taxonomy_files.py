"""Validate the default taxonomy data files (departments, categories, limits, light policies)."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

URGENCIES = ("一般", "紧急", "特急")
STAGES = ("verify", "dispatch", "accept", "handle", "check")
LIMIT_PATTERN = re.compile(r"^(\d+(?:\.\d+)?)(工作时|工作日|小时|天|分钟)$")
WORKING_SECONDS = {"工作时": 3600, "工作日": 27000}
CLOCK_SECONDS = {"分钟": 60, "小时": 3600, "天": 86400}
# Average clock time per unit of working time: 5 days of 7.5 h office time fill a 7-day week.
CLOCK_PER_WORKING_SECOND = 7 * 86400 / (5 * 27000)

REQUIRED_NAMES = (
    "暴露垃圾", "私搭乱建", "违法建设", "占道经营", "道路破损", "井盖缺损", "路灯不亮",
    "噪声扰民", "环境污染", "积存垃圾渣土", "乱张贴", "违规户外广告", "无照经营游商",
    "共享单车乱停放", "占道堆物", "绿地脏乱", "树木倒伏", "污水冒溢", "私设地锁",
    "矛盾纠纷", "治安隐患", "安全生产隐患", "消防隐患", "食品安全", "群众求助", "政策咨询",
    "其他", "燃气隐患", "电动车违规充电", "房屋安全隐患", "拖欠工资", "物业纠纷", "邻里纠纷",
)
REQUIRED_DEPARTMENT_KINDS = {"department", "street", "company"}


def _load(name: str) -> dict:
    return json.loads(files("resources.taxonomy").joinpath(name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def departments() -> list[dict]:
    return _load("departments.json")["departments"]


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    return _load("categories.json")


@pytest.fixture(scope="module")
def leaves(taxonomy) -> list[dict]:
    return [child for group in taxonomy["categories"] for child in group["children"]]


def _leaf(leaves: list[dict], name: str) -> dict:
    return next(leaf for leaf in leaves if leaf["name"] == name)


def _seconds(text: str) -> tuple[bool, float]:
    """Whether a limit counts working time, and its length in seconds of that kind of time."""
    amount, unit = LIMIT_PATTERN.match(text).groups()
    if unit in WORKING_SECONDS:
        return True, float(amount) * WORKING_SECONDS[unit]
    return False, float(amount) * CLOCK_SECONDS[unit]


def _no_longer(shorter: str, longer: str) -> bool:
    """Whether limit `shorter` is at most `longer`: exact within a unit family, roughly across."""
    working_a, seconds_a = _seconds(shorter)
    working_b, seconds_b = _seconds(longer)
    if working_a != working_b:
        seconds_a *= CLOCK_PER_WORKING_SECOND if working_a else 1
        seconds_b *= CLOCK_PER_WORKING_SECOND if working_b else 1
    return seconds_a <= seconds_b


def test_no_longer_helper_compares_units():
    """The comparison helper orders limits within and across unit families as documented."""
    assert _no_longer("7.5工作时", "1工作日")
    assert _no_longer("2工作日", "15工作时")
    assert not _no_longer("2工作日", "14工作时")
    assert _no_longer("4小时", "1工作日")
    assert not _no_longer("2天", "1工作日")
    assert _no_longer("1工作日", "2天")


def test_departments_codes_and_names_unique(departments):
    """Department codes and names are each unique."""
    assert len({d["code"] for d in departments}) == len(departments)
    assert len({d["name"] for d in departments}) == len(departments)


def test_departments_have_known_kinds(departments):
    """Every department has one of the three kinds, and every kind is used."""
    assert {d["kind"] for d in departments} == REQUIRED_DEPARTMENT_KINDS
    assert set(departments[0]) == {"code", "name", "kind"}


def test_departments_cover_required_bodies(departments):
    """The departments named in the brief are all present."""
    names = " ".join(d["name"] for d in departments)
    for word in ("城市管理", "综合行政执法", "住房和城乡建设", "自然资源和规划", "生态环境",
                 "市场监督管理", "应急管理", "消防救援", "公安分局", "司法局", "民政局",
                 "人力资源和社会保障", "卫生健康", "交通运输", "水务", "园林绿化", "信访局",
                 "12345", "供电", "供水", "燃气", "通信运营商", "公交", "街道办事处"):
        assert word in names, word


def test_policies_are_the_two_light_conventions(taxonomy):
    """The two policies carry the ratios of warn-before and grade-overdue."""
    policies = {p["code"]: p for p in taxonomy["policies"]}
    assert policies["warn_before"] == {"code": "warn_before", "name": "临期预警",
                                       "kind": "warn_before", "yellow_ratio": 0.8, "red_ratio": 1.0}
    assert policies["grade_overdue"] == {"code": "grade_overdue", "name": "超期分级",
                                         "kind": "grade_overdue", "yellow_ratio": 1.0, "red_ratio": 3.0}


def test_stages_listed_in_order(taxonomy):
    """The file lists the five stages in lifecycle order."""
    assert taxonomy["stages"] == list(STAGES)


def test_category_codes_unique_and_nested(taxonomy, leaves):
    """First-level codes have 2 digits, second-level 4 digits starting with the parent's code."""
    codes = [g["code"] for g in taxonomy["categories"]] + [leaf["code"] for leaf in leaves]
    assert len(set(codes)) == len(codes)
    for group in taxonomy["categories"]:
        assert re.fullmatch(r"\d{2}", group["code"]), group["code"]
        assert group["domain"] in {"urban", "social"}
        assert group["children"], group["name"]
        for child in group["children"]:
            assert re.fullmatch(r"\d{4}", child["code"]), child["code"]
            assert child["code"].startswith(group["code"]), child["code"]


def test_category_names_unique(taxonomy, leaves):
    """No name occurs twice across both levels, so the importer can look categories up by name."""
    names = [g["name"] for g in taxonomy["categories"]] + [leaf["name"] for leaf in leaves]
    assert len(set(names)) == len(names)
    assert all(0 < len(name) <= 50 for name in names)


def test_required_category_names_present(leaves):
    """Every category the brief requires exists as a second-level category."""
    names = {leaf["name"] for leaf in leaves}
    assert sorted(set(REQUIRED_NAMES) - names) == []


def test_categories_reference_known_departments_and_policies(taxonomy, departments, leaves):
    """Each category's department and policy codes exist."""
    department_codes = {d["code"] for d in departments}
    policy_codes = {p["code"] for p in taxonomy["policies"]}
    for leaf in leaves:
        assert set(leaf) == {"code", "name", "department", "policy", "limits"}, leaf["name"]
        assert leaf["department"] in department_codes, leaf["name"]
        assert leaf["policy"] in policy_codes, leaf["name"]


def test_limits_complete_and_well_formed(leaves):
    """Every category has all three urgencies with overall plus the five stages, in valid units."""
    for leaf in leaves:
        assert set(leaf["limits"]) == set(URGENCIES), leaf["name"]
        for urgency, limits in leaf["limits"].items():
            assert set(limits) == {"overall", *STAGES}, (leaf["name"], urgency)
            for stage, text in limits.items():
                match = LIMIT_PATTERN.match(text)
                assert match and float(match.group(1)) > 0, (leaf["name"], urgency, stage, text)


def test_no_stage_longer_than_overall(leaves):
    """No single stage limit exceeds the overall limit of the same category and urgency."""
    for leaf in leaves:
        for urgency, limits in leaf["limits"].items():
            for stage in STAGES:
                assert _no_longer(limits[stage], limits["overall"]), (leaf["name"], urgency, stage)


@pytest.mark.parametrize(("tighter", "looser"), [("特急", "一般"), ("紧急", "一般"), ("特急", "紧急")])
def test_urgent_limits_never_longer(leaves, tighter, looser):
    """A more urgent case never gets a longer limit than a less urgent one, stage by stage."""
    for leaf in leaves:
        for stage in ("overall", *STAGES):
            fast, slow = leaf["limits"][tighter][stage], leaf["limits"][looser][stage]
            assert _no_longer(fast, slow), (leaf["name"], stage, fast, slow)


@pytest.mark.parametrize(("name", "overall", "policy"), [
    ("暴露垃圾", "4工作时", "warn_before"),
    ("在建违法建设", "4工作时", "warn_before"),
    ("私搭乱建", "7工作日", "warn_before"),
    ("违法建设", "20工作日", "warn_before"),
    ("矛盾纠纷", "30天", "warn_before"),
    ("政策咨询", "2工作日", "grade_overdue"),
    ("群众求助", "5工作日", "grade_overdue"),
    ("网上信访", "5工作日", "grade_overdue"),
    ("消防隐患", "3工作日", "warn_before"),
    ("井盖缺损", "6小时", "warn_before"),
])
def test_published_figures_kept(leaves, name, overall, policy):
    """Categories with a published rule carry its figure as the ordinary overall limit."""
    leaf = _leaf(leaves, name)
    assert leaf["limits"]["一般"]["overall"] == overall
    assert leaf["policy"] == policy


def test_dispatch_limits_follow_urgency(leaves):
    """Dispatch is 30 minutes for ordinary cases, at most 10 for urgent, at most 5 for most urgent."""
    for leaf in leaves:
        assert leaf["limits"]["一般"]["dispatch"] in {"30分钟", "10分钟"}, leaf["name"]
        assert leaf["limits"]["紧急"]["dispatch"] == "10分钟", leaf["name"]
        assert leaf["limits"]["特急"]["dispatch"] == "5分钟", leaf["name"]


def test_hotline_signing_within_one_working_day(leaves):
    """Hotline-type categories must be signed for within one working day."""
    for leaf in leaves:
        if leaf["policy"] == "grade_overdue":
            assert leaf["limits"]["一般"]["accept"] == "1工作日", leaf["name"]
