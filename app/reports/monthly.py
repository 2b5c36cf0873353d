"""The monthly 考核通报 as data: everything the text, the workbook and the PDF show, gathered once.

Every figure comes from the assessment (app.assessment.table.assess_with_total: the department
and grid tables, the district's totals of the month, the month before and the same month a year
earlier), the breakdowns and backlog of this package, and the docket's monthly table
(app.mediation.statistics). Nothing here computes a figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.assessment.figures import Tally, UnitFigures
from app.assessment.scoring import AssessmentConfig
from app.assessment.table import assess_with_total, period_bounds
from app.config.calendar_config import load_calendar
from app.mediation.statistics import MonthlyTable
from app.reports.backlog import Backlog, backlog
from app.reports.breakdowns import Breakdowns, accepted_count, breakdowns
from app.reports.periods import Month
from app.reports.places import Places
from app.reports.series import DailySeries, daily_series
from app.reports.totals import TotalLine, figures_of_tally, total_lines
from db.engine import Database
from db.schema import Department

#: the groups departments are scored in, by Department.kind
DEPARTMENT_GROUPS = (("department", "职能部门"), ("company", "公共服务企业"), ("street", "街道办事处"))
#: how many of the lowest a group names (末三位)
LAST = 3


@dataclass(frozen=True, kw_only=True)
class ScoreGroup:
    """The scored units of one group, best first, with the best, the worst and the last three."""

    name: str
    rows: list[UnitFigures]

    @property
    def best(self) -> UnitFigures | None:
        return self.rows[0] if self.rows else None

    @property
    def worst(self) -> UnitFigures | None:
        return self.rows[-1] if len(self.rows) > 1 else None

    @property
    def last_three(self) -> list[UnitFigures]:
        """The lowest LAST, lowest last; none named when the group is too small to rank."""
        return self.rows[-LAST:] if len(self.rows) > LAST else []


@dataclass(frozen=True, kw_only=True)
class MonthlyReport:
    district: str
    month: Month
    generated_at: datetime
    totals: list[TotalLine]
    total: Tally
    groups: list[ScoreGroup]
    departments: list[UnitFigures]
    grids: list[UnitFigures]
    breakdowns: Breakdowns
    backlog: Backlog
    trend: DailySeries
    mediation: MonthlyTable | None

    @property
    def title(self) -> str:
        return f"{self.district}{self.month.label}网格化服务管理考核通报"


def monthly_report(database: Database, month: Month, *, now: datetime, mediation=None,
                   config: AssessmentConfig | None = None, scope: Scope = WHOLE_DISTRICT) -> MonthlyReport:
    """Gather the 通报 of `month`, evaluated at `now`, over the cases of `scope` (an account's);
    `mediation` is a MediationService for the docket's table (left out when None; its own
    account's scope narrows that table)."""
    period = {"start": month.start, "end": month.end, "now": now, "config": config, "scope": scope}
    departments, total = assess_with_total(database, level="department", **period)
    # the grids' annex shows no handling hours (a district's 通报 gives them per department only)
    grids = assess_with_total(database, level="grid", hours=False, **period)[0]
    earlier = [assess_with_total(database, level="department", start=m.start, end=m.end, now=now, config=config,
                                 hours=False, scope=scope)[1]
               for m in (month.previous(), month.year_before())]
    with database.read() as session:
        calendar = load_calendar(session)
        bounds = {m: period_bounds(m.start, m.end, calendar) for m in (month, month.previous(), month.year_before())}
        accepted = {m: accepted_count(session, *bounds[m], scope) for m in bounds}
        start, end = bounds[month]
        places = Places(session)
        kinds = dict(session.execute(select(Department.code, Department.kind)).all())
        parts = breakdowns(session, start, end, total.registered, scope)
        overdue = backlog(session, min(end, now).astimezone(calendar.tz), scope=scope)
    figures = [figures_of_tally(tally, accepted[m]) for tally, m in
               ((total, month), (earlier[0], month.previous()), (earlier[1], month.year_before()))]
    return MonthlyReport(
        district=places.district_name(), month=month, generated_at=now,
        totals=total_lines(*figures), total=total,
        groups=score_groups(departments, kinds, grids), departments=departments, grids=grids,
        breakdowns=parts, backlog=overdue, trend=_trend(database, month, now.astimezone(calendar.tz).date(), scope),
        mediation=_mediation(mediation, month),
    )


def score_groups(departments: list[UnitFigures], kinds: dict[str, str], grids: list[UnitFigures]) -> list[ScoreGroup]:
    """The departments by kind, then the grids; only scored units, in the tables' order (best first)."""
    groups = [ScoreGroup(name=label, rows=[row for row in departments
                                           if row.score is not None and kinds.get(row.unit_code) == kind])
              for kind, label in DEPARTMENT_GROUPS]
    groups.append(ScoreGroup(name="网格", rows=[row for row in grids if row.score is not None]))
    return [group for group in groups if group.rows]


def _trend(database: Database, month: Month, today, scope: Scope) -> DailySeries:
    """The month's days, up to today (the district's day) for the running month."""
    end = min(month.end, today + timedelta(days=1)) if today >= month.start else month.end
    return daily_series(database, end=end, days=max(1, (end - month.start).days), scope=scope)


def _mediation(service, month: Month) -> MonthlyTable | None:
    if service is None:
        return None
    from app.mediation.statistics import monthly_table
    return monthly_table(service, month.year, month.month)


__all__ = ["MonthlyReport", "ScoreGroup", "monthly_report", "score_groups"]
