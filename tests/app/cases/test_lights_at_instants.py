"""Lights of stored cases at chosen instants, both conventions, over lunch, weekends and holidays.

Office hours are 08:30–12:00 and 13:30–17:30 (7.5 h = one 工作日). 2025-10-01 to 10-08 were
National Day and Mid-Autumn holidays; Sunday 09-28 and Saturday 10-11 were adjusted workdays.
"""

from __future__ import annotations

import pytest

from app.calendar import TimeLimit, TimeUnit
from app.cases.drafts import CaseDraft
from app.cases.lights import Light
from app.cases.queries import CaseFilter
from tests.conftest import local

G, Y, R = Light.GREEN, Light.YELLOW, Light.RED


def new_case(service, category="暴露垃圾", reported_at=local(2025, 9, 30, 10, 0), **draft) -> str:
    """Report a case and return its number."""
    return service.create(CaseDraft(source="网格员上报", category=category, description="测试案件",
                                    reported_at=reported_at, **draft), actor="grid1").case_no


def light_now(service, case_no) -> Light | None:
    """The case's light, checked to agree with the `--light` filter of the list and its count."""
    light = service.view(case_no).light
    for candidate in Light:
        listed = case_no in {v.case_no for v in service.list(CaseFilter(light=candidate))}
        assert listed == (candidate == light), (case_no, candidate)
    return light


def lights_at(service, clock, case_no, moments) -> list[Light | None]:
    """The case's light at each instant in turn."""
    seen = []
    for moment in moments:
        clock.set(moment)
        seen.append(light_now(service, case_no))
    return seen


