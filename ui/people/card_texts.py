"""Texts of the person card: its facts in order and one line per history entry."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.people.errors import FIELD_LABELS
from app.people.person_card import PersonCard
from app.people.privacy import MASKED_DATE

#: history fields that are ids of places; their values mean nothing to a reader
_PLACE_IDS = frozenset({"household_id", "building_id", "room_id", "grid_id"})



def birth_text(birth: str, age: int | None) -> str:
    """The birth-date fact: the date (masked until revealed) and the age."""
    if age is None:
        return birth
    return birth + QCoreApplication.translate("PersonCard", "（{n}岁）").format(n=age)


def facts_of(card: PersonCard) -> list[tuple[str, str, str | None]]:
    """(key, label, value) of the card's fact grid; ID and phone are the masked values, the birth
    date is masked beside the age (revealed with them)."""
    person = card.person
    birth = birth_text(MASKED_DATE, card.age) if card.age is not None else None
    place = " ".join(p for p in (person.building, person.room) if p) or None
    return [
        ("id_number", QCoreApplication.translate("PersonCard", "身份证号"), card.id_masked),
        ("phone", QCoreApplication.translate("PersonCard", "联系电话"), card.phone_masked),
        ("birth_date", QCoreApplication.translate("PersonCard", "出生日期"), birth),
        ("ethnicity", QCoreApplication.translate("PersonCard", "民族"), person.ethnicity),
        ("grid", QCoreApplication.translate("PersonCard", "网格"), person.grid_name),
        ("place", QCoreApplication.translate("PersonCard", "楼栋/房号"), place),
        ("household_no", QCoreApplication.translate("PersonCard", "户号"), person.household_no),
        ("relation", QCoreApplication.translate("PersonCard", "与户主关系"), person.relation),
        ("registered_address", QCoreApplication.translate("PersonCard", "户籍地"), person.registered_address),
        ("current_address", QCoreApplication.translate("PersonCard", "现住址"), person.current_address),
        ("note", QCoreApplication.translate("PersonCard", "备注"), person.note),
    ]


def change_text(changes: dict) -> str:
    """One history entry as a line: '联系电话：138****0000 → 139****1111；…'; empty means created."""
    if not changes:
        return QCoreApplication.translate("PersonCard", "新建")
    parts = []
    for field, values in changes.items():
        label = FIELD_LABELS.get(field, field)
        if field in _PLACE_IDS:
            parts.append(QCoreApplication.translate("PersonCard", "{label}已变更").format(label=label))
            continue
        if isinstance(values, (list, tuple)) and len(values) == 2:
            old, new = ("—" if v in (None, "", [], {}) else _shown(v) for v in values)
            parts.append(f"{label}：{old} → {new}")
        else:
            parts.append(f"{label}：{_shown(values)}")
    return "；".join(parts)


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}={_shown(v)}" for k, v in value.items())
    return str(value)
