"""The ledger's SQL: filters, keyset pages in every sort order, the capped count, masked rows."""

from __future__ import annotations

from datetime import date

import pytest

from app.people.ledger_filters import LedgerFilter, years_before
from app.people.ledger_query import SORT_KEYS, count, fetch_page
from app.people.privacy import age_at
from tests.app.people.ledger_data import ALONE, LOW_INCOME, make_ledger

TODAY = date(2025, 9, 30)


@pytest.fixture
def ledger(database):
    return make_ledger(database)


def names(database, flt: LedgerFilter | None = None, **kwargs) -> list[str]:
    return [row.name for row in fetch_page(database, flt or LedgerFilter(), today=TODAY, **kwargs).rows]


def all_pages(database, sort_key: str, descending: bool, limit: int, flt: LedgerFilter | None = None) -> list[str]:
    """Every row (of a filter), read `limit` at a time through the cursors."""
    seen, after = [], None
    while True:
        page = fetch_page(database, flt or LedgerFilter(), today=TODAY, sort_key=sort_key, descending=descending,
                          after=after, limit=limit)
        seen += [row.name for row in page.rows]
        if page.next_cursor is None:
            return seen
        after = page.next_cursor


def test_unfiltered_lists_everyone_by_pinyin(database, ledger):
    """Without a filter every person is listed, in pinyin order of the name."""
    assert names(database) == ["李梅", "钱多多", "王秀英", "张三", "张小明", "赵建国"]


def test_region_filter_takes_every_grid_beneath(database, ledger):
    """A grid, a community or a street filters to the persons of the grids beneath it."""
    regions = {"370299001001001": {"张三", "李梅", "张小明"}, "370299001001": {"张三", "李梅", "张小明", "王秀英"},
               "370299002": {"赵建国", "钱多多"}, "999": set()}
    for code, expected in regions.items():
        assert set(names(database, LedgerFilter(region_code=code))) == expected, code


def test_category_building_and_residence_filters(database, ledger):
    """Category, building and residence type each narrow the list."""
    assert set(names(database, LedgerFilter(category_code=LOW_INCOME))) == {"张三", "李梅"}
    assert names(database, LedgerFilter(category_code=ALONE)) == ["王秀英"]
    assert set(names(database, LedgerFilter(building_id=ledger.buildings["B1"]))) == {"张三", "李梅", "张小明"}
    assert names(database, LedgerFilter(residence_type="人户分离")) == ["赵建国"]


def test_age_band_from_birth_date_today(database, ledger):
    """Age bands count full years on today's date; persons without a birth date fall in none."""
    bands = {"0-17": {"张小明"}, "18-34": set(), "35-59": {"张三", "李梅"}, "60-79": {"赵建国"}, "80+": {"王秀英"}}
    for band, expected in bands.items():
        assert set(names(database, LedgerFilter(age_band=band))) == expected, band


