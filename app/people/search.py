"""The people search box: one text, read the way a grid worker types it.

- Han characters → the name starts with them (张 / 张三); text that looks like an address
  (路 街 号 小区 栋 …) also finds the residents of buildings whose address contains it (the
  buildings table is small) and, only when that finds no one, persons whose own address text
  contains it — a scan of the persons table, the one unindexed search (one to two seconds at
  two million persons), for residents not linked to a building;
- latin letters → pinyin initials or full pinyin, either reading of a name (zs, zhangs, zhangsan);
- digits (and X) → 18 characters: that ID number; otherwise the tail of an ID number, and the
  phone (11 digits: that number, fewer: its tail). On a SQLite file, where ID numbers and phones
  are encrypted (db.sealed), a tail needs at least four digits;
- a word naming a grid (or any region: its name or code) or a population category → a filter.
Several words narrow each other down ("张 望海路 低保").

Every name, pinyin, ID and phone alternative is a range on an indexed column
(`col >= 'zs' AND col < 'zt'`), which both SQLite and PostgreSQL serve from a plain b-tree index,
unlike LIKE 'zs%'. Each alternative is fetched as its own small query (in index order, at most
`limit` rows), so the cost stays that of a few index seeks however many persons match; the
union is then ordered: exact matches first, then by name in pinyin order (how Chinese lists sort).

The text is bounded first (app.people.search_input); a `grid` or `category` option that names
nothing is an error, and naming a sensitive category — as an option or a word — needs the reveal
permission and is audited (app.people.sensitive_reads). Hits show the age, never the birth date
(it completes the masked ID number, app.people.privacy).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.accounts.scope import person_condition
from app.config.calendar_config import district_timezone
from app.people.id_numbers import normalize_id
from app.people import sensitive_reads
from app.people.privacy import Viewer, age_at, mask_categories, mask_id_number, mask_phone
from app.people.search_input import checked_search_text, normalized, require_region, unknown_category
from db.engine import Database
from db.sealed import by_dialect, ends_with
from db.schema import Building, Person, PersonCategory, PopulationCategory, Region

ADDRESS_MARKERS = ("路", "街", "道", "号", "巷", "弄", "胡同", "小区", "花园", "苑", "栋", "幢", "楼", "单元",
                   "室", "村", "社区", "大厦", "公寓", "广场")
#: marks the address scan: read only when the indexed alternatives found no one
FALLBACK = "fallback"
_HAN = re.compile(r"[\u3400-\u9fff]")
_ID_LIKE = re.compile(r"[0-9]+X?|X")


class PersonHit(NamedTuple):
    """One person found; the ID number, phone and sensitive categories are masked, the birth
    date is shown as the age."""

    id: uuid.UUID
    name: str
    sex: str | None
    age: int | None
    id_masked: str
    phone_masked: str
    address: str
    grid: str
    categories: tuple[str, ...]


@dataclass
class _Plan:
    """What the text asks for: the alternatives of each search word, and the filters."""

    words: list[list[tuple]] = field(default_factory=list)  # per word: [(condition, index order or None)]
    exact: list = field(default_factory=list)  # [(condition, index order or None)]
    filters: list = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)  # codes of the sensitive categories named


class _Category(NamedTuple):
    id: uuid.UUID
    code: str
    sensitive: bool


def prefix_range(column, prefix: str):
    """`column` starts with `prefix`, as a range the column's b-tree index serves."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def search_people(database: Database, text: str, limit: int = 50, grid: str | None = None,
                  category: str | None = None, *, viewer: Viewer | None = None,
                  today: date | None = None) -> list[PersonHit]:
    """Persons matching the search text (and the optional grid and category), best first.

    PersonError for text past the limits or a grid or category that does not exist;
    SensitiveReadDenied (audited) when a sensitive category is named without the permission;
    `today` (default: today in the district) is what ages are counted on. A viewer's account
    finds only the persons of its scope."""
    text = checked_search_text(text)
    with database.read() as session:
        plan = _plan(session, text, grid, category)
        allowed = sensitive_reads.permitted(session, viewer, plan.sensitive) if plan else True
        if plan and viewer is not None and not viewer.scope.whole_district:
            plan.filters.append(person_condition(viewer.scope))  # the account's scope, as any filter
        if allowed:
            today = today or datetime.now(district_timezone(session)).date()
            hits = _hits(session, _candidate_ids(session, plan, limit), text, limit, today) if plan else []
    filters = {"grid": grid}
    if not allowed:
        sensitive_reads.refuse(database, viewer, "search", plan.sensitive, filters)
    if plan and plan.sensitive:
        sensitive_reads.record(database, viewer, "search", plan.sensitive, filters, len(hits))
    return hits


