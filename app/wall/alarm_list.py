"""The wall's red and yellow list: the open cases whose light is red or yellow, worst first.

Built from the dispatcher board (app.cases.board), so the wall and the dispatcher view light a
case the same way, and the wall's flashes come from the board's own `alerts_between`. The
list is bounded (`MAX_ROWS`): a wall cannot show ten thousand rows, and a list that grows with
the backlog is a leak over weeks of uptime; the counts say how many there are in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.calendar import WorkingCalendar
from app.cases.board import Board, BoardCase
from app.cases.countdown import remaining_seconds
from app.cases.lights import Light

#: the most rows the list holds
MAX_ROWS = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class AlarmRow:
    """One red or yellow case: its number, what and where, who handles it, and its time left at
    the read (negative: overdue by that much) in its limit's unit."""

    case_no: str
    light: str
    category: str
    grid: str
    department: str
    remaining: float | None
    limit_unit: str
    urgent: bool
    version: int


@dataclass(frozen=True, kw_only=True)
class AlarmList:
    """The rows (red first, the most overdue first; then yellow, the soonest due first) and the
    counts of all red and yellow cases, however many rows were kept."""

    rows: tuple[AlarmRow, ...]
    red: int
    yellow: int

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.red + self.yellow


def alarm_list(board: Board, calendar: WorkingCalendar, now: datetime, limit: int = MAX_ROWS) -> AlarmList:
    """The red and yellow cases of `board` lit at `now`, at most `limit` rows."""
    columns = board.columns(now)
    red, yellow = columns[Light.RED], columns[Light.YELLOW]
    rows = [_row(case, Light.RED, calendar, now) for case in red[:limit]]
    rows.sort(key=lambda row: _overdue_key(row.remaining))
    rows += [_row(case, Light.YELLOW, calendar, now) for case in yellow[:max(0, limit - len(rows))]]
    return AlarmList(rows=tuple(rows), red=len(red), yellow=len(yellow))


def _row(case: BoardCase, light: Light, calendar: WorkingCalendar, now: datetime) -> AlarmRow:
    view = case.view
    return AlarmRow(case_no=view.case_no, light=light.value, category=view.category, grid=view.grid or "",
                    department=view.department or "", remaining=remaining_seconds(view, calendar, now),
                    limit_unit=view.limit_unit, urgent=case.is_urgent, version=view.version)


def _overdue_key(remaining: float | None) -> float:
    return remaining if remaining is not None else float("inf")
