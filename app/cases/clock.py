"""A case's clock: how much of its time limit is used, with extensions and parking.

Pure functions of (clock, calendar, instant), so the queue, the dispatcher view, the wall and
the reports all agree. Seconds are measured in the limit's own kind: working seconds for
工作时/工作日, clock seconds for 小时/天/分钟.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.calendar import TimeLimit, TimeUnit, WorkingCalendar


@dataclass(frozen=True, kw_only=True)
class CaseClock:
    """The state of a case's clock.

    `consumed_seconds` is the time used before `running_since`; while parked (or stopped at
    close) `running_since` is None and nothing more is used.
    """

    unit: TimeUnit
    limit_seconds: float
    extension_seconds: float = 0.0
    consumed_seconds: float = 0.0
    running_since: datetime | None = None

    @property
    def total_seconds(self) -> float:
        """The limit in force: the base limit plus approved extensions."""
        return self.limit_seconds + self.extension_seconds

    @property
    def running(self) -> bool:
        return self.running_since is not None


def start_clock(limit: TimeLimit, start: datetime, calendar: WorkingCalendar) -> CaseClock:
    """A clock for `limit`, running from `start` (the report time)."""
    return CaseClock(unit=limit.unit, limit_seconds=calendar.limit_seconds(limit), running_since=start)


def elapsed(clock: CaseClock, calendar: WorkingCalendar, now: datetime) -> float:
    """Time used at `now`, in the limit's measure."""
    if clock.running_since is None:
        return clock.consumed_seconds
    return clock.consumed_seconds + calendar.elapsed(clock.running_since, now, clock.unit)


def stop(clock: CaseClock, calendar: WorkingCalendar, at: datetime) -> CaseClock:
    """Stop the clock at `at` (parking, closing), keeping what was used."""
    if clock.running_since is None:
        return clock
    return replace(clock, consumed_seconds=elapsed(clock, calendar, at), running_since=None)


def resume(clock: CaseClock, at: datetime) -> CaseClock:
    """Start a stopped clock again at `at`."""
    if clock.running_since is not None:
        return clock
    return replace(clock, running_since=at)


def extend(clock: CaseClock, extra_seconds: float) -> CaseClock:
    """Add approved time (延期) to the limit."""
    return replace(clock, extension_seconds=clock.extension_seconds + extra_seconds)


def instant_when_used(clock: CaseClock, calendar: WorkingCalendar, used: float) -> datetime | None:
    """The instant at which the time used reaches `used`; None while the clock is stopped.

    If that much was already used before the clock last started, the answer is the restart.
    """
    return instants_when_used(clock, calendar, (used,))[0]


def instants_when_used(clock: CaseClock, calendar: WorkingCalendar, used_list) -> list[datetime | None]:
    """`instant_when_used` for several amounts at once (a light's thresholds), the clock's start
    placed in working time once."""
    if clock.running_since is None:
        return [None] * len(used_list)
    remaining = [used - clock.consumed_seconds for used in used_list]
    ahead = iter(calendar.advance_many(clock.running_since, [r for r in remaining if r > 0], clock.unit))
    return [next(ahead) if r > 0 else clock.running_since for r in remaining]


def due_at(clock: CaseClock, calendar: WorkingCalendar) -> datetime | None:
    """When the limit in force runs out (None while stopped)."""
    return instant_when_used(clock, calendar, clock.total_seconds)


#: Float tolerance when comparing time used with the limit (the calendar's own rounding).
OVERRUN_TOLERANCE = 1e-6


def is_overrun(used: float, total: float) -> bool:
    """True when `used` time is past the limit in force `total`: the one test of "not on time".

    A case closed with its clock at or under the limit (extensions included, parked time never
    counted because the clock was stopped) closed on time, whatever its light showed.
    """
    return used > total + OVERRUN_TOLERANCE


def remaining(clock: CaseClock, calendar: WorkingCalendar, now: datetime) -> float:
    """Time left at `now` in the limit's measure; negative when overdue."""
    return clock.total_seconds - elapsed(clock, calendar, now)
