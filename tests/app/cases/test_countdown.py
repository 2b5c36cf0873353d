"""Splitting and wording the time left on a case (the words in other languages are ui/'s)."""

from __future__ import annotations

from app.cases.countdown import Remaining, format_remaining, split_remaining

WORKING_DAY = 27000  # 7.5 office hours


def test_split_counts_working_days_of_the_standard_working_day():
    """3 working days and 1 hour and 5 min 7 s, for a working-time limit."""
    split = split_remaining(3 * WORKING_DAY + 3600 + 307.9, "工作日", WORKING_DAY)
    assert split == Remaining(overdue=False, days=3, hours=1, minutes=5, seconds=7)


def test_split_counts_calendar_days_for_natural_limits_and_marks_overdue():
    """An overdue natural-time limit counts 24-hour days; a closed case has no split."""
    assert split_remaining(-(86400 + 120), "小时", WORKING_DAY) == Remaining(
        overdue=True, days=1, hours=0, minutes=2, seconds=0)
    assert split_remaining(None, "小时", WORKING_DAY) is None


def test_format_remaining_words_the_split_in_chinese():
    """'剩3工作日1时', '超1天2分', '剩0分', or '' for a closed case."""
    assert format_remaining(3 * WORKING_DAY + 3600, "工作日", WORKING_DAY) == "剩3工作日1时"
    assert format_remaining(-(86400 + 120), "小时", WORKING_DAY) == "超1天2分"
    assert format_remaining(30, "小时", WORKING_DAY) == "剩0分"
    assert format_remaining(None, "小时", WORKING_DAY) == ""
