"""Tests for time limits: units, canonical text and parsing."""

import re

import pytest
from hypothesis import assume, given

from app.calendar import TimeLimit, TimeUnit, parse_time_limit
from app.calendar.limits import MAX_AMOUNTS
from tests.strategies import time_limits


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("3工作日", 3, TimeUnit.WORK_DAY),
        ("4 工作时", 4, TimeUnit.WORK_HOUR),
        ("2小时", 2, TimeUnit.HOUR),
        ("30天", 30, TimeUnit.DAY),
        ("10分钟", 10, TimeUnit.MINUTE),
        ("０.５工作日", 0.5, TimeUnit.WORK_DAY),
        ("３　工作日", 3, TimeUnit.WORK_DAY),
        ("  15个工作日 ", 15, TimeUnit.WORK_DAY),
        ("4工作小时", 4, TimeUnit.WORK_HOUR),
        ("2个小时", 2, TimeUnit.HOUR),
        ("7日", 7, TimeUnit.DAY),
        ("2h", 2, TimeUnit.HOUR),
        ("30d", 30, TimeUnit.DAY),
        ("3 working days", 3, TimeUnit.WORK_DAY),
        ("4 Working  Hours", 4, TimeUnit.WORK_HOUR),
        ("2 hours", 2, TimeUnit.HOUR),
        ("30 days", 30, TimeUnit.DAY),
        ("10 minutes", 10, TimeUnit.MINUTE),
        ("1 working day", 1, TimeUnit.WORK_DAY),
    ],
)
def test_parse_time_limit_accepts_common_forms(text, amount, unit):
    """Chinese, full-width, alias and English spellings all give the same limit."""
    assert parse_time_limit(text) == TimeLimit(amount=amount, unit=unit)


@pytest.mark.parametrize("text", ["三天半", "", "3", "工作日", "3周", "-1天", "3.5.1天", "3 工作 日", "天3"])
def test_parse_time_limit_rejects_bad_text(text):
    """Text that is not a number followed by a known unit is refused with the text quoted."""
    with pytest.raises(ValueError, match=f"时限“{text}”"):
        parse_time_limit(text)


def test_parse_time_limit_error_message_names_accepted_form():
    """The message says what was wrong and what to type instead."""
    with pytest.raises(ValueError) as error:
        parse_time_limit("三天半")
    assert str(error.value) == "时限“三天半”无法识别，应为数字加单位，如 3工作日、4工作时、2小时、30天"


def test_parse_time_limit_rejects_zero_amount():
    """A limit of zero is no limit at all and is refused."""
    with pytest.raises(ValueError, match="时限“0工作日”的数值必须大于0"):
        parse_time_limit("0工作日")


@pytest.mark.parametrize(
    ("limit", "text"),
    [
        (TimeLimit(amount=3, unit=TimeUnit.WORK_DAY), "3工作日"),
        (TimeLimit(amount=0.5, unit=TimeUnit.WORK_DAY), "0.5工作日"),
        (TimeLimit(amount=4.0, unit=TimeUnit.WORK_HOUR), "4工作时"),
        (TimeLimit(amount=30, unit=TimeUnit.DAY), "30天"),
        (TimeLimit(amount=1.25, unit=TimeUnit.HOUR), "1.25小时"),
        (TimeLimit(amount=0.00001, unit=TimeUnit.MINUTE), "0.00001分钟"),
    ],
)
def test_time_limit_str_is_canonical(limit, text):
    """Whole amounts have no ".0" and small ones no exponent."""
    assert str(limit) == text


@pytest.mark.parametrize("amount", [0, -1, float("nan"), float("inf")])
def test_time_limit_rejects_non_positive_amount(amount):
    """A limit needs a finite amount above zero."""
    with pytest.raises(ValueError, match="时限数值必须是大于0的数字"):
        TimeLimit(amount=amount, unit=TimeUnit.DAY)


def test_time_unit_is_working_only_for_working_units():
    """Only 工作时 and 工作日 count working time."""
    working = {unit for unit in TimeUnit if unit.is_working}
    assert working == {TimeUnit.WORK_HOUR, TimeUnit.WORK_DAY}


@given(time_limits())
def test_parse_time_limit_reads_back_canonical_text(limit):
    """The canonical text of any limit up to a year long parses back to the same limit."""
    assume(limit.amount <= MAX_AMOUNTS[limit.unit])
    assert parse_time_limit(str(limit)) == limit


@pytest.mark.parametrize("text", ["99999999工作日", "251工作日", "366天", "1" + "0" * 400 + "小时", "525601分钟"])
def test_parse_time_limit_rejects_absurdly_long_limit(text):
    """A limit longer than about a year is refused with its unit's maximum, the text cut short."""
    with pytest.raises(ValueError, match=r"过长：最多\d+(工作日|天|小时|分钟)（约一年）") as error:
        parse_time_limit(text)
    assert len(str(error.value)) < 80


@pytest.mark.parametrize("text", ["-3工作日", "-0.5天", "0天", "+0小时"])
def test_parse_time_limit_rejects_zero_and_negative_with_clear_reason(text):
    """A negative or zero amount is named as such, not as unreadable text."""
    with pytest.raises(ValueError, match=re.escape(f"时限“{text}”的数值必须大于0")):
        parse_time_limit(text)


@pytest.mark.parametrize(("text", "amount"), [("250工作日", 250), ("2000工作时", 2000), ("365天", 365)])
def test_parse_time_limit_accepts_a_year(text, amount):
    """The longest allowed limit of a unit is accepted."""
    assert parse_time_limit(text).amount == amount
