"""Weekly office hours: the periods of each weekday during which working time runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from functools import cached_property

Period = tuple[time, time]
DaySchedule = tuple[Period, ...]

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
END_OF_DAY = time.max
"""An end time of ``time.max`` (written "24:00") means midnight at the end of the day."""


@dataclass(frozen=True, kw_only=True)
class OfficeHours:
    """Office periods per weekday (0 = Monday … 6 = Sunday), sorted and non-overlapping.

    Validated on construction so that every later calculation can trust the schedule.
    """

    weekly: tuple[DaySchedule, ...]

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError(f"办公时间必须给出7天（星期一至星期日）的安排，实际给出 {len(self.weekly)} 天")
        weekly = tuple(_checked_day(day, periods) for day, periods in enumerate(self.weekly))
        if not any(weekly):
            raise ValueError("办公时间不能全部为空，至少一天要有办公时段")
        object.__setattr__(self, "weekly", weekly)

    @classmethod
    def default(cls) -> OfficeHours:
        """Monday to Friday 08:30–12:00 and 13:30–17:30, the usual government office hours."""
        workday = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
        return cls(weekly=(workday,) * 5 + ((), ()))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str | time, str | time]]) -> OfficeHours:
        """Build from settings rows like ``(0, "08:30", "12:00")``; "24:00" may end a period."""
        weekly: list[list[Period]] = [[] for _ in range(7)]
        for number, (weekday, start, end) in enumerate(rows, start=1):
            if not isinstance(weekday, int) or not 0 <= weekday <= 6:
                raise ValueError(f"办公时间第{number}行：星期“{weekday}”无效，应为0（星期一）至6（星期日）")
            weekly[weekday].append((_parse_time(start, number), _parse_time(end, number)))
        return cls(weekly=tuple(tuple(periods) for periods in weekly))

    def periods_for(self, weekday: int) -> DaySchedule:
        """The office periods of a weekday (0 = Monday); empty on days without office hours."""
        return self.weekly[weekday]

    @cached_property
    def standard_periods(self) -> DaySchedule:
        """The most common non-empty weekday schedule (ties go to the earlier weekday).

        Used for adjusted workdays (调休) whose weekday has no office hours of its own.
        """
        schedules = [periods for periods in self.weekly if periods]
        counts = Counter(schedules)
        return max(schedules, key=lambda periods: counts[periods])

    @cached_property
    def standard_day_seconds(self) -> float:
        """Length in seconds of a standard working day; one 工作日 is this much working time."""
        return float(sum(period_seconds(period) for period in self.standard_periods))


def seconds_of_day(moment: time) -> float:
    """Seconds from midnight to a wall-clock time, with ``END_OF_DAY`` counting as 86400."""
    if moment == END_OF_DAY:
        return 86400.0
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


def period_seconds(period: Period) -> float:
    """Nominal length of a period in seconds (wall clock, ignoring daylight-saving shifts)."""
    return seconds_of_day(period[1]) - seconds_of_day(period[0])


def _checked_day(weekday: int, periods: Iterable[Period]) -> DaySchedule:
    """Sort one weekday's periods and reject empty or overlapping ones."""
    ordered = tuple(sorted((start, end) for start, end in periods))
    name = WEEKDAY_NAMES[weekday]
    for start, end in ordered:
        if seconds_of_day(start) >= seconds_of_day(end):
            raise ValueError(f"{name}的办公时段 {_text(start)}–{_text(end)} 开始时间必须早于结束时间")
    for (start_a, end_a), (start_b, end_b) in zip(ordered, ordered[1:]):
        if seconds_of_day(start_b) < seconds_of_day(end_a):
            raise ValueError(
                f"{name}的办公时段 {_text(start_a)}–{_text(end_a)} 与 {_text(start_b)}–{_text(end_b)} 重叠"
            )
    return ordered


def _parse_time(value: str | time, row_number: int) -> time:
    """Read "HH:MM" or "HH:MM:SS" ("24:00" = end of day); a ValueError in Chinese names the row."""
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ValueError(f"办公时间第{row_number}行：时刻 {value} 不应带时区，办公时间按本地时间计")
        return value
    text = str(value).strip().replace("：", ":")
    if text in ("24:00", "24:00:00"):
        return END_OF_DAY
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"办公时间第{row_number}行：时刻“{value}”无法识别，应写成如 08:30") from None


def _text(moment: time) -> str:
    """Short display form of a time: 08:30, or 24:00 for the end of the day."""
    if moment == END_OF_DAY:
        return "24:00"
    return moment.strftime("%H:%M:%S" if moment.second or moment.microsecond else "%H:%M")
