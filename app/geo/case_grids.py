"""Cases and grid boundaries: which located cases fall outside every grid, and reassignment.

A case's grid is found from its location when it is created. After new boundaries are
imported the stored grids are left as they are (a dispatcher may be working on them); the
import reports how many would change, and `reassign_cases` recomputes them on request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.geo.locator import GridLocator
from db.schema import Case

SAMPLE_SIZE = 5


@dataclass(frozen=True)
class CaseCoverage:
    """Located cases against the current grids: how many lie in none, a few of their numbers,
    and how many are stored with another grid than their location gives now."""

    located: int
    outside: int
    outside_sample: tuple[str, ...]
    would_change: int


@dataclass(frozen=True)
class _Located:
    ids: list[uuid.UUID]
    case_nos: list[str]
    stored: list[uuid.UUID | None]
    found: list[uuid.UUID | None]


def _locate_cases(session: Session) -> _Located:
    rows = session.execute(
        select(Case.id, Case.case_no, Case.lon, Case.lat, Case.grid_id)
        .where(Case.deleted_at.is_(None), Case.lon.is_not(None), Case.lat.is_not(None))
        .order_by(Case.case_no)
    ).all()
    locator = GridLocator.from_session(session)
    lons = np.fromiter((r.lon for r in rows), dtype=float, count=len(rows))
    lats = np.fromiter((r.lat for r in rows), dtype=float, count=len(rows))
    return _Located(ids=[r.id for r in rows], case_nos=[r.case_no for r in rows],
                    stored=[r.grid_id for r in rows], found=locator.locate_many(lons, lats))


def case_coverage(session: Session, sample: int = SAMPLE_SIZE) -> CaseCoverage:
    """How the located cases sit in the grids as they are in this session now."""
    located = _locate_cases(session)
    outside = [no for no, grid in zip(located.case_nos, located.found) if grid is None]
    changed = sum(1 for old, new in zip(located.stored, located.found) if new is not None and old != new)
    return CaseCoverage(located=len(located.ids), outside=len(outside), outside_sample=tuple(outside[:sample]),
                        would_change=changed)


@dataclass(frozen=True)
class ReassignResult:
    """What `reassign_cases` did: located cases checked, grids changed, cases in no grid."""

    located: int
    changed: int
    outside: int
    outside_sample: tuple[str, ...]


def reassign_cases(session: Session, sample: int = SAMPLE_SIZE) -> ReassignResult:
    """Set every located case's grid from its location and the current boundaries.

    A case outside every grid keeps the grid it has (a dispatcher may have chosen it by hand)
    and is counted, so the boundaries can be checked. The version of each changed case moves
    on, so an editor holding the old one is told to refresh.
    """
    located = _locate_cases(session)
    changes = [{"b_id": case_id, "b_grid": new}
               for case_id, old, new in zip(located.ids, located.stored, located.found)
               if new is not None and old != new]
    if changes:
        table = Case.__table__
        statement = (update(table).where(table.c.id == bindparam("b_id"))
                     .values(grid_id=bindparam("b_grid"), version=table.c.version + 1,
                             updated_at=datetime.now(UTC)))
        session.connection().execute(statement, changes)
    outside = [no for no, grid in zip(located.case_nos, located.found) if grid is None]
    return ReassignResult(located=len(located.ids), changed=len(changes), outside=len(outside),
                          outside_sample=tuple(outside[:sample]))
