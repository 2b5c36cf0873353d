"""Population categories: the default list from resources/people and reading them back.

The defaults are seeded once into an empty `population_categories` table; afterwards the
database is the truth, so an administrator's edits survive every upgrade.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
