"""One ledger row read and checked: a person's clean values, place labels and category names.

Nothing here touches the database except through `Places.grid` (a cached lookup), so a row
that fails is rejected before anything is created for it. A category label that matches
nothing (no name, code or alias) does not reject the row: it is kept, as written, in
`ParsedRow.unmapped`, stored with the person and listed in the report for a clerk to map.
Place labels longer than their columns reject the row with the limit (`check_place_label`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.imports.cell_parsers import integral_text
from app.config.aliases import LabelResolver
from app.people.categories import CategoryInfo, CategoryMatcher
from app.people.errors import PersonError
from app.people.ledger_columns import CATEGORY_SEPARATORS, LABELS
from app.people.places import Places, check_place_label
from app.people.validation import SCALAR_FIELDS, cell_line, clean_person
from db.ids import uuid7
from db.schema import PersonUnmappedLabel

PLACE_FIELDS = ("grid", "building", "room", "household_no")
_SCALAR_SET = frozenset(SCALAR_FIELDS)
_CATEGORY_SPLIT = re.compile("[" + re.escape(CATEGORY_SEPARATORS) + "]+")
UNMAPPED_MAX = PersonUnmappedLabel.__table__.c.label.type.length


@dataclass
class ParsedRow:
    """A data row that passed its own checks (duplicates and the database come later)."""

    number: int
    cells: Sequence
    values: dict
    given: set[str]
    places: dict[str, str]
    categories: list[CategoryInfo]
    unmapped: list[str] = field(default_factory=list)
    grid_id: object = None
    merged_rows: list[int] = field(default_factory=list)


class RowRejected(Exception):
    """A row that cannot be imported; the message is the reason shown in the report."""


def parse_row(number: int, cells: Sequence, positions: dict[str, int], *, today: date, places: Places,
              categories: CategoryMatcher, residence_types: LabelResolver | None = None) -> ParsedRow:
    """Check one row; RowRejected with the Chinese reason when it cannot be imported."""
    width = len(cells)
    raw = {f: (cells[p] if p < width else None) for f, p in positions.items()}
    try:
        values = clean_person(raw, today=today, residence_types=residence_types)
        labels = _place_labels(raw)
    except PersonError as exc:
        raise RowRejected(str(exc)) from None
    given = {f for f, value in raw.items() if value is not None and f in _SCALAR_SET and not _blank(value)}
    if "id_number" in given:
        given.update(("sex", "birth_date"))
    grid_id = None
    if "grid" in labels:
        try:
            grid_id = places.grid(labels["grid"])
        except PersonError as exc:
            raise RowRejected(str(exc)) from None
    if "room" in labels and "building" not in labels:
        raise RowRejected(f"填写了{LABELS['room']}“{labels['room']}”，但没有{LABELS['building']}")
    found, unmapped = _categories(raw.get("categories"), categories)
    return ParsedRow(number=number, cells=cells, values=values, given=given, places=labels,
                     categories=found, unmapped=unmapped, grid_id=grid_id)


def _place_labels(raw: dict) -> dict[str, str]:
    """The row's place labels, each checked against its column's length."""
    labels = {}
    for f in PLACE_FIELDS:
        text = _place_text(raw.get(f))
        if text:
            labels[f] = check_place_label(f, text)
    return labels


def _place_text(value) -> str:
    """A place label; numbers Excel stored as floats (301.0) read back as 301."""
    if value is None:
        return ""
    return cell_line(value) if type(value) is str else integral_text(value)


def _blank(value) -> bool:
    return value is None or (type(value) is str and not cell_line(value))



def _categories(value, matcher: CategoryMatcher) -> tuple[list[CategoryInfo], list[str]]:
    """The categories a cell names, and the labels (as written) that matched none."""
    text = cell_line(value)
    if not text:
        return [], []
    found: list[CategoryInfo] = []
    unmapped: list[str] = []
    for name in _CATEGORY_SPLIT.split(text):
        if not name:
            continue
        category = matcher.match(name)
        if category is None:
            if len(name) > UNMAPPED_MAX:
                raise RowRejected(f"{LABELS['categories']}“{name[:20]}…”太长：最多{UNMAPPED_MAX}个字，"
                                  f"现在有{len(name)}个字")
            if name not in unmapped:
                unmapped.append(name)
        elif category not in found:
            found.append(category)
    return found, unmapped


def duplicate_conflicts(first: ParsedRow, later: ParsedRow) -> list[str]:
    """Labels of the columns two rows with the same ID number fill differently."""
    labels = [LABELS[f] for f in SCALAR_FIELDS
              if f in first.given and f in later.given and first.values[f] != later.values[f]]
    labels += [LABELS[f] for f in PLACE_FIELDS
               if f in first.places and f in later.places and first.places[f] != later.places[f]]
    return labels


def absorb(first: ParsedRow, later: ParsedRow) -> bool:
    """Fill `first` with what only `later` says (no conflicts checked here); True if it added anything."""
    added = False
    for f in later.given - first.given:
        first.values[f] = later.values[f]
        first.given.add(f)
        added = True
    for f, text in later.places.items():
        if f not in first.places:
            first.places[f] = text
            added = True
            if f == "grid":
                first.grid_id = later.grid_id
    for category in later.categories:
        if category not in first.categories:
            first.categories.append(category)
            added = True
    for label in later.unmapped:
        if label not in first.unmapped:
            first.unmapped.append(label)
            added = True
    first.merged_rows.append(later.number)
    return added


def resolve_places(row: ParsedRow, places: Places, wanted=("grid", "building", "room", "household_no")) -> dict:
    """Ids of the row's places (buildings, rooms and households are created when new)."""
    labels, out = row.places, {}
    if "grid" in labels and "grid" in wanted:
        out["grid_id"] = row.grid_id
    if "building" in labels and ("building" in wanted or "room" in wanted):
        building_id = places.building(labels["building"], row.grid_id)
        if "building" in wanted:
            out["building_id"] = building_id
        if "room" in labels and "room" in wanted:
            out["room_id"] = places.room(building_id, labels["room"])
    if "household_no" in labels and "household_no" in wanted:
        room_id = None
        if "room" in labels:
            room_id = places.room(places.building(labels["building"], row.grid_id), labels["room"])
        out["household_id"] = places.household(labels["household_no"], address=row.values.get("current_address"),
                                               grid_id=row.grid_id, room_id=room_id)
    return out


def membership_row(person_id, category_id, now) -> dict:
    return {"id": uuid7(), "created_at": now, "updated_at": now, "version": 1, "deleted_at": None,
            "person_id": person_id, "category_id": category_id, "fields": {}, "since": None, "until": None}


def unmapped_row(person_id, label: str, now) -> dict:
    """An insert row of `person_unmapped_labels` (a population-category label nothing matched)."""
    return {"id": uuid7(), "created_at": now, "person_id": person_id, "kind": "population_category", "label": label}


def is_blank_row(cells: Sequence) -> bool:
    """True when every cell is empty or white space."""
    for cell in cells:
        if cell is not None and not (isinstance(cell, str) and not cell.strip()):
            return False
    return True
