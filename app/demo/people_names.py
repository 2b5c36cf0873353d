"""Fictional people for the demo: Chinese names, mobile numbers, addresses and grid staff.

Everything is drawn from a caller's `random.Random`, so one seed always gives the same people.
Surname weights follow the national frequency ranking, nudged towards names common in Shandong.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAME_WEIGHTS: dict[str, float] = {
    "王": 7.6, "李": 6.8, "张": 7.0, "刘": 5.4, "陈": 3.9, "杨": 3.1, "黄": 1.8, "赵": 2.4,
    "吴": 1.7, "周": 1.7, "徐": 1.6, "孙": 2.0, "马": 1.4, "朱": 1.2, "胡": 1.0, "郭": 1.2,
    "何": 0.9, "高": 1.2, "林": 0.9, "罗": 0.7, "郑": 0.8, "梁": 0.7, "谢": 0.6, "宋": 0.9,
    "唐": 0.6, "许": 0.7, "韩": 0.7, "冯": 0.6, "邓": 0.5, "曹": 0.6, "彭": 0.5, "曾": 0.4,
    "肖": 0.5, "田": 0.6, "董": 0.6, "袁": 0.4, "潘": 0.4, "于": 1.0, "蒋": 0.4, "蔡": 0.4,
    "余": 0.4, "杜": 0.5, "叶": 0.4, "程": 0.4, "苏": 0.4, "魏": 0.5, "吕": 0.5, "丁": 0.5,
    "任": 0.4, "沈": 0.3, "姚": 0.3, "卢": 0.3, "姜": 0.8, "崔": 0.5, "钟": 0.3, "谭": 0.3,
    "陆": 0.3, "汪": 0.3, "范": 0.3, "金": 0.3, "石": 0.3, "廖": 0.2, "贾": 0.3, "夏": 0.3,
    "薛": 0.4, "付": 0.3, "邵": 0.3, "孔": 0.3, "毛": 0.2, "侯": 0.3, "秦": 0.2, "管": 0.3,
    "綦": 0.1, "隋": 0.2, "臧": 0.1, "逄": 0.1, "纪": 0.2, "盛": 0.1, "滕": 0.1, "栾": 0.1,
}

MALE_GIVEN_CHARACTERS = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
    "飞", "鑫", "波", "宁", "健", "亮", "建", "国", "志", "海", "东", "林", "峰", "文", "永",
    "成", "庆", "兵", "春", "德", "俊", "浩", "宇", "博", "晨", "泽", "轩", "昊", "然", "瑞",
    "凯", "晓", "忠", "新", "振", "洪", "立", "学", "胜", "利", "家", "承", "广", "子", "嘉",
)

FEMALE_GIVEN_CHARACTERS = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "红", "梅", "萍", "雪", "琳",
    "婷", "慧", "莉", "颖", "倩", "洁", "佳", "欣", "怡", "悦", "璐", "瑶", "晶", "丹", "蕾",
    "秀", "英", "桂", "兰", "凤", "淑", "春", "晓", "文", "月", "雨", "思", "雅", "梦", "诗",
    "彤", "涵", "可", "心", "宁", "雯", "妍", "琪", "馨", "冰", "爱", "玉", "翠", "华", "珍",
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "191", "193", "195", "196", "197", "198", "199",
)

ROAD_NAMES = (
    "望海路", "听涛路", "澜湾路", "银沙滩路", "滨海大道", "松岭路", "枫林路", "翠竹路",
    "梧桐路", "鹤鸣路", "晴川路", "锦绣街", "紫荆路", "兰亭路", "白鹭路", "鸥鸣路",
    "渔港路", "潮音街", "星港路", "金湾路", "云台山路", "石湾大街", "上泉路", "岔河路",
    "青澜大道", "海棠路", "长湾路", "碧波路", "珠山路", "灵岫路", "观澜路", "泊舟街",
)

VILLAGE_LANES = ("前街", "后街", "中心街", "东巷", "西巷", "南胡同", "北胡同", "河沿")

SEX_CODES = ("M", "F")

_TWO_CHARACTER_GIVEN_SHARE = 0.8


@dataclass(frozen=True, kw_only=True)
class StaffSeed:
    """One demo staff member of a grid: login, name, phone, role code and its Chinese label."""

    login: str
    name: str
    sex: str
    phone: str
    role: str
    role_label: str
    grid_code: str
    grid_name: str


_GRID_TEAM = (
    ("grid_worker", "专职网格员"),
    ("part_time_grid_worker", "兼职网格员（楼长）"),
    ("part_time_grid_worker", "兼职网格员（志愿者）"),
    ("grid_leader", "网格长（社区干部）"),
)
_POLICE_LABELS = ("社区民警", "辅警")


def surname(rng: random.Random) -> str:
    """A single-character surname drawn with realistic frequency."""
    return rng.choices(tuple(SURNAME_WEIGHTS), weights=tuple(SURNAME_WEIGHTS.values()))[0]


def person_name(rng: random.Random, sex: str | None = None) -> str:
    """A full name of 2–3 characters; `sex` is "M" or "F" (None picks one at random)."""
    if sex is None:
        sex = rng.choice(SEX_CODES)
    if sex not in SEX_CODES:
        raise ValueError(f"性别代码“{sex}”无效，应为 M 或 F")
    pool = MALE_GIVEN_CHARACTERS if sex == "M" else FEMALE_GIVEN_CHARACTERS
    length = 2 if rng.random() < _TWO_CHARACTER_GIVEN_SHARE else 1
    given = "".join(rng.choice(pool) for _ in range(length))
    if length == 2 and given[0] == given[1] and rng.random() < 0.7:
        given = given[0] + rng.choice(pool)
    return surname(rng) + given


def phone_number(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with a real 13x/15x/18x/19x prefix."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def street_address(rng: random.Random, community_name: str) -> str:
    """A home address inside a community, e.g. "海棠社区 望海路18号3单元502"; villages get lanes."""
    if community_name.endswith("村"):
        return f"{community_name} {rng.choice(VILLAGE_LANES)}{rng.randint(1, 120)}号"
    building = f"{rng.choice(ROAD_NAMES)}{rng.randint(1, 299)}号"
    floor = rng.randint(1, 18)
    return f"{community_name} {building}{rng.randint(1, 6)}单元{floor}0{rng.randint(1, 4)}"


def case_address(rng: random.Random, community_name: str) -> str:
    """An outdoor place where a case is seen: a door number, a crossing, a block, a road section."""
    road, other = rng.sample(ROAD_NAMES, 2)
    side = rng.choice(("东", "西", "南", "北"))
    places = [
        f"{road}{rng.randint(1, 299)}号",
        f"{road}与{other}交叉口{side}{rng.randrange(20, 200, 10)}米",
        f"{road}{rng.randint(1, 299)}号院{rng.randint(1, 30)}号楼",
        f"{road}{side}段",
    ]
    if community_name.endswith("村"):
        places += [f"{rng.choice(VILLAGE_LANES)}{rng.randint(1, 120)}号", "村委会附近"]
    return f"{community_name} {rng.choice(places)}"


def staff_for_grid(rng: random.Random, grid_code: str, grid_name: str) -> list[StaffSeed]:
    """The grid's "一格五员": one full-time and two part-time grid workers, a leader, a police officer.

    Logins are "g" + grid code + "-n", so they are unique across the district.
    """
    team = list(_GRID_TEAM) + [("police", rng.choice(_POLICE_LABELS))]
    staff = []
    for number, (role, label) in enumerate(team, start=1):
        sex = rng.choice(SEX_CODES)
        staff.append(StaffSeed(
            login=f"g{grid_code}-{number}",
            name=person_name(rng, sex),
            sex=sex,
            phone=phone_number(rng),
            role=role,
            role_label=label,
            grid_code=grid_code,
            grid_name=grid_name,
        ))
    return staff
