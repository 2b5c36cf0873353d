"""The people search box: names, pinyin (both readings, special surnames), ID and phone tails,
addresses, grid and category filters, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from app.people.search import search_people
from tests.app.people.people_rows import GRID_2, add_person, category_ids, write_regions


@pytest.fixture
def people(database):
    regions = write_regions(database)
    cats = category_ids(database)
    ids = {
        "张三": add_person(database, regions, "张三", seq=1, phone="13800138000", address="海棠社区 望海路18号3单元502"),
        "张三丰": add_person(database, regions, "张三丰", seq=2, phone="13912345678",
                          categories={cats["dibao"]: date(2025, 1, 1)}),
        "赵思": add_person(database, regions, "赵思", seq=3, grid=GRID_2, address="海棠社区 听涛路7号1单元101"),
        "单雄信": add_person(database, regions, "单雄信", seq=4, categories={cats["mental"]: date(2025, 1, 1)}),
        "曾乐": add_person(database, regions, "曾乐", seq=5, sex="女", birth=date(1990, 5, 6)),
        "尉迟恭": add_person(database, regions, "尉迟恭", seq=6),
    }
    return ids


def names(hits):
    return [h.name for h in hits]


def test_search_initials_finds_name(database, people):
    """zs finds 张三 and 张三丰 (and not 赵思, whose initials are also zs? they are: zs)."""
    assert set(names(search_people(database, "zs"))) == {"张三", "张三丰", "赵思"}


def test_search_full_pinyin_exact_first(database, people):
    """zhangsan finds 张三 first (exact) and 张三丰 after it."""
    assert names(search_people(database, "zhangsan")) == ["张三", "张三丰"]


def test_search_pinyin_prefix(database, people):
    """A partial pinyin is a prefix of the full pinyin."""
    assert set(names(search_people(database, "zhangs"))) == {"张三", "张三丰"}


def test_search_special_surnames(database, people):
    """单 reads shan, 尉迟 yuchi: the surname reading, not the dictionary's."""
    assert names(search_people(database, "shanxiongxin")) == ["单雄信"]
    assert names(search_people(database, "sxx")) == ["单雄信"]
    assert names(search_people(database, "yuchi")) == ["尉迟恭"]
    assert search_people(database, "danxiong") == []


def test_search_both_readings_of_polyphone(database, people):
    """曾乐 is found as zengle and as zengyue (乐 le / yue)."""
    assert names(search_people(database, "zengle")) == ["曾乐"]
    assert names(search_people(database, "zengyue")) == ["曾乐"]
    assert names(search_people(database, "zy")) == ["曾乐"]


def test_search_chinese_name_prefix(database, people):
    """Han characters: the name starts with them, exact name first."""
    assert names(search_people(database, "张三")) == ["张三", "张三丰"]


def test_search_id_tail_and_full_id(database, people):
    """The last digits of the ID number, and the whole number, find the person."""
    from app.people.id_numbers import make_id
    number = make_id("370202", date(1990, 5, 6), 5, "女")
    assert names(search_people(database, number[-6:])) == ["曾乐"]
    assert names(search_people(database, number)) == ["曾乐"]
    assert names(search_people(database, number.lower())) == ["曾乐"]


def test_search_phone_exact_and_tail(database, people):
    """11 digits: that phone; fewer: the phone's tail."""
    assert names(search_people(database, "13800138000")) == ["张三"]
    assert names(search_people(database, "5678")) == ["张三丰"]


def test_search_address_contains(database, people):
    """Text that looks like an address matches the address anywhere in it."""
    assert names(search_people(database, "听涛路7号")) == ["赵思"]
    assert names(search_people(database, "望海路")) == ["张三"]


def test_search_grid_and_category_filters(database, people):
    """Grid and category names in the text (or as arguments) narrow the search."""
    assert names(search_people(database, "zs 海棠社区第02网格")) == ["赵思"]
    assert names(search_people(database, "zs", grid=GRID_2)) == ["赵思"]
    assert names(search_people(database, "zs 低保")) == ["张三丰"]
    assert names(search_people(database, "低保对象")) == ["张三丰"]
    assert names(search_people(database, "", category="dibao")) == ["张三丰"]
    assert search_people(database, "zs", grid="没有这个网格") == []


def test_search_masks_and_limits(database, people):
    """Hits carry masked ID, phone and sensitive categories; limit caps the list."""
    hit = search_people(database, "13800138000")[0]
    assert hit.phone_masked == "138****8000"
    assert len(hit.id_masked) == 18 and hit.id_masked[6:14] == "********"
    assert search_people(database, "sxx")[0].categories == ("敏感类别",)
    assert search_people(database, "zhangsanfeng")[0].categories == ("低保对象",)
    assert len(search_people(database, "z", limit=2)) == 2


def test_search_nonsense_finds_nothing(database, people):
    """Punctuation, an empty text or an unknown name give an empty list, not an error."""
    assert search_people(database, "") == []
    assert search_people(database, "?!") == []
    assert search_people(database, "欧阳") == []
