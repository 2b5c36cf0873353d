"""Tests for the demo people generator: names, phones, addresses and the grid's five staff."""

import random
import re
from collections import Counter

import pytest

from app.demo.people_names import (
    FEMALE_GIVEN_CHARACTERS,
    MALE_GIVEN_CHARACTERS,
    ROAD_NAMES,
    SURNAME_WEIGHTS,
    case_address,
    person_name,
    phone_number,
    staff_for_grid,
    street_address,
)

CHINESE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
MOBILE = re.compile(r"1[3-9]\d{9}")


def test_person_name_same_seed_same_names():
    """The same seed yields the same sequence of names."""
    first, second = random.Random(8), random.Random(8)
    names = [person_name(first) for _ in range(50)]
    assert names == [person_name(second) for _ in range(50)]
    assert len(set(names)) > 40


def test_person_name_is_two_or_three_chinese_characters():
    """Every name is a known surname followed by one or two given characters."""
    rng = random.Random(1)
    for _ in range(2000):
        name = person_name(rng)
        assert CHINESE_NAME.fullmatch(name), name
        assert name[0] in SURNAME_WEIGHTS


def test_person_name_mixes_one_and_two_character_given_names():
    """Both 2- and 3-character names occur, three-character ones being the majority."""
    rng = random.Random(2)
    lengths = Counter(len(person_name(rng)) for _ in range(2000))
    assert set(lengths) == {2, 3}
    assert lengths[3] > 2 * lengths[2]


def test_person_name_surnames_follow_frequency():
    """王, 张 and 李 are the commonest surnames and together cover over a sixth of names."""
    rng = random.Random(3)
    surnames = Counter(person_name(rng)[0] for _ in range(5000))
    assert {name for name, _ in surnames.most_common(3)} == {"王", "张", "李"}
    assert surnames["王"] + surnames["张"] + surnames["李"] > 5000 / 6


def test_person_name_given_characters_match_sex():
    """A name asked for a sex takes its given characters from that sex's list."""
    rng = random.Random(4)
    for _ in range(300):
        assert all(c in MALE_GIVEN_CHARACTERS for c in person_name(rng, "M")[1:])
        assert all(c in FEMALE_GIVEN_CHARACTERS for c in person_name(rng, "F")[1:])


def test_person_name_rejects_unknown_sex():
    """An unknown sex code is refused with a Chinese message naming it."""
    with pytest.raises(ValueError, match="性别代码“X”无效"):
        person_name(random.Random(0), "X")


def test_phone_number_looks_like_a_mobile():
    """Phones are 11 digits starting 13/15/18/19 and repeat for the same seed."""
    rng = random.Random(5)
    phones = [phone_number(rng) for _ in range(1000)]
    assert all(MOBILE.fullmatch(p) and p[:2] in {"13", "15", "18", "19"} for p in phones)
    again = random.Random(5)
    assert phones == [phone_number(again) for _ in range(1000)]
    assert len(set(phones)) == 1000


def test_street_address_in_a_community_has_unit_and_room():
    """A community address is "<community> <road><n>号<u>单元<room>"."""
    rng = random.Random(6)
    for _ in range(200):
        address = street_address(rng, "海棠社区")
        match = re.fullmatch(r"海棠社区 (\S+?)(\d{1,3})号([1-6])单元(\d{3,4})", address)
        assert match, address
        assert match.group(1) in ROAD_NAMES


def test_street_address_in_a_village_has_lane_and_number():
    """A village address is "<village> <lane><n>号" with no unit or room."""
    rng = random.Random(7)
    for _ in range(100):
        assert re.fullmatch(r"后柳村 \S+?\d{1,3}号", street_address(rng, "后柳村"))


def test_case_address_starts_with_community():
    """A case address starts with the community name and a space and names a place after it."""
    rng = random.Random(9)
    addresses = [case_address(rng, "望海社区") for _ in range(200)]
    assert all(a.startswith("望海社区 ") and len(a) > len("望海社区 ") + 2 for a in addresses)
    assert len(set(addresses)) > 150


def test_staff_for_grid_is_one_grid_five_staff():
    """A grid gets five staff: one full-time, two part-time, one leader, one police officer."""
    staff = staff_for_grid(random.Random(10), "370299001001003", "海棠社区第03网格")
    assert [s.role for s in staff] == [
        "grid_worker", "part_time_grid_worker", "part_time_grid_worker", "grid_leader", "police",
    ]
    assert staff[4].role_label in {"社区民警", "辅警"}
    assert [s.login for s in staff] == [f"g370299001001003-{n}" for n in range(1, 6)]
    assert all(s.grid_code == "370299001001003" for s in staff)
    assert all(CHINESE_NAME.fullmatch(s.name) and MOBILE.fullmatch(s.phone) for s in staff)


def test_staff_for_grid_logins_unique_across_grids():
    """Logins never repeat across many grids."""
    rng = random.Random(11)
    logins = [
        s.login
        for seq in range(1, 301)
        for s in staff_for_grid(rng, f"370299001001{seq:03d}", f"海棠社区第{seq:02d}网格")
    ]
    assert len(logins) == len(set(logins)) == 1500


def test_staff_for_grid_same_seed_same_staff():
    """The same seed yields the same staff, names and phones included."""
    args = ("370299101201002", "后柳村第02网格")
    assert staff_for_grid(random.Random(12), *args) == staff_for_grid(random.Random(12), *args)
