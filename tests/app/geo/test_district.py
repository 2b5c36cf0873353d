"""The district's name and code: checked, created once, renamed, never stealing another region's code."""

import pytest

from app.geo.district import DistrictError, get_district, set_district
from db.schema import Region


def test_district_is_created_then_renamed(database):
    """The first save creates the district region; a second one changes it in place."""
    assert get_district(database) is None
    set_district(database, " 朝阳区 ", "110105", actor="admin")
    set_district(database, "朝阳区（新）", "110105A", actor="admin")
    stored = get_district(database)
    assert (stored.name, stored.code) == ("朝阳区（新）", "110105A")
    with database.read() as session:
        assert session.query(Region).filter(Region.level == "district").count() == 1


@pytest.mark.parametrize(("name", "code", "words"), [
    ("", "110105", "名称"), ("朝阳区", "", "代码"), ("朝阳区", "11 01", "不正确"), ("区" * 101, "1", "太长"),
])
def test_bad_name_or_code_refused(database, name, code, words):
    """An empty name, an empty or malformed code, an over-long name: one line each, nothing stored."""
    with pytest.raises(DistrictError, match=words):
        set_district(database, name, code, actor="admin")
    assert get_district(database) is None


def test_code_of_another_region_refused(database):
    """A code an imported grid already has is not taken over by the district."""
    with database.write() as session:
        session.add(Region(code="G1", name="一网格", level="grid"))
    with pytest.raises(DistrictError, match="一网格"):
        set_district(database, "朝阳区", "G1", actor="admin")
