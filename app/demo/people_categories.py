"""Which demo residents belong to which population category, with the category's own fields,
and their follow-up visits so the visits-due list shows every light.

Rates are those of a typical urban district: 低保 ~2 %, 残疾人 ~6 % (more among the old),
独居/空巢 among the elderly living alone or as an old couple, 严重精神障碍 ~0.4 %, 社区矫正 ~0.1 %,
刑满释放 ~0.15 %, 吸毒 ~0.1 %, 重点信访 ~0.05 %, 重点青少年 among 6–25, 留守儿童 among children
of village households, every floating resident in 流动人口, 退役军人 ~2 %.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from app.demo.people_names import person_name, phone_number
from app.demo.population import Member, age_on

CRIMES = ("盗窃罪", "诈骗罪", "危险驾驶罪", "故意伤害罪", "寻衅滋事罪", "交通肇事罪", "开设赌场罪")
DIAGNOSES = ("精神分裂症", "双相情感障碍", "偏执性精神病", "分裂情感性障碍", "癫痫所致精神障碍")
MATTERS = ("征地补偿", "劳动报酬", "物业纠纷", "房屋质量", "拆迁安置", "涉法涉诉")
EMPLOYERS = ("青澜港务公司", "海湾物流园", "澜湾建筑工程队", "银沙滩酒店", "星港电子厂", "个体经营", "灵活就业")
WORK_PLACES = ("青岛市区", "济南", "上海", "苏州", "深圳", "烟台")


def memberships(rng: random.Random, members: list[Member], today: date,
                village: bool) -> Iterator[tuple[int, str, dict, date]]:
    """(member index, category code, fields, since) for the household's members."""
    elderly = [age_on(m.birth_date, today) >= 60 for m in members]
    dibao = rng.random() < 0.02
    for index, member in enumerate(members):
        age = age_on(member.birth_date, today)
        for code, fields in _categories_of(rng, member, age, index, members, elderly, village, dibao, today):
            yield index, code, fields, _since(rng, today, fields)


def _categories_of(rng, member: Member, age: int, index: int, members, elderly, village, dibao, today):
    head = members[0]
    if dibao:
        yield "dibao", {"cert_no": f"DB{rng.randrange(10**7):07d}", "monthly_amount": rng.randrange(650, 1100, 10)}
    if rng.random() < (0.13 if age >= 65 else 0.04):
        yield "disabled", {"kind": rng.choice(("视力", "听力", "言语", "肢体", "肢体", "智力", "精神", "多重")),
                           "grade": rng.choice(("一级", "二级", "三级", "四级", "四级")),
                           "cert_no": member.id_number + f"{rng.randint(1, 7)}{rng.randint(1, 4)}"}
    if age >= 60 and (len(members) == 1 or (len(members) == 2 and all(elderly))):
        yield "elderly_alone", {"kind": "独居" if len(members) == 1 else "空巢",
                                "contact": person_name(rng), "contact_phone": phone_number(rng)}
    if age >= 65 and len(members) == 1 and rng.random() < 0.02:
        yield "tekun", {"cert_no": f"TK{rng.randrange(10**6):06d}", "support": rng.choice(("集中供养", "分散供养"))}
    if age >= 18:
        yield from _key_persons(rng, age, index, members, today)
    if 6 <= age <= 25 and rng.random() < 0.004:
        yield "youth", {"kind": rng.choice(("闲散", "闲散", "服刑人员子女", "流浪乞讨")),
                        "guardian": head.name, "guardian_phone": head.phone or phone_number(rng)}
    if age < 16 and village and member.residence_type == "户籍" and rng.random() < 0.08:
        yield "left_behind", {"guardian": head.name, "guardian_relation": "祖父母" if elderly[0] else "父母",
                              "parents_work_place": rng.choice(WORK_PLACES)}
    if member.residence_type == "流动":
        arrived = today - timedelta(days=rng.randrange(30, 3000))
        yield "floating", {"permit_no": f"37029{rng.randrange(10**9):09d}", "arrived_on": arrived.isoformat(),
                           "employer": rng.choice(EMPLOYERS)}
    if member.sex == "男" and 25 <= age <= 80 and rng.random() < 0.04:
        retired = date(member.birth_date.year + rng.randint(20, 40), rng.randint(1, 12), 1)
        if retired < today:
            yield "veterans", {"retired_on": retired.isoformat(), "card_no": f"YD{rng.randrange(10**8):08d}"}


def _key_persons(rng, age: int, index: int, members, today: date):
    """Sensitive categories of adults (矫正, 刑释, 吸毒, 精神障碍, 信访), at their small rates."""
    roll = rng.random()
    if roll < 0.004:
        guardian = members[1] if index == 0 and len(members) > 1 else members[0]
        yield "mental", {"risk_level": rng.choices(range(6), weights=(30, 30, 20, 12, 6, 2))[0],
                         "diagnosis": rng.choice(DIAGNOSES), "guardian": guardian.name,
                         "guardian_phone": guardian.phone or phone_number(rng)}
    elif roll < 0.005 and age < 70:
        start = today - timedelta(days=rng.randrange(30, 700))
        yield "corrections", {"kind": rng.choice(("缓刑", "缓刑", "缓刑", "假释", "管制", "暂予监外执行", "剥夺政治权利")),
                              "start": start.isoformat(), "end": (start + timedelta(days=rng.randrange(365, 1460))).isoformat(),
                              "crime": rng.choice(CRIMES)}
    elif roll < 0.0065 and age < 75:
        released = today - timedelta(days=rng.randrange(30, 1800))
        yield "released", {"released_on": released.isoformat(), "crime": rng.choice(CRIMES),
                           "sentence": f"有期徒刑{rng.randint(1, 10)}年", "help_until": (released + timedelta(days=1825)).isoformat(),
                           "resettled": rng.choice(("已安置", "已安置", "未安置"))}
    elif roll < 0.0075 and age < 60:
        start = today - timedelta(days=rng.randrange(30, 1000))
        yield "drugs", {"kind": rng.choice(("吸毒", "社区戒毒", "社区康复")), "start": start.isoformat(),
                        "end": (start + timedelta(days=1095)).isoformat()}
    elif roll < 0.008:
        yield "petitioner", {"matter": rng.choice(MATTERS), "control_level": rng.choice(("一般", "一般", "重点"))}


def _since(rng: random.Random, today: date, fields: dict) -> date:
    """When the membership began: its own start field when it has one, else some years ago."""
    for key in ("start", "released_on", "arrived_on", "retired_on"):
        if key in fields:
            return date.fromisoformat(fields[key])
    return today - timedelta(days=rng.randrange(60, 2000))


def visit_dates(rng: random.Random, since: date, every_days: int, today: date) -> list[date]:
    """Past visits of one membership: a history at about the cadence, the last one placed so the
    lights spread (about half green, a sixth yellow, the rest overdue). Only members who joined
    within the last interval and a half may still be waiting for their first visit."""
    last = today - timedelta(days=int(every_days * rng.uniform(0.0, 1.5)))
    if last < since:
        return []
    visits = [last]
    for _ in range(rng.randint(0, 3)):
        earlier = visits[-1] - timedelta(days=every_days + rng.randint(-3, 5))
        if earlier < since:
            break
        visits.append(earlier)
    return visits