def _plan(session: Session, text: str, grid: str | None, category: str | None) -> _Plan | None:
    """Split the text into words, recognise the filter words; None when no word can match.

    PersonError when the `grid` or `category` option names nothing."""
    plan = _Plan()
    regions, categories = _filter_names(session)
    if grid:
        plan.filters.append(_in_region(require_region(session, normalized(grid))))
    if category:
        found = _first(categories.get(normalized(category)), _category_by_prefix(categories, normalized(category)))
        if found is None:
            raise unknown_category(category)
        _add_category(plan, found)
    for word in text.split():
        if word in regions:
            plan.filters.append(_in_region(regions[word]))
            continue
        found = _first(categories.get(word), _category_by_prefix(categories, word))
        if found is not None:
            _add_category(plan, found)
            continue
        alternatives, exact = _word_alternatives(word)
        if not alternatives:
            return None
        plan.words.append(alternatives)
        plan.exact += exact
    return plan if plan.words or plan.filters else None


def _add_category(plan: _Plan, found: _Category) -> None:
    plan.filters.append(_in_category(found.id))
    if found.sensitive and found.code not in plan.sensitive:
        plan.sensitive.append(found.code)


def _first(*values):
    """The first value that is not None."""
    return next((v for v in values if v is not None), None)


def _filter_names(session: Session) -> tuple[dict[str, str], dict[str, _Category]]:
    """Region code by region name or code, category by category name or code (small tables)."""
    regions: dict[str, str] = {}
    for code, name in session.execute(
        select(Region.code, Region.name).where(Region.deleted_at.is_(None), Region.level != "district")
    ):
        regions[name] = regions[code] = code
    categories: dict[str, _Category] = {}
    for category_id, code, name, sensitive in session.execute(
        select(PopulationCategory.id, PopulationCategory.code, PopulationCategory.name, PopulationCategory.sensitive)
        .where(PopulationCategory.deleted_at.is_(None))
    ):
        categories[name] = categories[code] = _Category(category_id, code, bool(sensitive))
    return regions, categories


def _in_region(code: str):
    """Persons whose grid is the region or lies under it (grid codes extend their parents')."""
    return Person.grid_id.in_(select(Region.id).where(prefix_range(Region.code, code), Region.level == "grid"))


def _in_category(category_id: uuid.UUID):
    return select(PersonCategory.id).where(
        PersonCategory.person_id == Person.id, PersonCategory.category_id == category_id,
        PersonCategory.deleted_at.is_(None),
    ).exists()


def _category_by_prefix(categories: dict[str, _Category], word: str) -> _Category | None:
    """低保 finds 低保对象: the one category whose name starts with the word (two characters at least)."""
    if len(word) < 2 or not _HAN.search(word):
        return None
    matches = {category for name, category in categories.items() if name.startswith(word)}
    return matches.pop() if len(matches) == 1 else None


def _word_alternatives(word: str) -> tuple[list[tuple], list]:
    """(alternatives as (condition, index column), exact-match conditions) for one search word."""
    lowered = word.lower()
    if lowered.isascii() and lowered.isalpha() and lowered != "x":
        columns = (Person.name_initials, Person.name_pinyin, Person.name_initials_alt, Person.name_pinyin_alt)
        orders = ((Person.name_initials, Person.name_pinyin), (Person.name_pinyin,), (Person.name_initials_alt,),
                  (Person.name_pinyin_alt,))
        exact_orders = ((Person.name_pinyin,), None, None, None)
        return ([(prefix_range(c, lowered), order) for c, order in zip(columns, orders)],
                [(c == lowered, order) for c, order in zip(columns, exact_orders)])
    upper = word.upper()
    if _ID_LIKE.fullmatch(upper):
        return _number_alternatives(upper)
    if _HAN.search(word):
        alternatives = [(prefix_range(Person.name, word), (Person.name,))]
        if any(marker in word for marker in ADDRESS_MARKERS):
            in_buildings = select(Building.id).where(Building.address.contains(word, autoescape=True))
            alternatives.append((Person.building_id.in_(in_buildings), None))
            alternatives.append((or_(Person.current_address.contains(word, autoescape=True),
                                     Person.registered_address.contains(word, autoescape=True)), FALLBACK))
        return alternatives, [(Person.name == word, None)]
    return [], []


