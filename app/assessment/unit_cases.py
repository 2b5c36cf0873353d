"""The cases behind one figure of one unit for one period: what a click on the assessment table lists.

The cases are selected by the very conditions the grouped counts use (`Conditions` in
app/assessment/queries.py), so the number of cases listed for 应结案数 is the 应结案数 of the
table. A unit is named as the table names it: level and unit code (a department's code, a
region's code, a grid worker's login); communities and streets stand for the grids under them.
The list is read a page at a time, oldest report first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, false, func, select
from sqlalchemy.orm import Session

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import case_condition
from app.assessment.queries import CASE_FIGURES, Conditions, raw_key
from app.assessment.scoring import AssessmentConfigError
from app.assessment.table import period_bounds
from app.assessment.units import LEVELS
from app.cases.queries import overrun_condition
from app.cases.states import STATUS_LABELS
from app.config.calendar_config import load_calendar
from db.engine import Database
from db.schema import Case, CaseCategory, CaseEvent, Department, Region

#: The figures whose cases can be listed, with the headings the table gives them.
FIGURE_LABELS = {
    "registered": "立案数", "due_to_close": "应结案数", "closed": "结案数", "closed_on_time": "按期结案数",
    "overdue": "超期数", "handled": "处置数", "reworked": "返工数", "extended": "延期数",
    "handle_cases": "期内结案（处置时长）",
}
assert tuple(FIGURE_LABELS) == CASE_FIGURES
MAX_PAGE = 500
_STATUS_TEXT = {status.value: label for status, label in STATUS_LABELS.items()}


@dataclass(frozen=True)
class UnitCase:
    """One listed case: what a reader needs to recognise it and see why it counts."""

    case_no: str
    title: str
    category: str
    status: str
    department: str
    grid: str
    reported_at: datetime
    due_at: datetime | None
    closed_at: datetime | None
    overrun: bool


@dataclass(frozen=True)
class UnitCasePage:
    """A page of a unit's cases for a figure, and how many there are in all."""

    total: int
    offset: int
    cases: list[UnitCase]


def unit_cases(database: Database, *, level: str, unit_code: str, figure: str, start: date, end: date,
               now: datetime, offset: int = 0, limit: int = 100, scope: Scope = WHOLE_DISTRICT) -> UnitCasePage:
    """The cases `figure` counts for the unit `unit_code` of `level` over [start, end), one page,
    among the cases of `scope` (an account's)."""
    if level not in LEVELS:
        raise AssessmentConfigError(f"未知的统计单位“{level}”，可用：{'、'.join(LEVELS)}")
    if figure not in FIGURE_LABELS:
        raise AssessmentConfigError(f"未知的指标“{figure}”，可用：{'、'.join(FIGURE_LABELS)}")
    limit = max(1, min(limit, MAX_PAGE))
    with database.read() as session:
        begin, finish = period_bounds(start, end, load_calendar(session))
        where = and_(Conditions(begin, finish, now).figure(figure), _unit_condition(session, level, unit_code))
        if not scope.whole_district:
            where = and_(where, case_condition(scope))
        rows = session.execute(_listing().where(where).order_by(Case.reported_at, Case.case_no)
                               .offset(max(0, offset)).limit(limit)).all()
        if rows:
            total = rows[0][-1]  # count(*) over the whole selection: the cases are read once
        else:
            total = session.scalar(select(func.count()).select_from(Case).where(where))
    return UnitCasePage(total=total or 0, offset=max(0, offset), cases=[_case(row[:-1]) for row in rows])


def _listing():
    grid = Region.__table__.alias("grid")
    return (select(Case.case_no, Case.title, CaseCategory.name, Case.status, Department.name, grid.c.name,
                   Case.reported_at, Case.due_at, Case.closed_at, overrun_condition(), func.count().over())
            .select_from(Case)
            .join(CaseCategory, CaseCategory.id == Case.category_id)
            .outerjoin(Department, Department.id == Case.department_id)
            .outerjoin(grid, grid.c.id == Case.grid_id))


def _case(row) -> UnitCase:
    case_no, title, category, status, department, grid, reported, due, closed, overrun = row
    return UnitCase(case_no=case_no, title=title, category=category,
                    status=_STATUS_TEXT.get(status, status),
                    department=department or "", grid=grid or "", reported_at=reported, due_at=due,
                    closed_at=closed, overrun=bool(overrun))


def _unit_condition(session: Session, level: str, code: str):
    """The cases of the unit, keyed as app/assessment/queries.Reader keys them."""
    if level == "department":
        ids = select(Department.id).where(Department.code == code, Department.deleted_at.is_(None))
        return Case.department_id.in_(ids)
    if level == "worker":
        reporters = select(CaseEvent.case_id).where(CaseEvent.seq == 1, CaseEvent.actor == code)
        return Case.id.in_(reporters)
    grids = _grids_under(session, level, code)
    return raw_key(Case.grid_id).in_(grids) if grids else false()


def _grids_under(session: Session, level: str, code: str) -> list[str]:
    """The ids (as text) of the grids that roll up to the region `code` of `level`."""
    regions = session.execute(select(raw_key(Region.id), raw_key(Region.parent_id), Region.level,
                                     Region.code, Region.deleted_at)).all()
    parents = {region_id: parent for region_id, parent, *_ in regions}
    target = next((region_id for region_id, _p, lvl, rcode, deleted in regions
                   if lvl == level and rcode == code and deleted is None), None)
    if target is None:
        return []
    grids = []
    for region_id, _parent, lvl, _code, _deleted in regions:
        unit = region_id
        while unit is not None and unit != target:
            unit = parents.get(unit)
        if lvl == "grid" and unit == target:
            grids.append(region_id)
    return grids
