"""An entry's detail (JSON as its writer stored it) as one line a person reads.

Before/after of an edit ({"changes": {field: [old, new]}}) reads "field：old → new"; other keys
"name：value" under their Chinese names. Values are shown as stored: writers mask ID numbers and
phones before they store them (app/audit/changes.py).
"""

from __future__ import annotations

import json

from app.accounts.permissions import BY_CODE
from app.audit.labels import detail_label

SEPARATOR = "；"
EMPTY = "（空）"


def detail_text(detail) -> str:
    """The detail as one line; '' for none."""
    if not detail:
        return ""
    if not isinstance(detail, dict):
        return _value(detail)
    parts = []
    for key, value in detail.items():
        if key == "changes" and isinstance(value, dict):
            parts.extend(_change(field, pair) for field, pair in value.items())
        elif key == "field" and isinstance(value, str):
            parts.append(f"{detail_label(key)}：{detail_label(value)}")
        elif key == "permission" and value in BY_CODE:
            parts.append(f"{detail_label(key)}：{BY_CODE[value].label}（{value}）")
        else:
            parts.append(f"{detail_label(key)}：{_value(value)}")
    return SEPARATOR.join(parts)


def _change(field: str, pair) -> str:
    if isinstance(pair, (list, tuple)) and len(pair) == 2:
        return f"{detail_label(field)}：{_value(pair[0])} → {_value(pair[1])}"
    return f"{detail_label(field)}：{_value(pair)}"


def _value(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)
