"""Reads behind the people ledger: filtered, sorted pages of persons and a capped count.

Two million persons never travel at once and are never counted on every filter change. A page
is found by keyset paging — "the next N rows after the last one shown", a seek on an index —
so page 10,000 costs what page 1 costs, on SQLite and PostgreSQL alike. Empty sort values come
last in both directions, read as a second segment (`col IS NULL ORDER BY id`), so no backend's
own NULL ordering and no COALESCE stands between the query and its index. The count stops at
`COUNT_CAP` (shown as "10,000+"); the exact number is read only when asked for.

A filter naming a sensitive category (its category or a word of its search) is read only for a
`viewer` with the reveal permission; each page checks it, a refused page or count is audited,
and so is each permitted count with its number (app.people.sensitive_reads). Rows show the age,
never the birth date (app.people.privacy).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, NoReturn

from sqlalchemy import func, or_, select, text

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import person_condition
from app.people import sensitive_reads
from app.people.ledger_filters import (
    LedgerFilter,
    filter_conditions,
    sensitive_categories,
    shown_filters,
    smallest_set,
)
from app.people.ledger_search import names_text
from app.people.privacy import Viewer, age_at, mask_categories, mask_id_number, mask_phone
from db.engine import Database
from db.schema import Building, Person, PersonCategory, PopulationCategory, Region, Room

PAGE_SIZE = 200
COUNT_CAP = 10_000
#: filtered sets at least this large are paged by walking the sort index (SQLite, see below)
WALK_FROM = 20_000

#: sort key → (column, may be NULL): the whitelist of what the ledger sorts by. Only indexed
#: columns of many distinct values: sorting two million rows by sex or residence type (two or
#: four values, then the id) has no index to walk — those are filters, not orders.
SORT_COLUMNS = {
    "name": (Person.name_pinyin, False),
    "birth_date": (Person.birth_date, True),
    "created": (Person.id, False),
}
SORT_KEYS = tuple(SORT_COLUMNS)


class LedgerRow(NamedTuple):
    """One person as the ledger lists them; ID number, phone and sensitive categories are masked,
    the birth date is shown as the age."""

    person_id: uuid.UUID
    name: str
    sex: str | None
    age: int | None
    id_masked: str
    phone_masked: str
    residence_type: str
    grid: str
    building: str
    room: str
    categories: tuple[str, ...]
    current_address: str
    phone_known: bool


class Cursor(NamedTuple):
    """Where a page ended: the segment (0 values, 1 empty values), the sort value and the id."""

    segment: int
    value: Any
    person_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class LedgerPage:
    """Rows in display order and the cursor to read the next page from (None: no more rows)."""

    rows: list[LedgerRow]
    next_cursor: Cursor | None


@dataclass(frozen=True, kw_only=True)
class LedgerCount:
    """How many persons match, up to a cap; `capped` means "at least `value`"."""

    value: int
    capped: bool


def fetch_page(database: Database, flt: LedgerFilter, *, today: date, sort_key: str = "name",
               descending: bool = False, after: Cursor | None = None, limit: int = PAGE_SIZE,
               viewer: Viewer | None = None) -> LedgerPage:
    """Up to `limit` persons after `after` (from the start when None), in the chosen order.

    SensitiveReadDenied (audited) when the filter names a sensitive category and `viewer` may
    not reveal."""
    column, nullable = _sort_column(sort_key)
    with database.read() as session:
        codes, allowed = _access(session, flt, viewer)
        if allowed:
            return _read_page(session, database, flt, today, column, nullable, descending, after, limit,
                              scope_of(viewer))
    return _refuse(database, viewer, flt, codes)


def _read_page(session, database: Database, flt: LedgerFilter, today: date, column, nullable: bool,
               descending: bool, after: Cursor | None, limit: int, scope: Scope) -> LedgerPage:
    conditions = scoped_conditions(session, flt, today, scope)
    if conditions is None:
        return LedgerPage(rows=[], next_cursor=None)
    conn = session.connection()
    if _walk_sort_index(session, database, flt, today, column):
        conditions = scoped_conditions(session, flt, today, scope, walk=column)
    if database.kind == "postgresql":
        _plan_for_a_page(session)
    searched = database.kind == "postgresql" and flt.search and names_text(session, flt.search)
    ordered_by = _search_order(column) if searched else column
    keys: list[Cursor] = []
    start = after.segment if after else 0
    for segment in range(start, 2 if nullable else 1):
        where = [*conditions, *_segment_conditions(column, segment, nullable, descending,
                                                  after if after and after.segment == segment else None)]
        order = _segment_order(column, segment, descending, ordered_by)
        query = select(Person.id, column).where(*where).order_by(*order).limit(limit + 1 - len(keys))
        keys += [Cursor(segment, value, person_id) for person_id, value in conn.execute(query)]
        if len(keys) > limit:
            break
    more = len(keys) > limit
    keys = keys[:limit]
    rows = _rows(conn, [key.person_id for key in keys], today)
    ordered = [rows[key.person_id] for key in keys if key.person_id in rows]
    return LedgerPage(rows=ordered, next_cursor=keys[-1] if more and keys else None)


def count(database: Database, flt: LedgerFilter, *, today: date, cap: int | None = COUNT_CAP,
          viewer: Viewer | None = None) -> LedgerCount:
    """How many persons match: at most `cap + 1` rows are looked at (None: count them all).

    A filter naming a sensitive category is counted only for a `viewer` who may reveal, and the
    count is audited; otherwise SensitiveReadDenied (audited)."""
    with database.read() as session:
        codes, allowed = _access(session, flt, viewer)
        conditions = scoped_conditions(session, flt, today, scope_of(viewer)) if allowed else None
        found = 0
        if conditions is not None:
            inner = select(Person.id).where(*conditions)
            if cap is not None:
                inner = inner.limit(cap + 1)
            found = session.connection().execute(select(func.count()).select_from(inner.subquery())).scalar_one()
    if not allowed:
        _refuse(database, viewer, flt, codes)
    result = LedgerCount(value=cap, capped=True) if cap is not None and found > cap else LedgerCount(
        value=found, capped=False)
    if codes:
        sensitive_reads.record(database, viewer, "ledger", codes, shown_filters(flt), result.value,
                               capped=result.capped)
    return result


def scope_of(viewer: Viewer | None) -> Scope:
    """The scope the ledger is read in: the viewer's account's, the whole district without one."""
    return viewer.scope if viewer is not None else WHOLE_DISTRICT


def scoped_conditions(session, flt: LedgerFilter, today: date, scope: Scope, *, walk=None) -> list | None:
    """The filter's WHERE terms (ledger_filters.filter_conditions) and, for an account narrower
    than the district, its scope's."""
    conditions = filter_conditions(session, flt, today, walk=walk)
    if conditions is not None and not scope.whole_district:
        conditions.append(person_condition(scope))
    return conditions