def test_warn_before_over_lunch(service, clock):
    """2.5工作时 from 10:00: 80 % (2 h) is reached at 12:00 and holds over lunch; 100 % at 14:00."""
    case_no = new_case(service, time_limit=TimeLimit(amount=2.5, unit=TimeUnit.WORK_HOUR))
    moments = [local(2025, 9, 30, 11, 59, 59), local(2025, 9, 30, 12, 0), local(2025, 9, 30, 13, 0),
               local(2025, 9, 30, 13, 59, 59), local(2025, 9, 30, 14, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, Y, Y, Y, R]


def test_warn_before_exposed_rubbish(service, clock):
    """4工作时 from 10:00: 3.2 h used at 14:42 (2 h + 72 min after 13:30), 4 h at 15:30."""
    case_no = new_case(service)
    assert service.view(case_no).due_at == local(2025, 9, 30, 15, 30)
    moments = [local(2025, 9, 30, 14, 41, 59), local(2025, 9, 30, 14, 42), local(2025, 9, 30, 15, 29, 59),
               local(2025, 9, 30, 15, 30), local(2025, 10, 3, 12, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, Y, Y, R, R]


def test_warn_before_over_weekend(service, clock):
    """4工作时 from Friday 09-19 16:00: 1.5 h that day, then Monday 09-22: 80 % at 10:12, due 11:00."""
    case_no = new_case(service, reported_at=local(2025, 9, 19, 16, 0))
    assert service.view(case_no).due_at == local(2025, 9, 22, 11, 0)
    moments = [local(2025, 9, 20, 12, 0), local(2025, 9, 21, 23, 0), local(2025, 9, 22, 10, 11, 59),
               local(2025, 9, 22, 10, 12), local(2025, 9, 22, 10, 59, 59), local(2025, 9, 22, 11, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, G, G, Y, Y, R]


def test_warn_before_over_national_day(service, clock):
    """3工作日 (22.5 h) from 09-30 10:00: 6 h on 09-30, 7.5 h on 10-09 (13.5), 10-10 (21), due 10-11 10:00.

    80 % is 18 h: 4.5 h into 10-10, i.e. 3.5 h in the morning and 1 h after 13:30 → 14:30.
    """
    case_no = new_case(service, time_limit=TimeLimit(amount=3, unit=TimeUnit.WORK_DAY))
    assert service.view(case_no).due_at == local(2025, 10, 11, 10, 0)
    moments = [local(2025, 10, 5, 12, 0), local(2025, 10, 10, 14, 29, 59), local(2025, 10, 10, 14, 30),
               local(2025, 10, 11, 9, 59, 59), local(2025, 10, 11, 10, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, G, Y, Y, R]


def test_grade_overdue_over_national_day(service, clock):
    """意见建议 紧急 3工作日 from 09-30 10:00: yellow once overdue at 10-11 10:00; red at 3× = 9工作日 =
    67.5 h: 28.5 h by the end of 10-11, then 7.5 h a day on 10-13…10-17 (66 h), 1.5 h on Monday
    10-20 → 10:00."""
    case_no = new_case(service, category="意见建议", urgency="紧急")
    assert service.view(case_no).due_at == local(2025, 10, 11, 10, 0)
    moments = [local(2025, 10, 11, 9, 59, 59), local(2025, 10, 11, 10, 0), local(2025, 10, 12, 12, 0),
               local(2025, 10, 20, 9, 59, 59), local(2025, 10, 20, 10, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, Y, Y, Y, R]


def test_grade_overdue_policy_consultation(service, clock):
    """政策咨询 一般 2工作日 (15 h) from 09-30 10:00: due 10-10 10:00 (6 + 7.5 + 1.5 h); red at 6工作日
    = 45 h: 6, 13.5 (10-09), 21 (10-10), 28.5 (10-11), 36 (10-13), 43.5 (10-14), +1.5 h → 10-15 10:00."""
    case_no = new_case(service, category="政策咨询")
    moments = [local(2025, 10, 10, 9, 59, 59), local(2025, 10, 10, 10, 0), local(2025, 10, 15, 9, 59, 59),
               local(2025, 10, 15, 10, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, Y, Y, R]


def test_grade_overdue_help_request_five_and_fifteen_days(service, clock):
    """群众求助 一般 5工作日 from Monday 09-15 10:00: due Monday 09-22 10:00 (after a weekend); red at
    15工作日, counting workdays 09-16…19, 22…26, Sunday 09-28, 29, 30, 10-09, 10-10, Saturday 10-11."""
    case_no = new_case(service, category="群众求助", reported_at=local(2025, 9, 15, 10, 0))
    moments = [local(2025, 9, 22, 9, 59, 59), local(2025, 9, 22, 10, 0), local(2025, 10, 11, 9, 59, 59),
               local(2025, 10, 11, 10, 0)]
    assert lights_at(service, clock, case_no, moments) == [G, Y, Y, R]


def mixed_cases(service, clock) -> dict[str, str]:
    """Nine cases in different states and policies, named by letter (see the list test)."""
    clock.set(local(2025, 9, 30, 11, 0))  # b is reported at 11:00, so it is created then
    b = new_case(service, reported_at=local(2025, 9, 30, 11, 0))
    clock.set(local(2025, 9, 30, 10, 30))
    c = new_case(service, reported_at=local(2025, 9, 30, 10, 30))
    clock.set(local(2025, 9, 30, 10, 0))
    cases = {
        "a": new_case(service), "b": b, "c": c, "d": new_case(service, category="政策咨询"),
        "e": new_case(service, urgency="紧急"), "f": new_case(service), "g": new_case(service),
        "h": new_case(service), "i": new_case(service, category="群众求助", urgency="紧急"),
    }
    for action in ("verify", "register", "dispatch"):
        service.act(cases["a"], action, actor="disp1")
        service.act(cases["f"], action, actor="disp1")
    for action in ("verify", "register", "dispatch", "accept", "feedback", "approve"):
        service.act(cases["g"], action, actor="disp1")
    service.act(cases["h"], "void", actor="lead1", note="重复上报")
    clock.set(local(2025, 9, 30, 14, 45))
    service.act(cases["f"], "park", actor="lead1", note="等待答复")
    return cases


@pytest.mark.parametrize(("moment", "expected"), [
    (local(2025, 9, 30, 15, 30), {R: "ae", Y: "cf", G: "bdi"}),
    (local(2025, 10, 10, 10, 0), {R: "abcei", Y: "df", G: ""}),
])
def test_list_light_filter_and_counts(service, clock, moment, expected):
    """At 09-30 15:30: a (4工作时, due now) and e (2小时, due 12:00) red; c (3.5 of 4 h) and f (parked at
    3.25 h) yellow; b (3 h), d (政策咨询, not overdue) and i (1天) green; g closed and h void unlit.
    At 10-10 10:00: d is just overdue (yellow), i is past 3天 (red), f stays yellow while parked."""
    cases = mixed_cases(service, clock)
    clock.set(moment)
    by_no = {no: letter for letter, no in cases.items()}
    for light in Light:
        listed = sorted(by_no[v.case_no] for v in service.list(CaseFilter(light=light)))
        assert "".join(listed) == expected[light], light
        assert service.count(CaseFilter(light=light)) == len(expected[light])
    assert {letter: light_now(service, no) for letter, no in cases.items() if letter in "gh"} == {"g": None, "h": None}
    assert (service.count(), service.count(CaseFilter(open_only=True))) == (9, 7)
