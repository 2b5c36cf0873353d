"""The working calendar: counts and adds working time over office hours, workdays and holidays."""

from __future__ import annotations

import math
import threading
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from app.calendar.holidays import OfficialCalendar
from app.calendar.limits import TimeLimit, TimeUnit
from app.calendar.office_hours import END_OF_DAY, OfficeHours

DayPeriods = tuple[tuple[int, int], ...]
"""A day's office periods as (start, end) in absolute microseconds since the Unix epoch."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_US_PER_SECOND = 1_000_000
_LAST_ORDINAL = date.max.toordinal()
_REACHED_KEPT = 50_000  # answers of `_reaching` kept (under 10 MB), then forgotten all at once
_CLOCK_UNIT_SECONDS = {TimeUnit.HOUR: 3600.0, TimeUnit.DAY: 86400.0, TimeUnit.MINUTE: 60.0}


class WorkingCalendar:
    """Working time of one district: office hours on workdays, administrator overrides first.

    Takes timezone-aware datetimes in any zone and returns them in UTC. Counting is exact to the
    microsecond and O(1) amortised thanks to a lazily extended prefix sum of working time per day.
    Overrides are copied: build a new calendar when the administrator changes them.
    """

    def __init__(
        self,
        office_hours: OfficeHours | None = None,
        overrides: Mapping[date, bool] | None = None,
        tz: ZoneInfo | None = None,
        official: OfficialCalendar | None = None,
    ) -> None:
        self.office_hours = office_hours if office_hours is not None else OfficeHours.default()
        self.tz = tz if tz is not None else ZoneInfo("Asia/Shanghai")
        self.official = official if official is not None else OfficialCalendar()
        self._overrides = {
            date(day.year, day.month, day.day): bool(is_workday)
            for day, is_workday in (overrides or {}).items()
        }
        self._periods: dict[int, DayPeriods] = {}
        self._range: tuple[int, list[int]] | None = None
        self._reached: dict[int, datetime] = {}
        self._lock = threading.Lock()

    def is_workday(self, day: date) -> bool:
        """True if ``day`` is a workday: the administrator's override, else the official answer."""
        override = self._overrides.get(day)
        return self.official.is_workday(day) if override is None else override

    def working_seconds_between(self, start: datetime, end: datetime) -> float:
        """Working seconds from ``start`` to ``end``; 0 unless ``end`` is after ``start``."""
        start_us, end_us = _to_us(start), _to_us(end)
        if end_us <= start_us:
            return 0.0
        worked_at_start = self._worked_until(start_us, start.astimezone(self.tz).toordinal())
        worked_at_end = self._worked_until(end_us, end.astimezone(self.tz).toordinal())
        return (worked_at_end - worked_at_start) / _US_PER_SECOND

    def add_working_seconds(self, start: datetime, seconds: float) -> datetime:
        """The first instant by which ``seconds`` of working time have passed since ``start``.

        A start outside office hours counts from the next opening; a finish exactly at the end of a
        period returns that end (12:00, not 13:30); zero seconds give the next opening.
        """
        return self.add_working_seconds_many(start, (seconds,))[0]

    def add_working_seconds_many(self, start: datetime, amounts) -> list[datetime]:
        """`add_working_seconds` for several amounts from one start (a case's yellow, red and due
        instants): the start's place in working time is found once."""
        start_us, ordinal = _to_us(start), self._local_ordinal(start)
        worked = None
        out = []
        for seconds in amounts:
            amount = _seconds_to_us(seconds)
            if amount == 0:
                out.append(_from_us(self._next_opening_us(start_us, ordinal)))
                continue
            if worked is None:
                worked = self._worked_until(start_us, ordinal)
            out.append(self._reaching(worked + amount, ordinal))
        return out

    def _reaching(self, goal: int, ordinal: int) -> datetime:
        """The first instant by which the prefix reaches ``goal`` (which lies past day ``ordinal``'s
        start). It depends on the goal alone, so answers are kept: every case reported while the
        office is closed starts at the same opening, and an import asks for the same goals often."""
        found = self._reached.get(goal)
        if found is not None:
            return found
        day = self._day_reaching(goal, ordinal)
        remaining = goal - self._cumulative(day)
        for period_start, period_end in self._day_periods(day):
            if remaining <= period_end - period_start:
                found = _from_us(period_start + remaining)
                break
            remaining -= period_end - period_start
        else:
            raise AssertionError("prefix sum and day periods disagree")
        if len(self._reached) >= _REACHED_KEPT:
            self._reached.clear()
        self._reached[goal] = found
        return found

    def timeline(self, first: date, last: date) -> WorkingTimeline:
        """Working time at many instants as plain numbers: reports over a year of cases use it to
        count working hours without building a datetime per case (see WorkingTimeline)."""
        ordinals = range(first.toordinal(), last.toordinal() + 2)
        starts = [self._cumulative(ordinal) / _US_PER_SECOND for ordinal in ordinals]
        midnights = [_to_us(datetime.combine(date.fromordinal(o), time(), tzinfo=self.tz)) / _US_PER_SECOND
                     for o in ordinals]
        periods = [tuple((a / _US_PER_SECOND, b / _US_PER_SECOND) for a, b in self._day_periods(o))
                   for o in ordinals]
        return WorkingTimeline(self, midnights, starts, periods)

    def next_opening(self, instant: datetime) -> datetime:
        """The instant itself if the office is open then, else the start of the next period."""
        return _from_us(self._next_opening_us(_to_us(instant), self._local_ordinal(instant)))

    def limit_seconds(self, limit: TimeLimit) -> float:
        """Seconds a limit stands for: working seconds for 工作时/工作日, clock seconds otherwise."""
        if limit.unit is TimeUnit.WORK_DAY:
            return limit.amount * self.office_hours.standard_day_seconds
        if limit.unit is TimeUnit.WORK_HOUR:
            return limit.amount * 3600.0
        return limit.amount * _CLOCK_UNIT_SECONDS[limit.unit]

    def elapsed(self, start: datetime, end: datetime, unit: TimeUnit) -> float:
        """Seconds from ``start`` to ``end`` as the unit counts them (working or clock time)."""
        if unit.is_working:
            return self.working_seconds_between(start, end)
        return max(0, _to_us(end) - _to_us(start)) / _US_PER_SECOND

    def advance(self, start: datetime, seconds: float, unit: TimeUnit) -> datetime:
        """``start`` moved on by ``seconds`` as the unit counts them (working or clock time)."""
        if unit.is_working:
            return self.add_working_seconds(start, seconds)
        return _from_us(_to_us(start) + _seconds_to_us(seconds))

    def advance_many(self, start: datetime, amounts, unit: TimeUnit) -> list[datetime]:
        """`advance` for several amounts from one start."""
        if unit.is_working:
            return self.add_working_seconds_many(start, amounts)
        start_us = _to_us(start)
        return [_from_us(start_us + _seconds_to_us(seconds)) for seconds in amounts]

    def due(self, start: datetime, limit: TimeLimit) -> datetime:
        """The deadline of a limit that starts running at ``start``."""
        return self.advance(start, self.limit_seconds(limit), limit.unit)

    def _local_ordinal(self, instant: datetime) -> int:
        """Ordinal of the local calendar day containing ``instant``."""
        return instant.astimezone(self.tz).toordinal()

    def _worked_until(self, instant_us: int, ordinal: int) -> int:
        """Working microseconds from the prefix anchor day up to ``instant_us`` on day ``ordinal``.

        The hot path of every count, so the cache lookups are written out here.
        """
        first, prefix = self._range or self._covering(ordinal)
        if not 0 <= ordinal - first < len(prefix):
            first, prefix = self._covering(ordinal)
        worked = prefix[ordinal - first]
        periods = self._periods.get(ordinal)
        if periods is None:
            periods = self._day_periods(ordinal)
        for period_start, period_end in periods:
            if instant_us <= period_start:
                break
            worked += min(instant_us, period_end) - period_start
        return worked

    def _next_opening_us(self, instant_us: int, ordinal: int) -> int:
        """The next office instant at or after ``instant_us`` (which lies on day ``ordinal``)."""
        for period_start, period_end in self._day_periods(ordinal):
            if instant_us < period_end:
                return max(period_start, instant_us)
        next_day = self._day_reaching(self._cumulative(ordinal + 1) + 1, ordinal + 1)
        return self._day_periods(next_day)[0][0]

    def _day_reaching(self, goal: int, first_candidate: int) -> int:
        """The first day from ``first_candidate`` on by whose end the prefix reaches ``goal``."""
        while True:
            first, prefix = self._covering(first_candidate)
            if prefix[-1] >= goal:
                index = bisect_left(prefix, goal, first_candidate - first + 1)
                return first + index - 1
            last_known = first + len(prefix) - 1
            if last_known > _LAST_ORDINAL:
                raise OverflowError("在公元9999年以前无法累计到所需的工作时间，请检查工作日设置")
            self._covering(last_known + 1)

    def _cumulative(self, ordinal: int) -> int:
        """Working microseconds from the prefix anchor day up to (excluding) day ``ordinal``."""
        first, prefix = self._covering(ordinal)
        return prefix[ordinal - first]

    def _covering(self, ordinal: int) -> tuple[int, list[int]]:
        """The prefix range, first extended if needed so that it includes ``ordinal``."""
        current = self._range
        if current is not None and 0 <= ordinal - current[0] < len(current[1]):
            return current
        with self._lock:
            self._extend_to(ordinal)
            return self._range

    def _extend_to(self, ordinal: int) -> None:
        """Grow the prefix range by whole calendar years so that it includes ``ordinal``.

        Whole years keep the official calendar from warning about years nobody asked for. Values
        are relative to the first day ever covered and never change, so snapshots stay consistent.
        """
        if self._range is None:
            self._range = (ordinal, [0])
        first, prefix = self._range
        if ordinal < first:
            new_first = date(date.fromordinal(ordinal).year, 1, 1).toordinal()
            head = [prefix[0]]
            for day in range(first - 1, new_first - 1, -1):
                head.append(head[-1] - self._day_total(day))
            head.reverse()
            self._range = (new_first, head[:-1] + prefix)
        elif ordinal >= first + len(prefix):
            for day in range(first + len(prefix) - 1, _first_day_of_next_year(ordinal - 1)):
                prefix.append(prefix[-1] + self._day_total(day))

    def _day_total(self, ordinal: int) -> int:
        """Working microseconds of one day, computed without filling the period cache."""
        return sum(end - start for start, end in self._compute_day_periods(ordinal))

    def _day_periods(self, ordinal: int) -> DayPeriods:
        """The office periods of a day in absolute microseconds, cached."""
        periods = self._periods.get(ordinal)
        if periods is None:
            periods = self._compute_day_periods(ordinal)
            self._periods[ordinal] = periods
        return periods

    def _compute_day_periods(self, ordinal: int) -> DayPeriods:
        """A workday's office periods (its weekday's schedule, else the standard one)."""
        day = date.fromordinal(ordinal)
        if not self.is_workday(day):
            return ()
        hours = self.office_hours
        schedule = hours.periods_for(day.weekday()) or hours.standard_periods
        periods: list[tuple[int, int]] = []
        for start_time, end_time in schedule:
            start = self._local_us(day, start_time)
            if periods:
                start = max(start, periods[-1][1])
            end = self._local_us(day, end_time)
            if end > start:
                periods.append((start, end))
        return tuple(periods)

    def _local_us(self, day: date, moment: time) -> int:
        """Absolute microseconds of a local wall time; ``END_OF_DAY`` is the next midnight."""
        if moment == END_OF_DAY:
            return _to_us(datetime.combine(day, END_OF_DAY, tzinfo=self.tz)) + 1
        return _to_us(datetime.combine(day, moment, tzinfo=self.tz))


