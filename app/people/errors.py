"""Errors of the people ledger; every message is Chinese and names the field or the record."""

from __future__ import annotations

FIELD_LABELS = {
    "name": "姓名", "id_number": "身份证号", "sex": "性别", "birth_date": "出生日期", "ethnicity": "民族",
    "phone": "联系电话", "registered_address": "户籍地", "current_address": "现住址",
    "residence_type": "人员类型", "relation": "与户主关系", "household_id": "户", "building_id": "楼栋",
    "room_id": "房号", "grid_id": "网格", "note": "备注", "categories": "人员类别", "visit": "走访",
}


class PersonError(ValueError):
    """A value that cannot be saved; `field` names the column, the message says what and why."""

    def __init__(self, field: str, message: str):
        label = FIELD_LABELS.get(field, field)
        plain = field not in FIELD_LABELS or message.startswith(label)
        super().__init__(message if plain else f"{label}：{message}")
        self.field = field


class PersonNotFound(PersonError):
    """The person asked for does not exist (or was deleted)."""

    def __init__(self, person_id):
        super().__init__("person", f"找不到该人员（{person_id}），可能已被删除")


class PersonConflict(PersonError):
    """Someone else saved the person since it was opened (optimistic locking)."""

    def __init__(self, name: str, expected: int, actual: int):
        super().__init__(
            "version",
            f"“{name}”的信息已被其他人修改（打开时为第{expected}版，现在是第{actual}版），请重新打开后再修改",
        )