def _number_alternatives(digits: str) -> tuple[list[tuple], list]:
    """An ID number (18, or old 15 digits) exactly; otherwise an ID tail and a phone number or tail."""
    if len(digits) in (15, 18):
        checked = normalize_id(digits)
        if checked.ok:
            return [(Person.id_number == checked.number, None)], [(Person.id_number == checked.number, None)]
    alternatives = [(ends_with(Person.id_number, digits), (Person.id_reversed,))]
    exact = []
    if "X" not in digits:
        alternatives.append((ends_with(Person.phone, digits), (Person.phone_reversed,)))
        if len(digits) == 11:
            exact.append((by_dialect(Person.phone_reversed == digits[::-1], Person.phone_hash == digits), None))
    return alternatives, exact


def _candidate_ids(session: Session, plan: _Plan, limit: int) -> list[uuid.UUID]:
    """Ids of at most `limit` persons per alternative of the leading word, the others as filters."""
    live = [Person.deleted_at.is_(None), *plan.filters]
    if not plan.words:
        query = select(Person.id).where(*live).order_by(Person.name_pinyin).limit(limit)
        return list(session.scalars(query))
    lead, *others = sorted(plan.words, key=_selectivity)
    live += [or_(*(condition for condition, _column in alternatives)) for alternatives in others]
    ids: dict[uuid.UUID, None] = {}
    for condition, order in plan.exact + lead:
        if order == FALLBACK:
            if ids:
                continue
            order = None
        query = select(Person.id).where(condition, *live)
        if order is not None:
            query = query.order_by(*order)
        ids.update(dict.fromkeys(session.scalars(query.limit(limit))))
    return list(ids)


def _selectivity(alternatives: list[tuple]) -> int:
    """Lead with the word whose alternatives are all indexed and fewest (numbers before names)."""
    unindexed = sum(1 for _condition, order in alternatives if order is None or order == FALLBACK)
    return unindexed * 10 + len(alternatives)


def _hits(session: Session, ids: list[uuid.UUID], text: str, limit: int, today: date) -> list[PersonHit]:
    """The display rows of the candidates, exact matches first, then by name in pinyin order."""
    if not ids:
        return []
    rows = session.execute(
        select(Person.id, Person.name, Person.sex, Person.birth_date, Person.id_number, Person.phone,
               Person.current_address, Region.name, Person.name_pinyin, Person.name_initials,
               Person.name_pinyin_alt, Person.name_initials_alt)
        .outerjoin(Region, Region.id == Person.grid_id)
        .where(Person.id.in_(ids))
    ).all()
    categories = _categories_of(session, ids)
    words = {w.lower() for w in text.split()} | {w.upper() for w in text.split()}

    def rank(row):
        keys = {row[1], row[4], row[5], row[8], row[9], row[10], row[11]}
        return (not (words & keys), row[8], row[1], str(row[0]))

    ordered = sorted(rows, key=rank)[:limit]
    return [
        PersonHit(id=r[0], name=r[1], sex=r[2], age=age_at(r[3], today) if r[3] else None,
                  id_masked=mask_id_number(r[4]),
                  phone_masked=mask_phone(r[5]), address=r[6] or "", grid=r[7] or "",
                  categories=mask_categories(categories.get(r[0], ())))
        for r in ordered
    ]


def _categories_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[str, bool]]]:
    result: dict[uuid.UUID, list[tuple[str, bool]]] = {}
    for person_id, name, sensitive in session.execute(
        select(PersonCategory.person_id, PopulationCategory.name, PopulationCategory.sensitive)
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .where(PersonCategory.person_id.in_(ids), PersonCategory.deleted_at.is_(None))
        .order_by(PopulationCategory.sort_order)
    ):
        result.setdefault(person_id, []).append((name, sensitive))
    return result
