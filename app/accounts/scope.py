"""Scope: which cases, persons and disputes an account sees.

An account scoped to a region sees what lies in that region or under it (a street sees its
communities and grids); one scoped to a department sees the cases currently dispatched to
that department; an account with neither sees the whole district. Records without a grid are
seen only district-wide. These conditions are the services' filter on SQLite; on PostgreSQL the
row-level security policies say the same (db/migrations) and the conditions are a second guard.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from app.accounts.principal import WHOLE_DISTRICT, Scope
from db.schema import Case, Department, Dispute, Person, Region, Staff


def region_subtree(session: Session, region_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """`region_id` and every region under it."""
    found = {region_id}
    frontier = [region_id]
    while frontier:
        children = session.scalars(select(Region.id).where(Region.parent_id.in_(frontier),
                                                           Region.deleted_at.is_(None))).all()
        frontier = [child for child in children if child not in found]
        found.update(frontier)
    return frozenset(found)


def load_scope(session: Session, staff: Staff) -> Scope:
    """The scope of one account, with its region's descendants resolved."""
    if staff.scope_department_id is not None:
        department = session.get(Department, staff.scope_department_id)
        return Scope(department_id=staff.scope_department_id, department_name=department.name if department else None)
    if staff.scope_region_id is None:
        return WHOLE_DISTRICT
    region = session.get(Region, staff.scope_region_id)
    if region is None or region.level == "district":
        return WHOLE_DISTRICT
    return Scope(region_id=region.id, region_name=region.name, region_level=region.level,
                 region_ids=region_subtree(session, region.id))


def case_condition(scope: Scope) -> ColumnElement[bool]:
    """The cases `scope` sees."""
    if scope.department_id is not None:
        return Case.department_id == scope.department_id
    if scope.whole_district:
        return true()
    return Case.grid_id.in_(scope.region_ids) if scope.region_ids else false()


def case_row_in_scope(scope: Scope, grid_id: uuid.UUID | None, department_id: uuid.UUID | None) -> bool:
    """True when a case in `grid_id` dispatched to `department_id` is one `scope` sees: the rule of
    `case_condition`, for a row not stored yet (an import) or already read."""
    if scope.department_id is not None:
        return department_id == scope.department_id
    return scope.whole_district or grid_id in scope.region_ids


def person_condition(scope: Scope) -> ColumnElement[bool]:
    """The persons `scope` sees (a department sees no ledger)."""
    if scope.department_id is not None:
        return false()
    if scope.whole_district:
        return true()
    return Person.grid_id.in_(scope.region_ids) if scope.region_ids else false()


def dispute_condition(scope: Scope) -> ColumnElement[bool]:
    """The disputes `scope` sees: by grid, or by community where no grid was given."""
    if scope.department_id is not None:
        return false()
    if scope.whole_district:
        return true()
    if not scope.region_ids:
        return false()
    return or_(Dispute.grid_id.in_(scope.region_ids), Dispute.community_id.in_(scope.region_ids))
