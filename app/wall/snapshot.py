"""Everything the wall shows, read in one go: `read_snapshot(services)` → one immutable `Snapshot`.

The wall repaints from a snapshot only; it never reads a figure by itself. A snapshot carries the
instant it was read (`read_at`), which every panel shows as "数据更新于 HH:MM:SS", and the
dispatcher board it was built from, so the next snapshot can tell which cases turned red or
arrived urgent in between (app.cases.board.alerts_between) and the wall can flash them.

A live read (`full=False`, on a change notification) reads what a single change can move — the
tiles, the red and yellow list, mediation, today's and yesterday's points of the trend — and keeps
the 30-day ranking and breakdowns of the previous snapshot; the wall reads everything once a minute.

Every figure counts the cases of the acting account's scope (`cases.principal.scope`), as the
reports do: a street's wall shows its street; the whole district adds no clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.assessment.figures import capped_ratio
from app.assessment.queries import Reader, new_tallies
from app.assessment.table import period_bounds
from app.assessment.units import units_of
from app.cases.board import Board, BoardAlerts, alerts_between, load_board
from app.cases.service import CaseService
from app.mediation.service import MediationService
from app.reports.series import DailySeries, daily_series
from app.wall.alarm_list import AlarmList, alarm_list
from app.wall.breakdowns import by_category, by_source
from app.wall.figures import DayFigure, day_figures
from app.wall.mediation import MediationToday, mediation_today
from db.schema import Region

#: the days of the trend, the breakdowns and the department ranking (today included)
TREND_DAYS = 30
#: the departments the ranking shows at most (the best by 按期结案率)
MAX_RANKED = 12
DEFAULT_NAME = "网格化管理指挥中心"


@dataclass(frozen=True, slots=True)
class RankedUnit:
    """A department's 应结案数 and 按期结案数 over the period, and so its 按期结案率 (the assessment's)."""

    unit: str
    unit_code: str
    due_to_close: int
    closed_on_time: int

    @property
    def on_time_close_rate(self) -> float | None:
        return capped_ratio(self.closed_on_time, self.due_to_close)


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The wall's data as read at `read_at` (UTC), `today` being the district's calendar day."""

    read_at: datetime
    today: date
    district: str
    figures: tuple[DayFigure, ...]
    alarms: AlarmList
    trend: DailySeries
    ranking: tuple[RankedUnit, ...]
    categories: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int], ...]
    mediation: MediationToday
    board: Board
    alerts: BoardAlerts = BoardAlerts()


def read_snapshot(cases: CaseService, mediation: MediationService, previous: Snapshot | None = None, *,
                  full: bool = True) -> Snapshot:
    """Read the wall's data now; with the previous snapshot, also what newly turned red or arrived
    urgent. `full=False` keeps the previous snapshot's 30-day ranking and breakdowns (same day only)."""
    now = cases.now()
    calendar = cases.config().calendar
    tz = calendar.tz
    today = now.astimezone(tz).date()
    tomorrow = today + timedelta(days=1)
    bounds = [(_start(day, tz), _start(day + timedelta(days=1), tz)) for day in (today - timedelta(days=1), today)]
    live = not full and previous is not None and previous.today == today
    scope = cases.principal.scope
    if live:
        trend = _with_last_days(previous.trend, daily_series(cases.database, end=tomorrow, days=2, scope=scope))
    else:
        trend = daily_series(cases.database, end=tomorrow, days=TREND_DAYS, scope=scope)
    board = load_board(cases)
    with cases.database.read() as session:
        district = _district_name(session) if scope.whole_district else scope.label  # whose figures these are
        figures = day_figures(session, days=tuple(bounds), series=trend, now=now, scope=scope)
        if live:
            ranking, categories, sources = previous.ranking, previous.categories, previous.sources
        else:
            period_start = _start(tomorrow - timedelta(days=TREND_DAYS), tz)
            ranking = _ranking(session, calendar, tomorrow - timedelta(days=TREND_DAYS), tomorrow, now, scope)
            categories = by_category(session, period_start, bounds[1][1], scope)
            sources = by_source(session, period_start, bounds[1][1], scope)
    alerts = BoardAlerts() if previous is None else alerts_between(previous.board, board, since=previous.read_at, now=now)
    return Snapshot(
        read_at=now, today=today, district=district, figures=figures,
        alarms=alarm_list(board, calendar, now), trend=trend, ranking=ranking, categories=categories,
        sources=sources, mediation=mediation_today(mediation, *bounds[1]), board=board, alerts=alerts,
    )


def _with_last_days(trend: DailySeries, last: DailySeries) -> DailySeries:
    """The trend with its last days read again (today's and yesterday's points move, older ones not)."""
    keep = len(trend.days) - len(last.days)
    return DailySeries(days=trend.days, registered=trend.registered[:keep] + last.registered,
                       closed=trend.closed[:keep] + last.closed)


def _start(day: date, tz) -> datetime:
    return datetime.combine(day, time(), tz)


def _ranking(session, calendar, start: date, end: date, now: datetime,
             scope: Scope = WHOLE_DISTRICT) -> tuple[RankedUnit, ...]:
    """Departments with something due in [start, end), best 按期结案率 first (ties: more closed on
    time first): the assessment's 应结案 read (Reader.due), the one figure the ranking needs."""
    begin, finish = period_bounds(start, end, calendar)
    tallies = new_tallies()
    Reader(session, "department", begin, finish, now, scope).due(tallies)
    rows = [RankedUnit(unit.name, unit.code, tallies[unit.key].due_to_close, tallies[unit.key].closed_on_time)
            for unit in units_of(session, "department") if unit.key in tallies and tallies[unit.key].due_to_close]
    rows.sort(key=lambda row: (-(row.on_time_close_rate or 0.0), -row.closed_on_time, row.unit_code))
    return tuple(rows[:MAX_RANKED])


def _district_name(session) -> str:
    """The name of the top region (the district), or the product's name before any is imported."""
    name = session.execute(select(Region.name).where(Region.level == "district", Region.deleted_at.is_(None))
                           .order_by(Region.code).limit(1)).scalar()
    return name or DEFAULT_NAME
