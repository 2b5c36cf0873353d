"""Where the month's cases came from and what they were: sources with shares, categories (小类)
with their 大类, and hot spots (高发区域: the grids and communities with most cases).

Every breakdown counts 立案数 as the assessment does (app.assessment.queries.registered_in):
live cases with a 立案 event in the period, grouped by the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, aliased

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import case_condition
from app.assessment.figures import capped_ratio
from app.assessment.queries import registered_in
from app.reports.places import Places
from app.scoping import narrowed
from db.schema import Case, CaseCategory

#: how many categories and hot spots a 通报 names
TOP = 10


@dataclass(frozen=True, kw_only=True)
class Share:
    """One line of a breakdown: its label, the cases and their share of the period's 立案数."""

    label: str
    count: int
    share: float | None
    parent: str = ""


@dataclass(frozen=True, kw_only=True)
class Breakdowns:
    sources: list[Share]
    categories: list[Share]
    grids: list[Share]
    communities: list[Share]


def breakdowns(session: Session, start: datetime, end: datetime, registered: int,
               scope: Scope = WHOLE_DISTRICT) -> Breakdowns:
    """The month's breakdowns of the cases of `scope`; `registered` is its 立案数 (the shares' denominator)."""
    by_grid = session.execute(_grouped(cast(Case.grid_id, String), start, end, scope)).all()
    places = Places(session)
    return Breakdowns(
        sources=source_shares(session, start, end, registered, scope),
        categories=category_shares(session, start, end, registered, scope),
        grids=_places(places, by_grid, registered, "grid"),
        communities=_places(places, by_grid, registered, "community"),
    )


def _grouped(key, start: datetime, end: datetime, scope: Scope):
    return narrowed(select(key, func.count()).select_from(Case).where(registered_in(start, end))
                    .group_by(key).order_by(func.count().desc()), scope, case_condition)


def _shares(rows, registered: int, names: dict | None = None, parents: dict | None = None) -> list[Share]:
    lines = [Share(label=(names or {}).get(key, key) or "（未填）", count=count,
                   share=capped_ratio(count, registered), parent=(parents or {}).get(key, ""))
             for key, count in rows]
    return sorted(lines, key=lambda line: (-line.count, line.label))


def source_shares(session: Session, start: datetime, end: datetime, registered: int,
                  scope: Scope = WHOLE_DISTRICT) -> list[Share]:
    """The period's 立案数 by source, most first."""
    return _shares(session.execute(_grouped(Case.source, start, end, scope)).all(), registered)


def category_shares(session: Session, start: datetime, end: datetime, registered: int,
                    scope: Scope = WHOLE_DISTRICT) -> list[Share]:
    """The period's 立案数 by category (小类, with its 大类 as `parent`), most first."""
    key = cast(Case.category_id, String)
    parent = aliased(CaseCategory)
    names, parents = {}, {}
    for cid, name, parent_name in session.execute(
            select(cast(CaseCategory.id, String), CaseCategory.name, parent.name)
            .outerjoin(parent, parent.id == CaseCategory.parent_id)):
        names[cid], parents[cid] = name, parent_name or ""
    return _shares(session.execute(_grouped(key, start, end, scope)).all(), registered, names, parents)


def _places(places: Places, by_grid, registered: int, level: str) -> list[Share]:
    """Grids by their cases, or communities by the cases of their grids (cases of no grid left out)."""
    counts: dict[str, int] = {}
    for grid, count in by_grid:
        unit = places.up_to(grid, level)
        if unit is not None:
            counts[unit] = counts.get(unit, 0) + count
    lines = [Share(label=places.name(unit), count=count, share=capped_ratio(count, registered),
                   parent=places.parent_name(unit)) for unit, count in counts.items()]
    return sorted(lines, key=lambda line: (-line.count, line.label))


def accepted_count(session: Session, start: datetime, end: datetime, scope: Scope = WHOLE_DISTRICT) -> int:
    """受理数: every report received in the period (voided ones too: they were received), not deleted."""
    return session.execute(narrowed(select(func.count()).select_from(Case).where(
        Case.reported_at >= start, Case.reported_at < end, Case.deleted_at.is_(None)), scope, case_condition)).scalar_one()
