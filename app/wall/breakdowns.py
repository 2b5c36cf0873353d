"""The wall's breakdowns of recent cases: by 大类 (top-level category) and by source, most first.

The counts are the monthly report's (app/reports/breakdowns.py: 立案数 — live cases registered
in the period — grouped by the database); the wall only rolls categories up to their 大类 and
keeps the bars it has room for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.reports.breakdowns import category_shares, source_shares

#: the most bars one breakdown shows; the rest are added up as 其他
MAX_BARS = 8
OTHER = "其他"


def by_category(session: Session, start: datetime, end: datetime,
                scope: Scope = WHOLE_DISTRICT) -> tuple[tuple[str, int], ...]:
    """(大类 name, cases of `scope` registered in [start, end)), most first."""
    totals: dict[str, int] = {}
    for line in category_shares(session, start, end, registered=0, scope=scope):
        top = line.parent or line.label
        totals[top] = totals.get(top, 0) + line.count
    return _ranked(totals.items())


def by_source(session: Session, start: datetime, end: datetime,
              scope: Scope = WHOLE_DISTRICT) -> tuple[tuple[str, int], ...]:
    """(source, cases of `scope` registered in [start, end)), most first."""
    return _ranked((line.label, line.count) for line in source_shares(session, start, end, registered=0, scope=scope))


def _ranked(rows) -> tuple[tuple[str, int], ...]:
    """Most first (ties by name); beyond MAX_BARS the rest summed into 其他."""
    ordered = sorted(((str(label), int(count)) for label, count in rows), key=lambda item: (-item[1], item[0]))
    if len(ordered) <= MAX_BARS:
        return tuple(ordered)
    rest = sum(count for _label, count in ordered[MAX_BARS - 1:])
    return tuple(ordered[:MAX_BARS - 1]) + ((OTHER, rest),)
