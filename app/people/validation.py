"""Checking a person's values, shared by the form (PeopleService) and the Excel import.

`clean_person` turns raw values (typed text, Excel cells) into the stored form or raises
PersonError naming the field; references (grid, household, building, room) are checked by the
caller, which has the session.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from app.imports.cell_parsers import clean_line, clean_text, parse_date_cell
from app.people.errors import PersonError
from app.people.id_numbers import check_consistency, normalize_id, normalize_sex
from app.validation import validate_phone
from app.config.aliases import LabelResolver, default_resolver
from db.schema import RESIDENCE_TYPES, Person

#: longest text each column holds, read from the schema so a check and its column never disagree
TEXT_LIMITS = {key: Person.__table__.c[key].type.length
               for key in ("name", "ethnicity", "registered_address", "current_address", "relation")}
REFERENCE_FIELDS = ("household_id", "building_id", "room_id", "grid_id")
SCALAR_FIELDS = ("name", "id_number", "sex", "birth_date", "ethnicity", "phone", "registered_address",
                 "current_address", "residence_type", "relation", "note")
PERSON_FIELDS = SCALAR_FIELDS + REFERENCE_FIELDS
ID_OPTIONAL_FOR = "境外"

#: characters that need the full clean-up of cell_parsers (odd spaces, invisible marks, breaks)
_UNTIDY = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000\u2002\u2003\u2009\t\n\r]|  ")


def cell_line(value: object) -> str:
    """A cell as one tidy line (clean_line), taking a fast path for the plain text most cells hold."""
    if type(value) is str and not _UNTIDY.search(value):
        return value.strip()
    return clean_line(value)


def cell_text(value: object) -> str:
    """A cell as tidy text keeping line breaks (clean_text), fast for plain text."""
    if type(value) is str and not _UNTIDY.search(value):
        return value.strip()
    return clean_text(value)


def clean_person(values: dict, *, today: date, residence_types: LabelResolver | None = None) -> dict:
    """The stored form of a person's scalar values; raises PersonError for the first bad field.

    Blank sex and birth date are taken from the ID number; entered ones must agree with it.
    Reference fields pass through unchanged (the caller checks they exist). `residence_types`
    is the database's resolver of residence-type words (the resource defaults without one).
    """
    out = {key: values[key] for key in REFERENCE_FIELDS if key in values}
    out["name"] = _name(values.get("name"))
    out["residence_type"] = clean_residence_type(values.get("residence_type"), residence_types)
    id_check = normalize_id(values.get("id_number"), today=today)
    if id_check.blank and out["residence_type"] != ID_OPTIONAL_FOR:
        raise PersonError("id_number", "必须填写（只有境外人员可以不填）")
    if not id_check.ok and not id_check.blank:
        raise PersonError("id_number", id_check.reason)
    out["id_number"] = id_check.number
    out["sex"] = _field("sex", normalize_sex, values.get("sex")) or id_check.sex
    out["birth_date"] = _birth_date(values.get("birth_date"), id_check.birth_date, today)
    for reason in check_consistency(out["id_number"], out["birth_date"], out["sex"]):
        raise PersonError("birth_date" if reason.startswith("出生日期") else "sex", reason)
    out["phone"] = _field("phone", validate_phone, cell_line(values.get("phone"))) or None
    for key, limit in TEXT_LIMITS.items():
        if key != "name":
            out[key] = _text(key, values.get(key), limit)
    note = cell_text(values.get("note"))
    out["note"] = note or None
    return out


def clean_residence_type(value: object, resolver: LabelResolver | None = None) -> str:
    """户籍/流动/人户分离/境外, or a word for one of them (label_aliases); blank means 户籍."""
    text = cell_line(value)
    if not text:
        return "户籍"
    found = (resolver or _default_residence_types()).resolve(text)
    if found not in RESIDENCE_TYPES:
        raise PersonError("residence_type", f"“{text}”无法识别：应为{'、'.join(RESIDENCE_TYPES)}之一"
                                            f"（其他写法可在“类别别名”中添加）")
    return found


@lru_cache(maxsize=1)
def _default_residence_types() -> LabelResolver:
    return default_resolver("residence_type")


def _name(value: object) -> str:
    name = cell_line(unicodedata.normalize("NFKC", cell_text(value)))
    if not name:
        raise PersonError("name", "必须填写")
    if len(name) > TEXT_LIMITS["name"]:
        raise PersonError("name", f"最多{TEXT_LIMITS['name']}个字，现在有{len(name)}个字")
    return name


def _text(field: str, value: object, limit: int) -> str | None:
    text = cell_line(value)
    if len(text) > limit:
        raise PersonError(field, f"最多{limit}个字，现在有{len(text)}个字")
    return text or None


def _field(field: str, parse, value):
    try:
        return parse(value)
    except ValueError as exc:
        raise PersonError(field, str(exc)) from None


def _birth_date(value: object, derived: date | None, today: date) -> date | None:
    """The entered birth date (a year-month must match the ID's), else the ID's."""
    parsed = _field("birth_date", parse_date_cell, value)
    if isinstance(parsed, tuple):
        if derived is None:
            raise PersonError("birth_date", f"只有年月（{parsed[0]}年{parsed[1]}月），请填写完整日期")
        if (derived.year, derived.month) != parsed:
            raise PersonError("birth_date", f"出生日期 {parsed[0]}年{parsed[1]}月 与身份证号中的出生日期 "
                                            f"{derived.isoformat()} 不一致")
        return derived
    if parsed is None:
        return derived
    if parsed > today:
        raise PersonError("birth_date", f"出生日期 {parsed.isoformat()} 晚于今天")
    if parsed.year < 1900:
        raise PersonError("birth_date", f"出生日期 {parsed.isoformat()} 早于1900年")
    return parsed
