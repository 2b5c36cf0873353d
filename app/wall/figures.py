"""Today's five headline figures on the wall, each beside yesterday's.

- 上报 reported: cases reported that day (every report, as the queue counts them:
  `app.cases.queries.count_select` over the reporting time);
- 立案 registered and 结案 closed: the per-day series of the reports (app/reports/series.py),
  which follows the assessment's definitions, so the trend chart and the tiles agree;
- 派遣 dispatched: cases dispatched that day (a 派遣 event on the day; a case dispatched twice
  in a day counts once), voided and deleted cases never;
- 超期 overdue: the assessment's 超期数 for the day (app/assessment: cases whose deadline fell
  that day, closed late or still open past it at the moment of reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import case_condition
from app.assessment.queries import Reader, live_cases, new_tallies
from app.cases.queries import CaseFilter, count_select
from app.cases.states import Action
from app.reports.series import DailySeries
from app.scoping import narrowed
from db.schema import Case, CaseEvent

#: (key, label) of the tiles, in order
FIGURES = (("reported", "上报"), ("registered", "立案"), ("dispatched", "派遣"), ("closed", "结案"),
           ("overdue", "超期"))


@dataclass(frozen=True, slots=True)
class DayFigure:
    """One tile: today's value and yesterday's."""

    key: str
    label: str
    today: int
    yesterday: int

    @property
    def change(self) -> int:
        return self.today - self.yesterday


def day_figures(session: Session, *, days: tuple[tuple[datetime, datetime], tuple[datetime, datetime]],
                series: DailySeries, now: datetime, scope: Scope = WHOLE_DISTRICT) -> tuple[DayFigure, ...]:
    """The tiles for (yesterday, today), each day as [start, end), counting the cases of `scope`;
    `series` (read in the same scope) ends with those two days."""
    values: dict[str, list[int]] = {key: [] for key, _label in FIGURES}
    for start, end in days:
        values["reported"].append(session.execute(narrowed(
            count_select(CaseFilter(reported_from=start, reported_to=end), now), scope, case_condition)).scalar_one())
        values["dispatched"].append(dispatched(session, start, end, scope))
        values["overdue"].append(overdue(session, start, end, now, scope))
    values["registered"] = list(series.registered[-2:])
    values["closed"] = list(series.closed[-2:])
    return tuple(DayFigure(key, label, values[key][1], values[key][0]) for key, label in FIGURES)


def dispatched(session: Session, start: datetime, end: datetime, scope: Scope = WHOLE_DISTRICT) -> int:
    """Cases of `scope` with a 派遣 event in [start, end)."""
    events = select(CaseEvent.case_id).where(CaseEvent.action == Action.DISPATCH.value,
                                             CaseEvent.at >= start, CaseEvent.at < end)
    return session.execute(narrowed(select(func.count()).select_from(Case)
                                    .where(live_cases(), Case.id.in_(events)), scope, case_condition)).scalar_one()


def overdue(session: Session, start: datetime, end: datetime, now: datetime, scope: Scope = WHOLE_DISTRICT) -> int:
    """The assessment's 超期数 of [start, end) among the cases of `scope`, all units together."""
    tallies = new_tallies()
    Reader(session, "department", start, end, now, scope).due(tallies)
    return sum(t.due_to_close - t.closed_on_time for t in tallies.values())
