"""GB 11643 ID numbers: normalising, every rejection reason, Excel damage, consistency, generation."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.people.id_numbers import check_char, check_consistency, make_id, normalize_id, normalize_sex, parse_id

TODAY = date(2025, 9, 30)
VALID = "11010519491231002X"
DESTROYED = ("身份证号“1.10105194912310E+17”已被Excel按数字存储而损坏（只保留15位有效数字，末几位变成了0），"
             "请把该列设为文本格式后重新录入")


def check(raw):
    return normalize_id(raw, today=TODAY)


def test_valid_number_derives_birth_date_and_sex():
    """The standard example number is valid, born 1949-12-31, and a woman (digit 17 even)."""
    result = check(VALID)
    assert (result.ok, result.number, result.birth_date, result.sex) == (True, VALID, date(1949, 12, 31), "女")


@pytest.mark.parametrize("raw", ["11010519491231002x", " 11010519491231002X ", "１１０１０５１９４９１２３１００２ｘ",
                                 "'11010519491231002X", "110105 19491231 002X"])
def test_spellings_normalise_to_the_same_number(raw):
    """Lowercase x, full-width characters, spaces and Excel's apostrophe are accepted."""
    assert check(raw).number == VALID


@pytest.mark.parametrize("raw", ["110105491231002", 110105491231002, 110105491231002.0])
def test_fifteen_digits_convert_to_eighteen(raw):
    """An old 15-digit number (also as a number cell: 15 digits survive Excel) gains 19 and a check digit."""
    result = check(raw)
    assert (result.number, result.converted_from_15) == (VALID, True)


@pytest.mark.parametrize("raw, reason", [
    ("110105194912310021", "身份证号“110105194912310021”校验位错误：应为 X，实为 1"),
    ("1101051949123100", "身份证号应为18位（或旧的15位），“1101051949123100”是16位"),
    ("11010519491231A02X", "身份证号“11010519491231A02X”含有非法字符“A”：前17位只能是数字，最后一位是数字或X"),
    ("11010519491331002X", "身份证号“11010519491331002X”中的出生日期“19491331”不是有效日期"),
    ("00010519491231002X", "身份证号“00010519491231002X”的前两位“00”不是有效的省级行政区划代码"),
    ("", "未填写身份证号"),
])
def test_bad_numbers_say_why(raw, reason):
    """Each kind of bad number is rejected with its own Chinese reason."""
    result = check(raw)
    assert (result.ok, result.reason) == (False, reason)


def test_birth_date_in_the_future_or_before_1900_is_rejected():
    """The birth date must be a real date between 1900 and today."""
    future = make_id("110105", date(2025, 10, 1), 1, "男")
    old = check_char("11010518991231001")
    assert check(future).reason == f"身份证号“{future}”中的出生日期 2025-10-01 晚于今天"
    assert check("11010518991231001" + old).reason == f"身份证号“11010518991231001{old}”中的出生日期 1899-12-31 早于1900年"


@pytest.mark.parametrize("raw", [1.10105194912310e17, 110105194912310000, "1.10105194912310E+17",
                                 "1.1010519491231E+17"])
def test_number_destroyed_by_excel_is_reported_as_such(raw):
    """A float, an 18-digit integer ending in zeros or scientific notation: Excel cut the number."""
    result = check(raw)
    assert result.destroyed and not result.ok
    assert "已被Excel按数字存储而损坏" in result.reason


def test_destroyed_reason_shows_the_number_as_excel_does():
    """The reason shows the number the way Excel displays it."""
    assert check(110105194912310000.0).reason == DESTROYED


def test_text_ending_in_zeros_with_a_wrong_check_digit_is_called_destroyed():
    """Text copied from a damaged cell (…000) is recognised too."""
    assert check("110105194912310000").destroyed


def test_parse_id_raises_with_the_reason():
    """parse_id is the raising form."""
    with pytest.raises(ValueError, match="校验位错误"):
        parse_id("110105194912310021", today=TODAY)


def test_consistency_with_entered_birth_date_and_sex():
    """Entered values that contradict the number are named; blanks are no contradiction."""
    assert check_consistency(VALID, date(1949, 12, 31), "女") == []
    assert check_consistency(VALID, None, None) == []
    assert check_consistency(VALID, date(1949, 12, 30), "男") == [
        "出生日期 1949-12-30 与身份证号中的出生日期 1949-12-31 不一致",
        "性别“男”与身份证号不一致：身份证号第17位表示“女”",
    ]


@pytest.mark.parametrize("raw, sex", [("男", "男"), ("女性", "女"), ("M", "男"), ("f", "女"), (2, "女"), ("", None)])
def test_sex_spellings(raw, sex):
    """The usual spellings of sex are read."""
    assert normalize_sex(raw) == sex


def test_unknown_sex_is_an_error():
    with pytest.raises(ValueError, match="性别“未知”无法识别"):
        normalize_sex("未知")


@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY), seq=st.integers(0, 499),
       sex=st.sampled_from(["男", "女"]))
def test_generated_numbers_are_valid_and_carry_birth_and_sex(birth, seq, sex):
    """make_id gives numbers that pass the check with the birth date and sex asked for."""
    result = check(make_id("370202", birth, seq, sex))
    assert (result.ok, result.birth_date, result.sex) == (True, birth, sex)
