"""What the people ledger filters on, turned into SQL conditions over `persons`.

Regions and categories are sets of persons (app.people.ledger_sets). Age bands are birth-date
ranges computed from "today" in district time, so the `birth_date` index serves them and
nobody's age is stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import Session

from app.people.ledger_search import named_sensitive_categories, search_conditions
from app.people.ledger_sets import category_member, grid_ids_under, in_grids, unindexed
from db.schema import Person, PersonCategory, PopulationCategory

#: age band key → (youngest, oldest or None); the ledger's age filter offers these in order
AGE_BANDS = {"0-17": (0, 17), "18-34": (18, 34), "35-59": (35, 59), "60-79": (60, 79), "80+": (80, None)}


@dataclass(frozen=True, kw_only=True)
class LedgerFilter:
    """What the ledger shows; every field is optional.

    `region_code` names a grid, a community or a street (any level of the region tree).
    """

    region_code: str | None = None
    building_id: uuid.UUID | None = None
    category_code: str | None = None
    residence_type: str | None = None
    age_band: str | None = None
    search: str | None = None


def years_before(today: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February that year lacks)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_band_conditions(band: str, today: date, birth_date=Person.birth_date) -> list:
    """Birth-date range of everyone whose age on `today` lies in the band."""
    if band not in AGE_BANDS:
        raise ValueError(f"未知的年龄段“{band}”，可用：{'、'.join(AGE_BANDS)}")
    youngest, oldest = AGE_BANDS[band]
    conditions = [birth_date <= years_before(today, youngest)]
    if oldest is not None:
        conditions.append(birth_date > years_before(today, oldest + 1))
    return conditions


def filter_conditions(session: Session, flt: LedgerFilter, today: date, *, walk=None) -> list | None:
    """The WHERE terms for a filter; None when the filter cannot match anyone (unknown grid).

    `walk` (a sort column): no term but one on that column may start the query, so SQLite walks
    the sort column's index.
    """
    def column(c):
        return unindexed(c) if walk is not None and c is not walk else c

    conditions = [Person.deleted_at.is_(None)]
    if flt.region_code:
        grids = grid_ids_under(session, flt.region_code)
        if not grids:
            return None
        conditions.append(in_grids(grids, walk=walk is not None))
    if flt.building_id:
        conditions.append(column(Person.building_id) == flt.building_id)
    if flt.category_code:
        category_id = session.execute(select(PopulationCategory.id).where(
            PopulationCategory.code == flt.category_code)).scalar()
        if category_id is None:
            return None
        conditions += category_member(category_id, today, walk=walk is not None)
    if flt.residence_type:
        conditions.append(column(Person.residence_type) == flt.residence_type)
    if flt.age_band:
        conditions += age_band_conditions(flt.age_band, today, column(Person.birth_date))
    if flt.search and flt.search.strip():
        conditions += search_conditions(session, flt.search)
    return conditions


def sensitive_categories(session: Session, flt: LedgerFilter) -> list[str]:
    """Codes of the sensitive categories the filter names (its category, words of its search)."""
    codes = []
    if flt.category_code:
        sensitive = session.scalar(select(PopulationCategory.sensitive).where(
            PopulationCategory.code == flt.category_code))
        if sensitive:
            codes.append(flt.category_code)
    if flt.search and flt.search.strip():
        codes += [code for code in named_sensitive_categories(session, flt.search) if code not in codes]
    return codes


def shown_filters(flt: LedgerFilter) -> dict:
    """The filter's parts an audit entry names (never the search text: it may hold an ID or phone tail)."""
    return {"region": flt.region_code, "building": flt.building_id, "residence_type": flt.residence_type,
            "age_band": flt.age_band}


def smallest_set(session: Session, flt: LedgerFilter, today: date, cap: int) -> int:
    """How many persons the most selective single filter keeps, counted up to `cap`.

    Each count reads one index only (deleted rows included: an estimate), so deciding how to
    page costs a few milliseconds; the filter as a whole keeps no more than this.
    """
    sets = []
    if flt.building_id:
        sets.append(Person.building_id == flt.building_id)
    if flt.region_code:
        sets.append(in_grids(grid_ids_under(session, flt.region_code) or []))
    if flt.residence_type:
        sets.append(Person.residence_type == flt.residence_type)
    if flt.age_band:
        sets += [and_(*age_band_conditions(flt.age_band, today))]
    sizes = [session.scalar(select(func.count()).select_from(
        select(literal(1)).select_from(Person).where(condition).limit(cap).subquery())) for condition in sets]
    if flt.category_code:
        members = (select(literal(1)).select_from(PersonCategory).join(
            PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
            .where(PopulationCategory.code == flt.category_code).limit(cap).subquery())
        sizes.append(session.scalar(select(func.count()).select_from(members)))
    return min(sizes, default=cap)
