"""One date reader for every import: the ledger's day cells and the work orders' date-times accept
the union of the spellings either accepted before, each refusing what makes no sense for it."""

from datetime import date, datetime, timezone

import pytest

from app.imports.cell_parsers import parse_date_cell, parse_date_text, parse_datetime

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1985-03-12", date(1985, 3, 12)),
        ("1985.03.12", date(1985, 3, 12)),
        ("1985/3/12", date(1985, 3, 12)),
        ("1985年3月12日", date(1985, 3, 12)),
        ("19850312", date(1985, 3, 12)),
        ("１９８５－０３－１２", date(1985, 3, 12)),
        ("1985-03-12 10:30", date(1985, 3, 12)),
        ("1985-03-12T10:30:00+08:00", date(1985, 3, 12)),
        ("1985年3月12日 （农历）", date(1985, 3, 12)),
        ("31118", date(1985, 3, 12)),
        ("31118.75", date(1985, 3, 12)),
        ("61", date(1900, 3, 1)),
    ],
)
def test_every_day_spelling_reads_the_same_in_the_ledger_and_the_work_orders(text, day):
    """A spelling either parser accepted gives the same day to both (the work orders at 00:00 or the
    written time); the ledger alone ignores text after the date."""
    assert parse_date_cell(text) == day
    if "农历" not in text:
        assert parse_datetime(text, tz=UTC).date() == day


@pytest.mark.parametrize("value", [19850312, 19850312.0])
def test_a_yyyymmdd_number_is_a_day_not_a_serial(value):
    """A number of eight digits is yyyymmdd (as the ledger read it), for both readers."""
    assert parse_date_cell(value) == date(1985, 3, 12)
    assert parse_datetime(value, tz=UTC) == datetime(1985, 3, 12, tzinfo=UTC)


@pytest.mark.parametrize(("text", "month"), [("1985.03", (1985, 3)), ("1985年3月", (1985, 3)), ("1985-3", (1985, 3))])
def test_a_year_and_month_is_kept_for_the_ledger_and_refused_as_a_report_time(text, month):
    """出生年月 columns hold a year-month, which the ledger checks against the ID; a report time needs a day."""
    assert parse_date_cell(text) == month
    assert parse_date_text(text) == month
    with pytest.raises(ValueError, match=f"不是有效的日期时间：“{text}”（只有年月，缺少日）"):
        parse_datetime(text, tz=UTC)


@pytest.mark.parametrize("text", ["2025", "1990", "2100"])
def test_a_year_alone_is_not_taken_for_an_excel_serial(text):
    """"1990" once became 1905-06-12 in the ledger; a year alone is no date in either reader."""
    with pytest.raises(ValueError, match=f"“{text}”不是日期，应写成"):
        parse_date_cell(text)
    with pytest.raises(ValueError, match=f"不是有效的日期时间：“{text}”"):
        parse_datetime(text, tz=UTC)


def test_a_time_after_the_date_is_kept_only_where_a_time_is_wanted():
    """The work orders read the written time; the ledger takes the day."""
    assert parse_datetime("2025年9月30日10时30分", tz=UTC) == datetime(2025, 9, 30, 10, 30, tzinfo=UTC)
    assert parse_date_cell("2025年9月30日10时30分") == date(2025, 9, 30)


def test_words_after_a_date_are_refused_as_a_report_time():
    """Only a time may follow the date of a report time."""
    with pytest.raises(ValueError, match="不是有效的日期时间：“2025-09-30 上午”"):
        parse_datetime("2025-09-30 上午", tz=UTC)


@pytest.mark.parametrize(("text", "message"), [("1985-13-45", "“1985-13-45”不是有效的日期"),
                                               ("19851345", "“19851345”不是有效的日期"),
                                               ("生日", "“生日”不是日期，应写成 1985-03-12")])
def test_the_ledger_names_an_impossible_or_unknown_date(text, message):
    """An impossible day and an unknown spelling are told apart in the ledger's words."""
    with pytest.raises(ValueError, match=message):
        parse_date_cell(text)
