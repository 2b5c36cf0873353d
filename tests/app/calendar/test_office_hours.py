"""Tests for weekly office hours."""

from datetime import time

import pytest

from app.calendar import OfficeHours

MORNING = (time(8, 30), time(12, 0))
AFTERNOON = (time(13, 30), time(17, 30))


def test_default_office_hours_weekdays_only():
    """Monday to Friday have the morning and afternoon periods, the weekend none."""
    hours = OfficeHours.default()
    weekly = [hours.periods_for(weekday) for weekday in range(7)]
    assert weekly == [(MORNING, AFTERNOON)] * 5 + [(), ()]


def test_default_standard_day_is_seven_and_a_half_hours():
    """One standard working day is 27000 seconds."""
    assert OfficeHours.default().standard_day_seconds == 27000.0


def test_from_rows_sorts_and_groups_periods():
    """Rows in any order end up sorted per weekday."""
    rows = [(0, "13:30", "17:30"), (0, "08:30", "12:00"), (5, time(9), "11:00")]
    hours = OfficeHours.from_rows(rows)
    assert hours.periods_for(0) == (MORNING, AFTERNOON)
    assert hours.periods_for(5) == ((time(9), time(11)),)
    assert hours.periods_for(1) == ()


def test_from_rows_accepts_end_of_day():
    """A period may run to "24:00", making a whole day of 86400 seconds."""
    hours = OfficeHours.from_rows([(day, "00:00", "24:00") for day in range(7)])
    assert hours.standard_day_seconds == 86400.0


def test_standard_periods_is_most_common_schedule():
    """Four days of one schedule outweigh one day of another."""
    rows = [(day, "08:00", "12:00") for day in range(4)]
    rows += [(4, "08:00", "11:00"), (5, "09:00", "10:00")]
    hours = OfficeHours.from_rows(rows)
    assert hours.standard_periods == ((time(8), time(12)),)
    assert hours.standard_day_seconds == 14400.0


def test_from_rows_rejects_start_after_end():
    """A period must start before it ends; the message names the weekday and the times."""
    with pytest.raises(ValueError) as error:
        OfficeHours.from_rows([(0, "12:00", "08:30")])
    assert str(error.value) == "星期一的办公时段 12:00–08:30 开始时间必须早于结束时间"


def test_from_rows_rejects_overlap():
    """Two periods of one weekday may not overlap."""
    with pytest.raises(ValueError) as error:
        OfficeHours.from_rows([(2, "08:30", "12:00"), (2, "11:00", "14:00")])
    assert str(error.value) == "星期三的办公时段 08:30–12:00 与 11:00–14:00 重叠"


def test_from_rows_allows_touching_periods():
    """A period may start exactly where the previous one ends."""
    hours = OfficeHours.from_rows([(0, "08:00", "12:00"), (0, "12:00", "13:00")])
    assert hours.periods_for(0) == ((time(8), time(12)), (time(12), time(13)))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ((7, "08:00", "12:00"), "办公时间第1行：星期“7”无效，应为0（星期一）至6（星期日）"),
        ((0, "8点半", "12:00"), "办公时间第1行：时刻“8点半”无法识别，应写成如 08:30"),
    ],
)
def test_from_rows_rejects_bad_row(row, message):
    """A bad weekday or time is reported with its row number."""
    with pytest.raises(ValueError) as error:
        OfficeHours.from_rows([row])
    assert str(error.value) == message


def test_office_hours_rejects_empty_week():
    """A week without any office period could never reach a deadline."""
    with pytest.raises(ValueError, match="办公时间不能全部为空"):
        OfficeHours.from_rows([])


def test_office_hours_requires_seven_days():
    """The weekly schedule must name all seven weekdays."""
    with pytest.raises(ValueError, match="必须给出7天"):
        OfficeHours(weekly=((MORNING,),) * 5)
