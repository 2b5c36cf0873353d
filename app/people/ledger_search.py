"""The ledger's search box as SQL conditions, read the way the people search reads it.

app.people.search decides what a typed word means — a name or its start, pinyin or initials, an
ID or phone tail, an address — and turns every alternative into an indexed range; the ledger
takes those alternatives as they are (`_word_alternatives`). A word naming a region or a
population category narrows the list to it, as in the search. The search builds a condition for
every region and category on every call (hundreds of subqueries, 150–300 ms in the demo
district); the ledger, asked again at each keystroke, looks up only the words typed.

The text is bounded as the search's is (app.people.search_input), and the sensitive categories
it names are reported (`named_sensitive_categories`) so the ledger can ask for the permission.
"""

from __future__ import annotations

import re

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from app.people.ledger_sets import category_member, grid_ids_under, in_grids
from app.people.search import _word_alternatives as word_alternatives
from app.people.search_input import checked_search_text
from db.schema import PopulationCategory, Region

_HAN = re.compile(r"[\u3400-\u9fff]")


def search_conditions(session: Session, text: str) -> list:
    """WHERE terms for the search text: each word's alternatives OR-ed; words AND-ed."""
    conditions = []
    for word in checked_search_text(text).split():
        named = _named_filter(session, word)
        if named is not None:
            conditions += named
            continue
        alternatives, _exact = word_alternatives(word)
        if not alternatives:
            return [false()]
        conditions.append(or_(*(alternative for alternative, _column in alternatives)))
    return conditions


def names_text(session: Session, text: str) -> bool:
    """True when some word of the text is read as a name, pinyin, number or address rather than
    as a region or category (whose matches spread evenly through any order)."""
    return any(_named_filter(session, word) is None for word in checked_search_text(text).split())


def named_sensitive_categories(session: Session, text: str | None) -> list[str]:
    """Codes of the sensitive categories the words of the text name (as `search_conditions` reads them)."""
    codes = []
    for word in checked_search_text(text).split():
        if _named_region(session, word) is None:
            category = _named_category(session, word)
            if category is not None and category.sensitive and category.code not in codes:
                codes.append(category.code)
    return codes


def _named_filter(session: Session, word: str) -> list | None:
    """WHERE terms for the region or category a word names; None when it names neither."""
    code = _named_region(session, word)
    if code is not None:
        grids = grid_ids_under(session, code)
        return [in_grids(grids) if grids else false()]
    category = _named_category(session, word)
    return category_member(category.id) if category is not None else None


def _named_region(session: Session, word: str) -> str | None:
    """The code of the region (below the district) with this name or code."""
    return session.scalar(select(Region.code).where(or_(Region.name == word, Region.code == word),
                                                    Region.level != "district", Region.deleted_at.is_(None)))


def _named_category(session: Session, word: str):
    """The category with this code or name, or whose name alone starts with the word (two Han
    characters or more, 低保 → 低保对象); None when there is none."""
    categories = session.execute(select(PopulationCategory.id, PopulationCategory.code, PopulationCategory.name,
                                        PopulationCategory.sensitive)
                                 .where(PopulationCategory.deleted_at.is_(None))).all()
    exact = [c for c in categories if word in (c.code, c.name)]
    if not exact and len(word) >= 2 and _HAN.search(word):
        exact = [c for c in categories if c.name.startswith(word)]
        exact = exact if len(exact) == 1 else []
    return exact[0] if exact else None
