"""Sets of persons the ledger filters by: the grids under a region, the members of a category.

A region filter is every grid beneath it in the region tree (whatever the district's depth),
resolved to grid ids first — the region table is small — so the persons query stays a plain
`grid_id IN (…)` on its index. A category is joined (a person has one membership row per
category), which leaves the planner both ways round: from a small category's memberships to
the persons, or along the persons probing each one's membership. `id IN (SELECT …)` would make
SQLite materialise 400,000 members of 流动人口 first; a correlated EXISTS would make a count of
低保 walk half the persons table.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from db.schema import Person, PersonCategory, Region


def grid_ids_under(session: Session, region_code: str) -> list[uuid.UUID] | None:
    """Ids of the grids at or beneath the region with that code; None when no such region."""
    regions = session.execute(select(Region.id, Region.code, Region.level, Region.parent_id)
                              .where(Region.deleted_at.is_(None))).all()
    root = next((r for r in regions if r.code == region_code), None)
    if root is None:
        return None
    children: dict[uuid.UUID, list] = {}
    for region in regions:
        children.setdefault(region.parent_id, []).append(region)
    grids, stack = [], [root]
    while stack:
        region = stack.pop()
        if region.level == "grid":
            grids.append(region.id)
        stack.extend(children.get(region.id, ()))
    return grids


def unindexed(column):
    """The column as `(+ column)`: the same value, but SQLite will not start from its index.

    How SQLite is told to walk the sort index instead (its documented idiom for this).
    """
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def in_grids(grids: list[uuid.UUID], *, walk: bool = False):
    """Persons living in one of the grids."""
    column = unindexed(Person.grid_id) if walk else Person.grid_id
    return column == grids[0] if len(grids) == 1 else column.in_(grids)


def category_member(category_id: uuid.UUID, today: date | None = None, *, walk: bool = False) -> list:
    """WHERE terms for a live membership of the category (still current on `today`, when given).

    Joined (each call its own alias, so a filter and a search word can both name one); when the
    sort index is to be walked, a correlated EXISTS, so the persons stay the outer loop.
    """
    membership = aliased(PersonCategory)
    terms = [membership.person_id == Person.id, membership.category_id == category_id,
             membership.deleted_at.is_(None)]
    if today is not None:
        terms.append(or_(membership.until.is_(None), membership.until >= today))
    return [exists().where(*terms)] if walk else terms
