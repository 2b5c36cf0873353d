"""The ledger's search box as SQL conditions, read the way the people search reads it.

app.people.search decides what a typed word means — a name or its start, pinyin or initials, an
ID or phone tail, an address — and turns every alternative into an indexed range; the ledger
takes those alternatives as they are (`_word_alternatives`). A word naming a region or a
population category narrows the list to it, as in the search. The search builds a condition for
every region and category on every call (hundreds of subqueries, 150–300 ms in the demo
district); the ledger, asked again at each keystroke, looks up only the words typed.
"""

from __future__ import annotations

import re

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from app.people.ledger_sets import category_member, grid_ids_under, in_grids
from app.people.search import _word_alternatives as word_alternatives
from app.people.search import normalized
from db.schema import PopulationCategory, Region

_HAN = re.compile(r"[\u3400-\u9fff]")


def search_conditions(session: Session, text: str) -> list:
    """WHERE terms for the search text: each word's alternatives OR-ed; words AND-ed."""
    conditions = []
    for word in normalized(text or "").split():
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
    return any(_named_filter(session, word) is None for word in normalized(text or "").split())


def _named_filter(session: Session, word: str) -> list | None:
    """WHERE terms for the region or category a word names (a category also by a unique start of two Han
    characters or more, 低保 → 低保对象); None when it names neither."""
    code = session.scalar(select(Region.code).where(or_(Region.name == word, Region.code == word),
                                                    Region.level != "district", Region.deleted_at.is_(None)))
    if code is not None:
        grids = grid_ids_under(session, code)
        return [in_grids(grids) if grids else false()]
    categories = session.execute(select(PopulationCategory.id, PopulationCategory.code, PopulationCategory.name)
                                 .where(PopulationCategory.deleted_at.is_(None))).all()
    exact = [c.id for c in categories if word in (c.code, c.name)]
    if not exact and len(word) >= 2 and _HAN.search(word):
        exact = [c.id for c in categories if c.name.startswith(word)]
        exact = exact if len(exact) == 1 else []
    return category_member(exact[0]) if exact else None
