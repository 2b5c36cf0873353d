"""Building the rows a person write stores: the person with its search columns, the change entry,
and a category's own field values. Shared by PeopleService and the Excel import."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from app.people.categories import CategoryInfo
from app.people.errors import PersonError
from app.people.search_keys import name_keys, number_keys, search_columns
from app.imports.cell_parsers import parse_date_cell
from app.people.validation import PERSON_FIELDS
from app.validation import validate_phone
from db.ids import uuid7


class CachedSearchColumns:
    """`search_columns` with the name part remembered per name, for bulk writes.

    Pinyin is the slow part and ledgers repeat names: the name's columns (`name_keys`) are
    computed once per name, the ID and phone tails (`number_keys`) for every row.
    """

    def __init__(self):
        self._by_name: dict[str, dict] = {}

    def __call__(self, name: str, id_number: str | None, phone: str | None) -> dict:
        name_part = self._by_name.get(name)
        if name_part is None:
            name_part = self._by_name[name] = name_keys(name)
        columns = number_keys(id_number, phone)
        columns.update(name_part)
        return columns


def person_row(values: dict, *, person_id: uuid.UUID, now: datetime, keys=search_columns) -> dict:
    """A full insert row of `persons` from cleaned values, search columns filled (by `keys`)."""
    row = {field: values.get(field) for field in PERSON_FIELDS}
    row.update(keys(row["name"], row["id_number"], row["phone"]))
    row.update(id=person_id, created_at=now, updated_at=now, version=1, deleted_at=None)
    return row


def json_value(value):
    """A value as the change history stores it (dates as ISO text, keys as text)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def diff(old: dict, new: dict) -> dict:
    """{field: [old, new]} for every field of `new` whose value differs from `old`."""
    return {field: [json_value(old.get(field)), json_value(value)]
            for field, value in new.items() if old.get(field) != value}


def change_row(person_id: uuid.UUID, *, at: datetime, actor: str, workstation: str | None,
               source: str | None, changes: dict) -> dict:
    """An insert row of `person_changes`."""
    return {"id": uuid7(), "created_at": at, "person_id": person_id, "at": at, "actor": actor,
            "workstation": workstation, "source": (source or "")[:200] or None, "changes": changes}


def clean_category_fields(category: CategoryInfo, values: dict | None) -> dict:
    """A category's own field values checked against its definition (choices, ranges, dates).

    Blank values are dropped; an unknown key or a bad value raises PersonError naming the
    category and the field.
    """
    definitions = {f["key"]: f for f in category.fields}
    labels = {f["label"]: f["key"] for f in category.fields}
    out = {}
    for key, value in (values or {}).items():
        key = labels.get(key, key)
        if key not in definitions:
            raise PersonError("categories", f"{category.name}没有“{key}”这一项")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        out[key] = _field_value(category, definitions[key], value)
    return out


def _field_value(category: CategoryInfo, definition: dict, value):
    where = f"{category.name}的“{definition['label']}”"
    kind = definition["type"]
    try:
        if kind == "choice":
            text = str(value).strip()
            if text not in definition["choices"]:
                raise ValueError(f"应为{'、'.join(definition['choices'])}之一，“{text}”不是")
            return text
        if kind == "int":
            number = _integer(value)
            low, high = definition.get("min"), definition.get("max")
            if (low is not None and number < low) or (high is not None and number > high):
                raise ValueError(f"应在 {low}～{high} 之间，现在是 {number}")
            return number
        if kind == "date":
            parsed = parse_date_cell(value)
            if not isinstance(parsed, date):
                raise ValueError("应为完整日期，如 2025-03-12")
            return parsed.isoformat()
        if kind == "phone":
            return validate_phone(str(value))
        return str(value).strip()
    except ValueError as exc:
        raise PersonError("categories", f"{where}：{exc}") from None


def _integer(value) -> int:
    text = str(value).strip().removesuffix(".0")
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"应为整数，“{text}”不是") from None
