"""Tests for the single-cell parsers: text, numbers, date-times and phone numbers."""

import random
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from app.imports import cell_parsers
from app.imports.cell_parsers import (
    clean_line,
    clean_text,
    excel_serial_to_datetime,
    integral_text,
    is_blank,
    parse_datetime,
    parse_number,
    parse_phone,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  幸福路12号 ", "幸福路12号"),
        ("\u3000第一行  \r\n 第二行\u00a0", "第一行\n第二行"),
        ("\ufeff工单\u200b编号", "工单编号"),
        ("张\x00三", "张三"),
        (12.0, "12"),
        (121.5, "121.5"),
        (7, "7"),
        (float("nan"), ""),
        (True, "是"),
    ],
)
def test_clean_text_tidies_cells(value, expected):
    """Blank, padded, full-width-spaced and numeric cells become tidy text."""
    assert clean_text(value) == expected


def test_clean_line_collapses_inner_white_space():
    """A multi-line cell becomes one line with single spaces."""
    assert clean_line(" 张  三\n李四 ") == "张 三 李四"


@pytest.mark.parametrize(("value", "expected"), [("12345.0", "12345"), (101.0, "101"), ("GD-01", "GD-01")])
def test_integral_text_drops_spurious_decimal(value, expected):
    """Codes Excel turned into floats read back without ".0"."""
    assert integral_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(None, True), (" \u3000 ", True), ("", True), (0, False), ("x", False)])
def test_is_blank_only_for_empty_cells(value, expected):
    """Only empty or white-space cells are blank; a zero is a value."""
    assert is_blank(value) is expected


@pytest.mark.parametrize(("value", "expected"), [("121.47", 121.47), ("１２１．４７", 121.47), (" 35 ", 35.0), (36, 36.0)])
def test_parse_number_reads_numbers(value, expected):
    """Numeric cells and ASCII or full-width numeric text give floats."""
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["东经120度", "nan", "inf", ""])
def test_parse_number_rejects_non_numbers(value):
    """Text that is not a finite number is refused with the text quoted."""
    with pytest.raises(ValueError) as error:
        parse_number(value)
    assert str(error.value) == f"不是数字：“{value}”"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-30 10:00", datetime(2025, 9, 30, 10, 0)),
        ("2025/9/30 10:00", datetime(2025, 9, 30, 10, 0)),
        ("2025-09-30 10:00:00", datetime(2025, 9, 30, 10, 0)),
        ("2025-09-30 10:00:45", datetime(2025, 9, 30, 10, 0, 45)),
        ("2025-09-30T10:00", datetime(2025, 9, 30, 10, 0)),
        ("2025年9月30日 10时", datetime(2025, 9, 30, 10, 0)),
        ("2025年9月30日10时30分", datetime(2025, 9, 30, 10, 30)),
        ("2025.9.30 10:00", datetime(2025, 9, 30, 10, 0)),
        ("2025-09-30", datetime(2025, 9, 30, 0, 0)),
        ("2025/9/30", datetime(2025, 9, 30, 0, 0)),
        ("2025年9月30日", datetime(2025, 9, 30, 0, 0)),
        ("２０２５－０９－３０　１０：００", datetime(2025, 9, 30, 10, 0)),
        ("45930.4166667", datetime(2025, 9, 30, 10, 0)),
        ("45930", datetime(2025, 9, 30, 0, 0)),
    ],
)
def test_parse_datetime_reads_text_formats(text, expected):
    """Every accepted text spelling gives the same wall-clock time in the district zone."""
    assert parse_datetime(text, tz=SHANGHAI) == expected.replace(tzinfo=SHANGHAI)
    assert parse_datetime(text, tz=SHANGHAI).tzinfo is SHANGHAI


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 9, 30, 10, 0), datetime(2025, 9, 30, 10, 0)),
        (date(2025, 9, 30), datetime(2025, 9, 30, 0, 0)),
        (45930.4166667, datetime(2025, 9, 30, 10, 0)),
        (45930.75, datetime(2025, 9, 30, 18, 0)),
        (45930, datetime(2025, 9, 30, 0, 0)),
    ],
)
def test_parse_datetime_reads_excel_cells(value, expected):
    """Excel date cells and serial numbers are read as district-zone times."""
    assert parse_datetime(value, tz=SHANGHAI) == expected.replace(tzinfo=SHANGHAI)


def test_parse_datetime_converts_aware_values_to_zone():
    """An aware input keeps its instant and is expressed in the given zone."""
    result = parse_datetime("2025-09-30T02:00+00:00", tz=SHANGHAI)
    assert result == datetime(2025, 9, 30, 2, 0, tzinfo=timezone.utc)
    assert (result.hour, result.tzinfo) == (10, SHANGHAI)


