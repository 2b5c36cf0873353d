"""The dispatcher board (调度台): every open case with its light thresholds, in one query.

The board carries each case's `yellow_at`/`red_at`, so the dispatcher view relights and
regroups it every second by comparison alone, and `alerts_between` says which cases turned
red or arrived urgent between two looks without asking the database again.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime
from typing import NamedTuple

from app.cases.lights import Light, light_at
from app.cases.queries import base_select, view_columns, view_from_row
from app.cases.service import CaseService
from app.cases.states import OPEN_STATUSES, CaseStatus
from app.cases.views import CaseView
from db.schema import Case

#: urgencies that raise the alarm when such a case arrives
URGENT = ("紧急", "特急")
#: states in which a case waits for the dispatcher (核实、立案、派遣)
WAITING_STATUSES = (CaseStatus.REPORTED.value, CaseStatus.VERIFIED.value, CaseStatus.REGISTERED.value)
_OPEN = [s.value for s in OPEN_STATUSES]
_URGENCY_RANK = {"特急": 0, "紧急": 1}
_INF = float("inf")


class BoardCase(NamedTuple):
    """One open case on the board: its row, the instants its light changes, where it would go."""

    view: CaseView
    yellow_at: datetime | None
    red_at: datetime | None
    parked_light: str | None
    suggested_department: str | None

    @property
    def case_no(self) -> str:
        return self.view.case_no

    @property
    def is_waiting(self) -> bool:
        """True while the case still needs verifying, registering or dispatching."""
        return self.view.status in WAITING_STATUSES

    @property
    def is_urgent(self) -> bool:
        return self.view.urgency in URGENT

    def light(self, now: datetime) -> Light:
        """The case's light at `now`, from its stored thresholds."""
        return light_at(is_open=True, parked_light=self.parked_light, yellow_at=self.yellow_at,
                        red_at=self.red_at, now=now)


@dataclass(frozen=True, kw_only=True)
class Board:
    """The open cases as read at `read_at`, soonest due first (stopped clocks last)."""

    read_at: datetime
    cases: tuple[BoardCase, ...]

    @cached_property
    def _waiting(self) -> tuple[BoardCase, ...]:
        waiting = [c for c in self.cases if c.is_waiting]
        return tuple(sorted(waiting, key=lambda c: _URGENCY_RANK.get(c.view.urgency, 2)))

    def waiting(self) -> list[BoardCase]:
        """Cases waiting for the dispatcher, the most urgent first, then the soonest due."""
        return list(self._waiting)

    @cached_property
    def _instants(self) -> tuple[tuple[float, float], ...]:
        """Per case, the POSIX instants it is yellow and red from (a parked case's light is fixed)."""
        return tuple(_instants_of(c) for c in self.cases)

    @cached_property
    def _red_order(self) -> tuple[list[float], list[int]]:
        running = sorted((red, i) for i, (_yellow, red) in enumerate(self._instants) if -_INF < red < _INF)
        return [red for red, _i in running], [i for _red, i in running]

    def columns(self, now: datetime) -> dict[Light, list[BoardCase]]:
        """The cases grouped by their light at `now`, each group soonest due first.

        Called every second on thousands of cases, hence the comparison of precomputed numbers.
        """
        at = now.timestamp()
        red, yellow, green = [], [], []
        for case, (yellow_from, red_from) in zip(self.cases, self._instants):
            if at >= red_from:
                red.append(case)
            elif at >= yellow_from:
                yellow.append(case)
            else:
                green.append(case)
        return {Light.RED: red, Light.YELLOW: yellow, Light.GREEN: green}

    def turned_red(self, since: datetime, now: datetime) -> list[BoardCase]:
        """The cases whose clock reached red after `since` and by `now`, soonest first."""
        instants, indexes = self._red_order
        first = bisect_right(instants, since.timestamp())
        last = bisect_right(instants, now.timestamp())
        return [self.cases[i] for i in indexes[first:last]]

    def find(self, case_no: str) -> BoardCase | None:
        return next((c for c in self.cases if c.view.case_no == case_no), None)


@dataclass(frozen=True, kw_only=True)
class BoardAlerts:
    """What should sound the alarm: cases that newly turned red and urgent cases that newly arrived.

    A case is in at most one list: an urgent newcomer is reported as arrived, even when red.
    """

    turned_red: tuple[BoardCase, ...] = ()
    urgent_arrived: tuple[BoardCase, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.turned_red or self.urgent_arrived)


def load_board(service: CaseService) -> Board:
    """Every open case lit at the service's now, in one query (no per-case reads)."""
    now = service.now()
    rules = service.config().rules
    names = {d.id: d.name for d in rules.departments.values()}
    suggested = {c.id: names.get(c.default_department_id) for c in rules.categories.values()}
    query = service.scoped(
        base_select(*view_columns(), Case.category_id)
        .where(Case.deleted_at.is_(None), Case.status.in_(_OPEN))
        .order_by(Case.due_at.is_(None), Case.due_at, Case.case_no)
    )
    with service.database.read() as session:
        rows = session.execute(query).all()
    cases = tuple(_board_case(row, now, suggested) for row in rows)
    return Board(read_at=now, cases=cases)


def _board_case(row, now: datetime, suggested: dict) -> BoardCase:
    view = view_from_row(row[:-1], now)
    yellow_at, red_at, parked_light = row.yellow_at, row.red_at, row.parked_light
    return BoardCase(view=view, yellow_at=yellow_at, red_at=red_at, parked_light=parked_light,
                     suggested_department=suggested.get(row.category_id))


def alerts_between(previous: Board | None, current: Board, *, since: datetime, now: datetime) -> BoardAlerts:
    """The alarms raised going from `previous` lit at `since` to `current` lit at `now`.

    Without a previous board (the first look) nothing is new, so nothing sounds. Passing the
    same board twice gives the cases whose clock crossed red between two ticks.
    """
    if previous is None:
        return BoardAlerts()
    if previous is current:
        return BoardAlerts(turned_red=tuple(current.turned_red(since, now)))
    before = {c.view.id: c for c in previous.cases}
    turned_red, arrived = [], []
    for case in current.cases:
        old = before.get(case.view.id)
        if old is None and case.is_urgent:
            arrived.append(case)
        elif _is_red(case, now) and (old is None or not _is_red(old, since)):
            turned_red.append(case)
    return BoardAlerts(turned_red=tuple(turned_red), urgent_arrived=tuple(arrived))


def _is_red(case: BoardCase, at: datetime) -> bool:
    return case.light(at) == Light.RED


def _instants_of(case: BoardCase) -> tuple[float, float]:
    parked = case.parked_light
    if parked is not None:
        return {"red": (-_INF, -_INF), "yellow": (-_INF, _INF)}.get(parked, (_INF, _INF))
    yellow = case.yellow_at.timestamp() if case.yellow_at is not None else _INF
    red = case.red_at.timestamp() if case.red_at is not None else _INF
    return yellow, red
