"""Tests for demo case texts: templates per category, filling, determinism and case sources."""

import random
import re
from collections import Counter

import pytest

from app.demo.case_texts import (
    CASE_SOURCES,
    CATEGORY_NAMES,
    case_text,
    reporter_source,
    templates_for,
)

REQUIRED_CATEGORIES = (
    "暴露垃圾", "私搭乱建", "违法建设", "占道经营", "道路破损", "井盖缺损", "路灯不亮", "噪声扰民",
    "环境污染", "矛盾纠纷", "治安隐患", "安全生产隐患", "消防隐患", "食品安全", "群众求助",
    "政策咨询", "其他",
)
EXTRA_CATEGORIES = (
    "乱张贴", "绿地脏乱", "积存垃圾渣土", "违规户外广告", "无照经营游商", "私设地锁",
    "共享单车乱停放", "污水冒溢", "占道堆物", "树木倒伏", "燃气隐患", "电动车违规充电",
    "房屋安全隐患", "拖欠工资", "物业纠纷", "邻里纠纷",
)
ADDRESS = "海棠社区 望海路18号"


def test_category_names_cover_required_and_extra():
    """Every required and extra category has its own entry."""
    assert set(REQUIRED_CATEGORIES) | set(EXTRA_CATEGORIES) == set(CATEGORY_NAMES)


@pytest.mark.parametrize("name", CATEGORY_NAMES)
def test_templates_for_category_has_three_distinct(name):
    """Each category has at least three distinct templates, each using the address."""
    templates = templates_for(name)
    assert len(set(templates)) >= 3
    assert all("{address}" in description for _, description in templates)


@pytest.mark.parametrize("name", CATEGORY_NAMES)
def test_case_text_fills_every_template(name):
    """Many draws give fully filled texts holding the address, with at least three titles."""
    rng = random.Random(name)
    texts = [case_text(rng, name, ADDRESS) for _ in range(200)]
    for title, description in texts:
        assert ADDRESS in description
        assert not re.search(r"[{}]", title + description)
        assert 2 <= len(title) <= 20 and description.endswith("。")
    assert len({title for title, _ in texts}) >= 3


def test_case_text_same_seed_same_text():
    """The same seed writes the same titles and descriptions."""
    first, second = random.Random(3), random.Random(3)
    texts = [case_text(first, name, ADDRESS) for name in CATEGORY_NAMES * 3]
    assert texts == [case_text(second, name, ADDRESS) for name in CATEGORY_NAMES * 3]
    other = random.Random(4)
    assert texts != [case_text(other, name, ADDRESS) for name in CATEGORY_NAMES * 3]


def test_case_text_unknown_category_is_generic():
    """An unknown category gets a generic text naming the category and the address."""
    title, description = case_text(random.Random(1), "河道漂浮物", ADDRESS)
    assert "河道漂浮物" in title
    assert "河道漂浮物" in description and ADDRESS in description
    assert len(templates_for("河道漂浮物")) == 3


def test_case_text_known_category_example():
    """A known category fills its template with its own details, e.g. a missing manhole cover."""
    title, description = case_text(random.Random(0), "井盖缺损", ADDRESS)
    assert "井盖" in title or "篦子" in title
    assert description.count(ADDRESS) == 1


def test_reporter_source_weights():
    """Grid workers report most cases, then the hotline; leaders assign the fewest."""
    rng = random.Random(4)
    counts = Counter(reporter_source(rng) for _ in range(10_000))
    assert set(counts) == set(CASE_SOURCES) == {
        "网格员上报", "12345热线", "群众来访", "视频巡查", "部门移交", "领导交办",
    }
    ranking = [source for source, _ in counts.most_common()]
    assert ranking[:2] == ["网格员上报", "12345热线"] and ranking[-1] == "领导交办"
    assert 0.5 < counts["网格员上报"] / 10_000 < 0.6


def test_reporter_source_same_seed_same_sequence():
    """The same seed draws the same sources."""
    first, second = random.Random(6), random.Random(6)
    drawn = [reporter_source(first) for _ in range(50)]
    assert drawn == [reporter_source(second) for _ in range(50)]
    assert len(set(drawn)) > 2