def _access(session, flt: LedgerFilter, viewer: Viewer | None) -> tuple[list[str], bool]:
    """The sensitive categories the filter names, and whether the viewer may read them."""
    codes = sensitive_categories(session, flt)
    return codes, sensitive_reads.permitted(session, viewer, codes)


def _refuse(database: Database, viewer: Viewer | None, flt: LedgerFilter, codes: list[str]) -> NoReturn:
    sensitive_reads.refuse(database, viewer, "ledger", codes, shown_filters(flt))


def _walk_sort_index(session, database: Database, flt: LedgerFilter, today: date, column) -> bool:
    """True when SQLite should walk the sort column's index rather than start from a filter's.

    SQLite's planner starts from the most selective-looking index — for "floating population"
    that is 400,000 rows it then sorts — and cannot see that walking the name index fills a page
    after a few hundred rows. When every filter keeps at least WALK_FROM persons, their matches
    are spread through any order, so the walk wins; when one keeps fewer, starting from it does.
    (A search is left to the planner: names starting with 张 all sort together under "zhang", so
    a walk would cross most of the index first.) PostgreSQL weighs this by its statistics.
    """
    if database.kind != "sqlite" or flt.search or column is Person.id:
        return False
    if not (flt.region_code or flt.building_id or flt.category_code or flt.residence_type or flt.age_band):
        return False
    return smallest_set(session, flt, today, WALK_FROM) >= WALK_FROM


