"""Deadline lights (红黄绿灯).

Two conventions, chosen per category through its policy:
- warn-before: yellow from 80 % of the limit, red from 100 % (overdue);
- grade-overdue: green within the limit, yellow once overdue, red after a second, longer limit.
Both are "yellow from ratio y, red from ratio r" of the limit in force, so one function serves.
Closed and void cases have no light.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.calendar import WorkingCalendar
from app.cases.clock import CaseClock, elapsed, instants_when_used

# Float tolerance when comparing used time with a threshold (the calendar's own rounding).
_EPSILON = 1e-6


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}[self.value]


@dataclass(frozen=True, kw_only=True)
class LightPolicy:
    """When a case turns yellow and red, as fractions of its limit in force."""

    code: str
    kind: str
    yellow_ratio: float
    red_ratio: float

    @classmethod
    def warn_before(cls) -> LightPolicy:
        return cls(code="warn_before", kind="warn_before", yellow_ratio=0.8, red_ratio=1.0)

    @classmethod
    def grade_overdue(cls, red_ratio: float = 3.0) -> LightPolicy:
        return cls(code="grade_overdue", kind="grade_overdue", yellow_ratio=1.0, red_ratio=red_ratio)


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """The instants a running clock turns yellow, red, and runs out (None while stopped)."""

    yellow_at: datetime | None
    red_at: datetime | None
    due_at: datetime | None


def light_of(clock: CaseClock, policy: LightPolicy, calendar: WorkingCalendar, now: datetime) -> Light:
    """The light of an open case at `now`, from the time used against the limit in force."""
    used = elapsed(clock, calendar, now)
    total = clock.total_seconds
    if used + _EPSILON >= policy.red_ratio * total:
        return Light.RED
    if used + _EPSILON >= policy.yellow_ratio * total:
        return Light.YELLOW
    return Light.GREEN


def thresholds(clock: CaseClock, policy: LightPolicy, calendar: WorkingCalendar) -> Thresholds:
    """The instants at which `light_of` changes, so a list can light thousands of cases by comparison."""
    total = clock.total_seconds
    yellow_at, red_at, due_at = instants_when_used(clock, calendar,
                                                   (policy.yellow_ratio * total, policy.red_ratio * total, total))
    return Thresholds(yellow_at=yellow_at, red_at=red_at, due_at=due_at)


def light_at(
    *, is_open: bool, parked_light: str | None, yellow_at: datetime | None,
    red_at: datetime | None, now: datetime,
) -> Light | None:
    """The light from stored thresholds: what every list and view shows.

    A parked case keeps the light it had when parked; closed and void cases have none.
    """
    if not is_open:
        return None
    if parked_light is not None:
        return Light(parked_light)
    if red_at is not None and now >= red_at:
        return Light.RED
    if yellow_at is not None and now >= yellow_at:
        return Light.YELLOW
    return Light.GREEN
