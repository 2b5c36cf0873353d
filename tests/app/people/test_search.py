"""The people search box: names, pinyin (both readings, special surnames), ID and phone tails,
addresses, grid and category filters, bounded input and sensitive categories, on SQLite and
PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import select

from app.people.errors import PersonError
from app.people.privacy import Viewer
from app.people.search import search_people
from app.people.search_input import MAX_CHARS, MAX_WORDS, SearchTextError, checked_search_text
from app.people.sensitive_reads import SensitiveReadDenied
from db.schema import AuditEntry
from tests.app.people.people_rows import GRID_2, add_person, add_staff, category_ids, write_regions


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
    assert set(names(search_people(database, "zs", grid="青澜区"))) == {"张三", "张三丰", "赵思"}
    assert names(search_people(database, "zs 低保")) == ["张三丰"]
    assert names(search_people(database, "低保对象")) == ["张三丰"]
    assert names(search_people(database, "", category="dibao")) == ["张三丰"]


def test_unknown_grid_or_category_option_says_it_does_not_exist(database, people):
    """--grid / --category naming nothing is an error like the export's, not "nobody found"."""
    with pytest.raises(PersonError, match="网格或区域“没有这个网格”不存在"):
        search_people(database, "zs", grid="没有这个网格")
    with pytest.raises(PersonError, match="没有“算命”这一人员类别"):
        search_people(database, "zs", category="算命")


def test_search_masks_and_limits(database, people):
    """Hits carry masked ID, phone and sensitive categories; limit caps the list."""
    hit = search_people(database, "13800138000")[0]
    assert hit.phone_masked == "138****8000"
    assert len(hit.id_masked) == 18 and hit.id_masked[6:14] == "********"
    assert search_people(database, "sxx")[0].categories == ("敏感类别",)
    assert search_people(database, "zhangsanfeng")[0].categories == ("低保对象",)
    assert len(search_people(database, "z", limit=2)) == 2


def test_search_hits_show_age_not_birth_date(database, people):
    """A hit carries the age on the given day and no birth date (it is the masked part of the ID)."""
    hit = search_people(database, "曾乐", today=date(2025, 9, 30))[0]
    assert hit.age == 35 and not hasattr(hit, "birth_date")
    assert "1990" not in repr(hit) and "19900506" not in repr(hit)


def test_search_text_is_bounded_with_a_clear_message(database, people):
    """Past the word or character limit the search says so (500 words used to overflow SQLite)."""
    with pytest.raises(SearchTextError, match=f"最多 {MAX_WORDS} 个词"):
        search_people(database, " ".join(["zs"] * 500))
    with pytest.raises(SearchTextError, match=f"最多 {MAX_CHARS} 个字符"):
        search_people(database, "张" * (MAX_CHARS + 1))
    assert checked_search_text("　ｚｓ　") == "zs"
    assert names(search_people(database, " ".join(["zs"] * MAX_WORDS))) != []


def sensitive_audit(database):
    with database.read() as session:
        return [(e.action, e.actor, e.detail) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("sensitive%")).order_by(AuditEntry.id))]


def test_sensitive_category_search_is_refused_and_audited_without_permission(database, people):
    """A grid worker searching 严重精神障碍患者 (word or option) is refused, and each refusal is audited."""
    add_staff(database, "g1", "grid_worker")
    viewer = Viewer("g1", "ws-1")
    with pytest.raises(SensitiveReadDenied, match="无权按敏感类别"):
        search_people(database, "严重精神障碍患者", viewer=viewer)
    with pytest.raises(SensitiveReadDenied):
        search_people(database, "", category="mental", viewer=viewer)
    with pytest.raises(SensitiveReadDenied):
        search_people(database, "sxx", category="mental")
    assert [(a, who, d["categories"]) for a, who, d in sensitive_audit(database)] == [
        ("sensitive_read_denied", "g1", ["mental"]), ("sensitive_read_denied", "g1", ["mental"]),
        ("sensitive_read_denied", "（未指明操作人）", ["mental"])]


def test_sensitive_category_search_with_permission_is_audited_with_the_count(database, people):
    """A leader finds the members, and the audit entry says who, what and how many."""
    add_staff(database, "boss", "leader")
    hits = search_people(database, "严重精神障碍患者", grid="海棠社区第01网格", viewer=Viewer("boss", "ws-9"))
    assert names(hits) == ["单雄信"]
    assert sensitive_audit(database) == [("sensitive_read", "boss", {
        "via": "search", "categories": ["mental"], "grid": "海棠社区第01网格", "rows": 1})]
    assert names(search_people(database, "低保", viewer=Viewer("boss"))) == ["张三丰"]
    assert len(sensitive_audit(database)) == 1


def test_search_nonsense_finds_nothing(database, people):
    """Punctuation, an empty text or an unknown name give an empty list, not an error."""
    assert search_people(database, "") == []
    assert search_people(database, "?!") == []
    assert search_people(database, "欧阳") == []
