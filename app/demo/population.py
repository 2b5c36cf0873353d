"""Fictional households for the demo and the benchmarks: who lives together, their ages,
relations, names, ID numbers, phones and kind of residence.

Pure Python on a caller's `random.Random`, so one seed gives the same people. Household sizes
and the age pyramid follow the shape of the 2020 census for an urban coastal district (many
one- and two-person households, an ageing population); residence types are ~75 % 户籍,
20 % 流动, 4 % 人户分离 and 1 % 境外 (Hong Kong, Macao and Taiwan residence permits).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.demo.people_names import person_name, phone_number
from app.people.id_numbers import make_id

HOUSEHOLD_SIZES = {1: 20, 2: 30, 3: 28, 4: 14, 5: 8}
RESIDENCE_WEIGHTS = {"户籍": 75, "流动": 20, "人户分离": 4, "境外": 1}
#: county codes by residence: locals are of the demo county, 人户分离 of the city's other
#: districts, floating residents of counties across the provinces people come from
LOCAL_REGIONS = ("370299",)
CITY_REGIONS = ("370202", "370203", "370211", "370212", "370213", "370214", "370281", "370283")
FLOATING_REGIONS = (
    "371302", "371321", "370883", "370786", "371102", "370481", "371523", "410102", "411302",
    "342401", "341202", "130102", "230102", "220102", "510104", "500101", "421002", "431102",
    "360102", "320382", "150102", "620102", "140105", "610104",
)
ABROAD_REGIONS = ("810000", "820000", "830000")
#: (lowest age, highest age, weight) of a household head
_HEAD_AGES = ((22, 34, 22), (35, 49, 27), (50, 64, 27), (65, 79, 18), (80, 95, 6))


@dataclass(frozen=True, kw_only=True)
class Member:
    """One generated person, as the ledger stores them."""

    name: str
    sex: str
    birth_date: date
    id_number: str
    phone: str | None
    relation: str
    residence_type: str
    ethnicity: str


class IdMaker:
    """Valid, unique ID numbers: a running order number per region, birth date and sex."""

    def __init__(self) -> None:
        self._used: dict[tuple[str, date, str], int] = {}

    def make(self, region: str, birth: date, sex: str) -> str:
        key = (region, birth, sex)
        seq = self._used.get(key, 0)
        if seq >= 500:  # every order number of that day is taken: the next day's are not
            return self.make(region, birth + timedelta(days=1), sex)
        self._used[key] = seq + 1
        return make_id(region, birth, seq, sex)


def household(rng: random.Random, today: date, ids: IdMaker) -> list[Member]:
    """The members of one household, the head (户主) first."""
    size = rng.choices(tuple(HOUSEHOLD_SIZES), weights=tuple(HOUSEHOLD_SIZES.values()))[0]
    residence = rng.choices(tuple(RESIDENCE_WEIGHTS), weights=tuple(RESIDENCE_WEIGHTS.values()))[0]
    low, high, _w = rng.choices(_HEAD_AGES, weights=[a[2] for a in _HEAD_AGES])[0]
    head_age = rng.randint(low, high)
    if size >= 3:
        head_age = min(head_age, 70)
    head_sex = "男" if rng.random() < 0.78 else "女"
    people = [("户主", head_sex, head_age)]
    if size >= 2:
        people.append(("配偶", _other(head_sex), max(20, head_age + rng.randint(-5, 3))))
    people += _dependants(rng, size - len(people), head_age)
    region = _region(rng, residence)
    surname = None
    members = []
    for relation, sex, age in people:
        name = person_name(rng, "M" if sex == "男" else "F")
        if surname is None:
            surname = name[0]
        elif relation in ("子", "女", "孙子", "孙女", "父亲"):
            name = surname + name[1:]
        birth = _birthday(rng, today, age)
        members.append(Member(
            name=name, sex=sex, birth_date=birth, id_number=ids.make(region, birth, sex),
            phone=phone_number(rng) if age >= 16 and rng.random() < 0.92 else None,
            relation=relation, residence_type=residence, ethnicity="汉族" if rng.random() < 0.985 else "回族",
        ))
    return members


def _dependants(rng: random.Random, count: int, head_age: int) -> list[tuple[str, str, int]]:
    """Children, grandchildren or the head's parents filling the household up to its size."""
    result = []
    parents_added = False
    for n in range(count):
        if not parents_added and head_age <= 55 and n == count - 1 and count >= 2 and rng.random() < 0.5:
            sex = rng.choice(("男", "女"))
            result.append(("父亲" if sex == "男" else "母亲", sex, min(98, head_age + rng.randint(22, 32))))
            parents_added = True
            continue
        sex = rng.choice(("男", "女"))
        if head_age >= 58 and n >= 1:
            result.append(("孙子" if sex == "男" else "孙女", sex, max(0, head_age - rng.randint(48, 62))))
        else:
            age = max(0, head_age - rng.randint(22, 36))
            result.append(("子" if sex == "男" else "女", sex, age))
    return result


def _region(rng: random.Random, residence: str) -> str:
    pool = {"户籍": LOCAL_REGIONS, "流动": FLOATING_REGIONS, "人户分离": CITY_REGIONS, "境外": ABROAD_REGIONS}
    return rng.choice(pool[residence])


def _birthday(rng: random.Random, today: date, age: int) -> date:
    """A birth date making the person `age` years old today."""
    latest = today - timedelta(days=int(age * 365.25))
    return latest - timedelta(days=rng.randrange(365))


def _other(sex: str) -> str:
    return "女" if sex == "男" else "男"


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
