"""The wall's breakdowns of recent cases: by 大类 (top-level category) and by source, most first.

Counted over cases reported in a period (the wall uses the trend's 30 days), deleted ones not;
grouped by the database, so the cost does not grow with the district's backlog.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from db.schema import Case, CaseCategory

#: the most bars one breakdown shows; the rest are added up as 其他
MAX_BARS = 8
OTHER = "其他"

Parent = aliased(CaseCategory, name="parent")


def by_category(session: Session, start: datetime, end: datetime) -> tuple[tuple[str, int], ...]:
    """(大类 name, cases reported in [start, end)), most first."""
    name = func.coalesce(Parent.name, CaseCategory.name)
    query = (select(name, func.count()).select_from(Case)
             .join(CaseCategory, CaseCategory.id == Case.category_id)
             .outerjoin(Parent, Parent.id == CaseCategory.parent_id)
             .where(Case.deleted_at.is_(None), Case.reported_at >= start, Case.reported_at < end)
             .group_by(name))
    return _ranked(session.execute(query).all())


def by_source(session: Session, start: datetime, end: datetime) -> tuple[tuple[str, int], ...]:
    """(source, cases reported in [start, end)), most first."""
    query = (select(Case.source, func.count())
             .where(Case.deleted_at.is_(None), Case.reported_at >= start, Case.reported_at < end)
             .group_by(Case.source))
    return _ranked(session.execute(query).all())


def _ranked(rows) -> tuple[tuple[str, int], ...]:
    """Most first (ties by name); beyond MAX_BARS the rest summed into 其他."""
    ordered = sorted(((str(label), int(count)) for label, count in rows), key=lambda item: (-item[1], item[0]))
    if len(ordered) <= MAX_BARS:
        return tuple(ordered)
    rest = sum(count for _label, count in ordered[MAX_BARS - 1:])
    return tuple(ordered[:MAX_BARS - 1]) + ((OTHER, rest),)
