"""Hypothesis strategies, one group per domain type, shared by all tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from app.calendar import TimeLimit, TimeUnit

# --- calendar -------------------------------------------------------------------------------

UTC_PLUS_8 = timezone(timedelta(hours=8))
CALENDAR_ZONES = (UTC_PLUS_8, timezone.utc, ZoneInfo("Asia/Shanghai"))
STANDARD_DAY_SECONDS = 27000.0
MAX_WORKING_SECONDS = 30 * STANDARD_DAY_SECONDS


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware instants in 2024–2027, written in +08:00, UTC or Asia/Shanghai."""
    return st.datetimes(
        min_value=datetime(2024, 1, 1),
        max_value=datetime(2027, 12, 31, 23, 59, 59, 999999),
        timezones=st.sampled_from(CALENDAR_ZONES),
    )


def working_durations() -> st.SearchStrategy[float]:
    """Positive working durations in seconds up to 30 working days, often whole half hours."""
    any_seconds = st.floats(
        min_value=0, max_value=MAX_WORKING_SECONDS, exclude_min=True, allow_nan=False
    )
    half_hours = st.integers(min_value=1, max_value=int(MAX_WORKING_SECONDS // 1800))
    return st.one_of(any_seconds, half_hours.map(lambda count: count * 1800.0))


def time_limits() -> st.SearchStrategy[TimeLimit]:
    """Time limits of every unit with amounts such as 3, 0.5 or 12.25."""
    amounts = st.one_of(
        st.integers(min_value=1, max_value=1000).map(float),
        st.decimals(min_value="0.01", max_value="1000", places=2).map(float),
    )
    return st.builds(TimeLimit, amount=amounts, unit=st.sampled_from(TimeUnit))

# --- case clocks and lights -----------------------------------------------------------------


def whole_second_instants(year: int = 2025) -> st.SearchStrategy[datetime]:
    """Whole-second instants of one year (a year the official calendar knows), in +08:00."""
    return st.datetimes(
        min_value=datetime(year, 1, 1), max_value=datetime(year, 12, 31, 23, 59, 59),
        timezones=st.just(UTC_PLUS_8),
    ).map(lambda moment: moment.replace(microsecond=0))


def light_policies():
    """Light policies of both conventions, with the ratios districts use (yellow ≤ red)."""
    from app.cases.lights import LightPolicy

    warn = st.builds(
        lambda yellow: LightPolicy(code="warn_before", kind="warn_before", yellow_ratio=yellow, red_ratio=1.0),
        st.sampled_from((0.7, 0.75, 0.8, 0.9)),
    )
    grade = st.sampled_from((1.5, 2.0, 3.0)).map(LightPolicy.grade_overdue)
    return st.one_of(warn, grade)


@st.composite
def running_case_clocks(draw, calendar):
    """A running CaseClock as the case service leaves it: a limit, maybe an extension, and maybe
    whole seconds already used before a park, restarted at a whole-second instant."""
    from app.cases.clock import CaseClock

    limit = draw(time_limits())
    total = calendar.limit_seconds(limit)
    extension = draw(st.one_of(st.just(0.0), time_limits().filter(
        lambda extra: extra.unit.is_working == limit.unit.is_working).map(calendar.limit_seconds)))
    consumed = float(draw(st.integers(min_value=0, max_value=int(2 * (total + extension)))))
    return CaseClock(unit=limit.unit, limit_seconds=total, extension_seconds=extension,
                     consumed_seconds=consumed, running_since=draw(whole_second_instants()))