def test_parse_datetime_uses_given_zone_for_naive_values():
    """A naive time is placed in the zone the caller names."""
    assert parse_datetime("2025-09-30 10:00", tz=timezone.utc) == datetime(2025, 9, 30, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2025-13-01 10:00", "2025-13-01 10:00"),
        ("2025年2月30日", "2025年2月30日"),
        ("昨天上午", "昨天上午"),
        ("10:00", "10:00"),
        ("2025", "2025"),
        (123456.5, "123456.5"),
        (1e300, "1e+300"),
        (0, "0"),
    ],
)
def test_parse_datetime_rejects_bad_values(value, shown):
    """Impossible dates, free text and numbers outside the serial span are refused."""
    with pytest.raises(ValueError) as error:
        parse_datetime(value, tz=SHANGHAI)
    assert str(error.value).startswith(f"不是有效的日期时间：“{shown}”")


def test_excel_serial_to_datetime_rounds_to_second():
    """A serial with float noise lands on the nearest second."""
    assert excel_serial_to_datetime(45930.4166667) == datetime(2025, 9, 30, 10, 0, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        ("13800138000.0", "13800138000"),
        ("010-12345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("02187654321", "021-87654321"),
        ("0532-88886666", "0532-88886666"),
        ("0532 8888666", "0532-8888666"),
        ("12345", "12345"),
        (95588, "95588"),
    ],
)
def test_parse_phone_normalises_valid_numbers(value, expected):
    """Mobiles, landlines with area code and service numbers are accepted in any common spelling."""
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    ["12345678", "1380013800", "12800138000", "138001380001", "010-1234567", "0532-123456", "1234", "电话"],
)
def test_parse_phone_rejects_invalid_numbers(value):
    """Numbers of the wrong length or prefix, and text, are refused with the value quoted."""
    with pytest.raises(ValueError) as error:
        parse_phone(value)
    assert str(error.value) == f"不是有效的电话号码：“{value}”"


@pytest.mark.parametrize(("serial", "expected"), [(1, datetime(1900, 1, 1)), (59, datetime(1900, 2, 28)),
                                                   (61, datetime(1900, 3, 1)), (73415, datetime(2100, 12, 31))])
def test_excel_serial_to_datetime_covers_1900_to_2100(serial, expected):
    """Serial 1 is 1900-01-01 (Excel's phantom 1900-02-29 skipped) and 73415 is 2100-12-31."""
    assert excel_serial_to_datetime(serial) == expected


@pytest.mark.parametrize("serial", [0, 60, 73416, 1e300, float("nan"), float("inf"), -5])
def test_excel_serial_to_datetime_refuses_absurd_serials(serial):
    """Serials outside 1900..2100 (and the day that never was) are a ValueError, never an overflow."""
    with pytest.raises(ValueError, match="日期超出范围"):
        excel_serial_to_datetime(serial)


@pytest.mark.parametrize("text", ["1000-01-01 10:00", "0001-01-01", "2101-01-01"])
def test_parse_datetime_refuses_dates_before_1900_or_after_2100(text):
    """A report in the year 1000 (or 2101) is refused with the range."""
    with pytest.raises(ValueError, match="超出范围：应在1900-01-01～2100-12-31之间"):
        parse_datetime(text, tz=SHANGHAI)


def test_parse_number_refuses_overflowing_numbers():
    """A number too large for a float is a ValueError (a row rejection), not an OverflowError."""
    with pytest.raises(ValueError, match="不是数字"):
        parse_number(10 ** 400)
    with pytest.raises(ValueError, match="不是数字"):
        parse_number("9" * 400)


def test_the_fast_path_for_tidy_text_changes_nothing():
    """Plain text skips the full clean-up; any mix of odd spaces, breaks and marks gives what the
    full clean-up gives (tabs, NBSP, ideographic space, U+2028, zero-width marks, runs of spaces)."""
    def full_text(value: str) -> str:
        text = value.translate(cell_parsers._INVISIBLE).translate(cell_parsers._WIDE_SPACES)
        return "\n".join(line.strip() for line in text.splitlines()).strip()

    pieces = " a中\t\n\r\x0b\x0c\x1c\x1f\x85\u2028\u2029\u00a0\u3000\u200b\ufeff\x00\u2002\u2000\u205f"
    rng = random.Random(7)
    for _ in range(20_000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randrange(8)))
        assert clean_text(value) == full_text(value)
        assert clean_line(value) == " ".join(full_text(value).split())
