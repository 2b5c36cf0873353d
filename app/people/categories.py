"""Population categories: the default list from resources/people and reading them back.

The defaults are seeded once into an empty `population_categories` table; afterwards the
database is the truth, so an administrator's edits survive every upgrade. A label written in a
ledger (低保户, 空巢老人 …) is matched by `CategoryMatcher`: the category's code or name, an alias
of label_aliases (app/config/aliases.py), else the one category whose name starts with it.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config.aliases import LabelResolver, load_resolver, normalize_label
from db.schema import PopulationCategory


@dataclass(frozen=True)
class CategoryInfo:
    """A population category as services and views see it (no ORM object)."""

    id: uuid.UUID
    code: str
    name: str
    sensitive: bool
    visit_every_days: int | None
    fields: tuple[dict, ...]


def default_categories() -> list[dict]:
    """The categories of resources/people/categories.json, in order."""
    text = resources.files("resources.people").joinpath("categories.json").read_text(encoding="utf-8")
    return json.loads(text)["categories"]


def categories_seeded(session: Session) -> bool:
    """True when the database has population categories (even if all were later deleted)."""
    return bool(session.scalar(select(func.count()).select_from(PopulationCategory)))


def seed_population_categories(session: Session) -> bool:
    """Fill an empty population_categories table with the defaults; False (no change) otherwise."""
    if categories_seeded(session):
        return False
    for order, row in enumerate(default_categories()):
        session.add(PopulationCategory(
            code=row["code"], name=row["name"], sensitive=row["sensitive"],
            visit_every_days=row["visit_every_days"], fields=row["fields"], sort_order=order,
        ))
    session.flush()
    return True


def load_categories(session: Session) -> list[CategoryInfo]:
    """The live (not deleted) categories in their configured order."""
    rows = session.scalars(
        select(PopulationCategory).where(PopulationCategory.deleted_at.is_(None))
        .order_by(PopulationCategory.sort_order, PopulationCategory.name)
    )
    return [
        CategoryInfo(id=r.id, code=r.code, name=r.name, sensitive=r.sensitive,
                     visit_every_days=r.visit_every_days, fields=tuple(r.fields or ()))
        for r in rows
    ]


def category_lookup(categories: list[CategoryInfo]) -> dict[str, CategoryInfo]:
    """Categories by code and by name (the Excel column and the CLI use names, programs codes)."""
    index: dict[str, CategoryInfo] = {}
    for category in categories:
        index[category.code] = category
        index[category.name] = category
    return index


class CategoryMatcher:
    """What a ledger's category label means, as the database says during one unit of work."""

    def __init__(self, categories: list[CategoryInfo], resolver: LabelResolver):
        self.categories = categories
        self._by_code = {category.code: category for category in categories}
        self._resolver = resolver
        self._names = [(normalize_label(category.name), category) for category in categories]

    def match(self, label: str) -> CategoryInfo | None:
        """The category `label` names (code, name, alias, or the one name it starts), else None."""
        code = self._resolver.resolve(label)
        if code is not None:
            return self._by_code.get(code)
        word = normalize_label(label)
        matches = {category.code: category for name, category in self._names if word and name.startswith(word)}
        return next(iter(matches.values())) if len(matches) == 1 else None


def category_matcher(session: Session) -> CategoryMatcher:
    """The matcher of the live categories and their aliases."""
    return CategoryMatcher(load_categories(session), load_resolver(session, "population_category"))