class WorkingTimeline:
    """Working seconds up to an instant given as Unix epoch seconds, for the local days it was built
    for; the same prefix sums as the calendar, so differences equal `working_seconds_between`.

    Instants outside those days are counted by the calendar itself (slower, same answer).
    """

    def __init__(self, calendar: WorkingCalendar, midnights: list[float], starts: list[float],
                 periods: list[tuple[tuple[float, float], ...]]):
        self._calendar = calendar
        self._midnights, self._starts, self._periods = midnights, starts, periods

    def worked_until(self, epoch_seconds: float) -> float:
        """Working seconds from the calendar's anchor to the instant."""
        index = bisect_left(self._midnights, epoch_seconds + 1e-9) - 1
        if not 0 <= index < len(self._midnights) - 1:
            instant = _EPOCH + timedelta(seconds=epoch_seconds)
            us = _to_us(instant)
            return self._calendar._worked_until(us, self._calendar._local_ordinal(instant)) / _US_PER_SECOND
        worked = self._starts[index]
        for start, end in self._periods[index]:
            if epoch_seconds <= start:
                break
            worked += min(epoch_seconds, end) - start
        return worked


def _first_day_of_next_year(ordinal: int) -> int:
    """Ordinal of 1 January after the day ``ordinal``; past 9999 the ordinal that would follow."""
    year = date.fromordinal(ordinal).year
    return date(year + 1, 1, 1).toordinal() if year < date.max.year else _LAST_ORDINAL + 1


def _to_us(instant: datetime) -> int:
    """Exact microseconds since the Unix epoch of an aware datetime; naive ones are refused."""
    try:
        return (instant - _EPOCH) // _MICROSECOND
    except TypeError:
        raise ValueError(f"时间 {instant} 缺少时区，必须使用带时区的时间") from None


def _from_us(instant_us: int) -> datetime:
    """The UTC datetime of microseconds since the Unix epoch."""
    return _EPOCH + timedelta(microseconds=instant_us)


def _seconds_to_us(seconds: float) -> int:
    """A non-negative, finite number of seconds as whole microseconds (rounded)."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"时长必须是不小于0的有限秒数，而不是 {seconds!r}")
    return round(seconds * _US_PER_SECOND)
