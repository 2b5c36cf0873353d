"""Checking a person's values, shared by the form (PeopleService) and the Excel import.

`clean_person` turns raw values (typed text, Excel cells) into the stored form or raises
PersonError naming the field; references (grid, household, building, room) are checked by the
caller, which has the session.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from app.imports.cell_parsers import clean_line, clean_text, excel_serial_to_datetime
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

_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{1,5}(?:\.0+)?")
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


def parse_date_cell(value: object) -> date | tuple[int, int] | None:
    """A date from an Excel date cell, an Excel serial or text (1985-03-12, 1985.03.12,
    1985/3/12, 19850312, 1985年3月12日). A year and month alone (1985.03, 1985年3月, as
    出生年月 columns hold) come back as (year, month). Blank is None; anything else ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
            return _from_text(str(int(value)))
        return _from_serial(value, str(value))
    text = unicodedata.normalize("NFKC", cell_text(value))
    return _from_text(text) if text else None


def _from_serial(serial: float, shown: str) -> date:
    """The day of an Excel serial, by the one converter every import uses (the same span, Excel's
    phantom 1900-02-29 skipped)."""
    try:
        return excel_serial_to_datetime(serial).date()
    except ValueError:
        raise ValueError(f"“{shown}”不是日期") from None


def _from_text(text: str) -> date | tuple[int, int]:
    try:
        for pattern in (_DATE_TEXT, _COMPACT):
            match = pattern.fullmatch(text)
            if match:
                return date(*map(int, match.groups()))
        match = _MONTH_TEXT.fullmatch(text)
        if match:
            year, month = map(int, match.groups())
            date(year, month, 1)
            return year, month
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期") from None
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), text)
    raise ValueError(f"“{text}”不是日期，应写成 1985-03-12、1985.03.12 或 1985年3月12日")


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