def test_age_band_edges_on_birthdays():
    """A birthday today counts; a 29 February birthday counts from 1 March in other years."""
    assert age_at(date(2007, 9, 30), TODAY) == 18
    assert age_at(date(2007, 10, 1), TODAY) == 17
    assert age_at(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert years_before(date(2028, 2, 29), 18) == date(2010, 2, 28)


def test_search_by_name_pinyin_initials_and_number_tail(database, ledger):
    """The search box reads words as the people search does: names, pinyin, initials, a phone
    tail, and category or grid names narrowing the others down."""
    searches = {"zs": {"张三"}, "ZHANG": {"张三", "张小明"}, "张": {"张三", "张小明"}, "5678": {"张三"},
                "王秀": {"王秀英"}, "qdd": {"钱多多"}, "nobody": set(), "张 低保": {"张三"},
                "z 望海第一网格": {"张三", "张小明"}}
    for text, expected in searches.items():
        assert set(names(database, LedgerFilter(search=text))) == expected, text


def test_search_by_id_tail_and_whole_id(database, ledger):
    """The last digits of an ID number and the whole number both find the person."""
    with database.read() as session:
        from db.schema import Person
        id_number = session.get(Person, ledger.persons["王秀英"]).id_number
    assert names(database, LedgerFilter(search=id_number[-6:])) == ["王秀英"]
    assert names(database, LedgerFilter(search=id_number)) == ["王秀英"]


def test_keyset_pages_cover_everyone_once_in_order(database, ledger):
    """In every sort order, reading two rows at a time gives the rows of one big page, in order."""
    for sort_key in SORT_KEYS:
        for descending in (False, True):
            whole = names(database, sort_key=sort_key, descending=descending)
            assert sorted(whole) == sorted(ledger.persons), (sort_key, descending)
            assert all_pages(database, sort_key, descending, limit=2) == whole, (sort_key, descending)


def test_empty_birth_dates_come_last_both_ways(database, ledger):
    """Sorted by birth date, the person without one is last whether ascending or descending."""
    assert names(database, sort_key="birth_date")[0] == "王秀英"
    assert names(database, sort_key="birth_date")[-1] == "钱多多"
    assert names(database, sort_key="birth_date", descending=True)[:2] == ["张小明", "李梅"]
    assert names(database, sort_key="birth_date", descending=True)[-1] == "钱多多"


def test_unknown_sort_key_is_refused(database, ledger):
    """Only the whitelisted columns sort the ledger."""
    with pytest.raises(ValueError, match="未知的排序列"):
        fetch_page(database, LedgerFilter(), today=TODAY, sort_key="id_number; drop table persons")


def test_count_stops_at_the_cap(database, ledger):
    """The count looks at no more than cap + 1 rows and says when it stopped."""
    capped = count(database, LedgerFilter(), today=TODAY, cap=3)
    assert (capped.value, capped.capped) == (3, True)
    exact = count(database, LedgerFilter(), today=TODAY, cap=None)
    assert (exact.value, exact.capped) == (6, False)
    assert count(database, LedgerFilter(region_code="370299002"), today=TODAY).value == 2


def test_sensitive_categories_are_masked(database, ledger):
    """A sensitive category shows as 敏感类别 in the list, never by name."""
    row = fetch_page(database, LedgerFilter(search="赵建国"), today=TODAY).rows[0]
    assert row.categories == ("敏感类别",)


def test_rows_are_masked_and_complete(database, ledger):
    """Rows carry masked ID and phone, age, grid, building, room and category names."""
    row = next(r for r in fetch_page(database, LedgerFilter(), today=TODAY).rows if r.name == "张三")
    assert row.age == 40
    assert "13812345678" not in row.phone_masked and row.phone_masked.endswith("5678")
    assert len(row.id_masked) == 18 and "19850312" not in row.id_masked
    assert (row.grid, row.building, row.room) == ("望海第一网格", "望海花园1号楼", "1-101")
    assert row.categories == ("低保对象",)


def test_walking_the_sort_index_gives_the_same_pages(database, ledger, monkeypatch):
    """Paged by walking the sort index (as for big filtered sets on SQLite) or not, the rows agree."""
    from app.people import ledger_query
    filters = [LedgerFilter(region_code="370299001001"), LedgerFilter(category_code=LOW_INCOME),
               LedgerFilter(age_band="35-59", residence_type="户籍"), LedgerFilter(category_code=ALONE, age_band="80+")]
    for flt in filters:
        for sort_key in ("name", "birth_date"):
            for descending in (False, True):
                monkeypatch.setattr(ledger_query, "WALK_FROM", 10**9)
                planned = names(database, flt, sort_key=sort_key, descending=descending, limit=1)
                monkeypatch.setattr(ledger_query, "WALK_FROM", 1)
                walked = names(database, flt, sort_key=sort_key, descending=descending, limit=1)
                assert planned == walked and planned, (flt, sort_key, descending)
                assert all_pages(database, sort_key, descending, 1, flt) == names(
                    database, flt, sort_key=sort_key, descending=descending), (flt, sort_key, descending)