def _plan_for_a_page(session) -> None:
    """PostgreSQL: no parallel workers for a page of 80 rows — a Gather Merge reads ahead tens of
    thousands of rows per worker before the first 80 come back."""
    session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _search_order(column):
    """The sort column as an expression PostgreSQL cannot read from the column's index.

    Searched names cluster in pinyin order (everything 'zs' sorts under 'zh…'), so walking the
    name index from 'a' — which the planner picks for ORDER BY … LIMIT — crosses nearly the
    whole table; with the order hidden, it starts from the search's own indexes and sorts.
    """
    return func.coalesce(column, column)


def _sort_column(sort_key: str):
    if sort_key not in SORT_COLUMNS:
        raise ValueError(f"未知的排序列“{sort_key}”，可用：{'、'.join(SORT_KEYS)}")
    return SORT_COLUMNS[sort_key]


def _segment_conditions(column, segment: int, nullable: bool, descending: bool, after: Cursor | None) -> list:
    """Conditions of one segment, and the seek past `after` within it.

    `col >= v AND (col > v OR id > i)` rather than a row-value comparison: the first term is a
    plain range both planners serve from the column's index.
    """
    conditions = []
    later = Person.id < after.person_id if after and descending else (
        Person.id > after.person_id if after else None)
    if segment == 1:
        conditions.append(column.is_(None))
        if later is not None:
            conditions.append(later)
        return conditions
    if nullable:
        conditions.append(column.is_not(None))
    if after is not None:
        if column is Person.id:
            conditions.append(later)
        elif descending:
            conditions += [column <= after.value, or_(column < after.value, later)]
        else:
            conditions += [column >= after.value, or_(column > after.value, later)]
    return conditions


def _segment_order(column, segment: int, descending: bool, ordered_by=None) -> list:
    terms = [Person.id] if segment == 1 or column is Person.id else [
        column if ordered_by is None else ordered_by, Person.id]
    return [term.desc() if descending else term.asc() for term in terms]


def _rows(conn, person_ids: list[uuid.UUID], today: date) -> dict[uuid.UUID, LedgerRow]:
    """The rows of one page, with grid, building and room names and category names."""
    if not person_ids:
        return {}
    query = (
        select(Person.id, Person.name, Person.sex, Person.birth_date, Person.id_number, Person.phone,
               Person.residence_type, Region.name, Building.name, Room.number, Person.current_address)
        .select_from(Person)
        .outerjoin(Region, Region.id == Person.grid_id)
        .outerjoin(Building, Building.id == Person.building_id)
        .outerjoin(Room, Room.id == Person.room_id)
        .where(Person.id.in_(person_ids), Person.deleted_at.is_(None))
    )
    categories = _categories_of(conn, person_ids, today)
    rows = {}
    for (person_id, name, sex, birth, id_number, phone, residence, grid, building, room,
         address) in conn.execute(query):
        rows[person_id] = LedgerRow(
            person_id=person_id, name=name, sex=sex,
            age=age_at(birth, today) if birth else None,
            id_masked=mask_id_number(id_number) if id_number else "",
            phone_masked=mask_phone(phone) if phone else "", residence_type=residence or "",
            grid=grid or "", building=building or "", room=room or "",
            categories=categories.get(person_id, ()), current_address=address or "",
            phone_known=bool(phone))
    return rows


def _categories_of(conn, person_ids: list[uuid.UUID], today: date) -> dict[uuid.UUID, tuple[str, ...]]:
    """Each person's current categories in the configured order, sensitive ones masked."""
    query = (
        select(PersonCategory.person_id, PopulationCategory.name, PopulationCategory.sensitive)
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .where(PersonCategory.person_id.in_(person_ids), PersonCategory.deleted_at.is_(None),
               or_(PersonCategory.until.is_(None), PersonCategory.until >= today))
        .order_by(PopulationCategory.sort_order, PopulationCategory.code)
    )
    found: dict[uuid.UUID, list[tuple[str, bool]]] = {}
    for person_id, name, sensitive in conn.execute(query):
        found.setdefault(person_id, []).append((name, bool(sensitive)))
    return {person_id: mask_categories(names) for person_id, names in found.items()}


__all__ = ["COUNT_CAP", "PAGE_SIZE", "SORT_KEYS", "Cursor", "LedgerCount", "LedgerFilter", "LedgerPage",
           "LedgerRow", "count", "fetch_page"]
