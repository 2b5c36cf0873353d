"""The overdue backlog (超期积案): registered cases whose deadline had passed by the end of the month
(or by now, for the running month) and that are still open when the report is made — the state
of a case is its current one — listed oldest deadline first and counted by street."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, aliased

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import case_condition
from app.assessment.queries import open_past_deadline
from app.reports.places import Places
from app.scoping import narrowed
from db.schema import Case, CaseCategory, Department, Region

#: how many cases the listing names (the count covers them all)
LISTED = 200


@dataclass(frozen=True, kw_only=True)
class OverdueCase:
    case_no: str
    title: str
    category: str
    grid: str
    department: str
    due_at: datetime
    overdue_days: float


@dataclass(frozen=True, kw_only=True)
class Backlog:
    """How many cases are overdue, the oldest of them, and the count per street."""

    at: datetime
    total: int
    cases: list[OverdueCase]
    by_street: list[tuple[str, int]]


def backlog(session: Session, at: datetime, limit: int = LISTED, scope: Scope = WHOLE_DISTRICT) -> Backlog:
    """The backlog at `at`, read in one query (the overdue are few next to all cases): the count,
    the `limit` oldest and the count per street come from the same rows."""
    grid = aliased(Region)
    # a case parked after its time ran out has no running deadline: the park instant stands for it
    deadline = func.coalesce(Case.due_at, Case.stage_started_at)
    query = (select(Case.case_no, Case.title, CaseCategory.name, grid.name, Department.name, deadline,
                    cast(Case.grid_id, String))
             .select_from(Case)
             .join(CaseCategory, CaseCategory.id == Case.category_id)
             .outerjoin(grid, grid.id == Case.grid_id)
             .outerjoin(Department, Department.id == Case.department_id)
             .where(open_past_deadline(at)).order_by(deadline, Case.case_no))
    rows = session.execute(narrowed(query, scope, case_condition)).all()
    cases = [OverdueCase(case_no=no, title=title, category=category, grid=grid_name or "—",
                         department=department or "—", due_at=due,
                         overdue_days=round(max(0.0, (at - due).total_seconds()) / 86400, 1) if due else 0.0)
             for no, title, category, grid_name, department, due, _grid in rows[:limit]]
    return Backlog(at=at, total=len(rows), cases=cases, by_street=_by_street(Places(session), rows))


def _by_street(places: Places, rows) -> list[tuple[str, int]]:
    """Overdue cases per street (a grid's street found through its community)."""
    counts: dict[str, int] = {}
    for row in rows:
        street = places.up_to(row[-1], "street")
        name = places.name(street) if street else "（未划网格）"
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
