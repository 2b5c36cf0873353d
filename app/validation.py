"""Checks for what people type into forms: phone numbers, required and length-limited text, times.

Each check returns the normalised value or raises ValueError with a short Chinese message that
says what is wrong; the form puts the field's name in front and shows it next to the field.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from app.imports.cell_parsers import parse_phone, to_halfwidth

_SEPARATORS = re.compile(r"[\s\-()（）\u2010-\u2015]")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086)")
_EXAMPLE_LANDLINE = "0532-88886666"
#: how far into the future a reported time may lie (clocks of workstations differ a little)
FUTURE_TOLERANCE = timedelta(minutes=5)


def validate_phone(text: str | None) -> str:
    """A reporter's phone: "" when blank, a mobile as 11 digits, a landline as "区号-号码".

    Mobiles are 1[3-9] and nine more digits; landlines need their area code (010, 0532, …).
    Spaces, dashes, brackets, full-width digits and a leading +86 are accepted.
    """
    shown = (text or "").strip()
    if not shown:
        return ""
    digits = _COUNTRY_PREFIX.sub("", _SEPARATORS.sub("", to_halfwidth(shown)))
    stray = next((ch for ch in digits if not ch.isdigit()), None)
    if stray is not None:
        raise ValueError(f"只能填写数字（可带空格、短横线、括号），“{stray}”不是数字")
    if digits.startswith("1"):
        if len(digits) != 11:
            raise ValueError(f"手机号码应为11位数字，现在是{len(digits)}位")
        if digits[1] not in "3456789":
            raise ValueError(f"手机号码的第二位应为3～9，“{shown}”不是有效的手机号码")
        return digits
    if digits.startswith("0"):
        try:
            return parse_phone(digits)
        except ValueError:
            raise ValueError(
                f"固定电话应为“区号-号码”：区号3～4位（以0开头），号码7～8位，如 {_EXAMPLE_LANDLINE}"
            ) from None
    if len(digits) in (7, 8):
        raise ValueError(f"固定电话缺少区号，应写成“区号-号码”，如 0532-{digits}")
    raise ValueError(f"应为11位手机号码或带区号的固定电话（如 {_EXAMPLE_LANDLINE}），“{shown}”都不是")


def normalize_identifier(text: str | None) -> str:
    """A number people copy between systems (a work-order number), in the one form it is compared in.

    Full-width letters, digits and spaces (ＷＯ０００５０１, as Chinese input methods type them)
    become ASCII and the ends are trimmed, so the same order is recognised however it was typed.
    """
    return to_halfwidth(text or "").strip()


def check_no_nul(text: str | None) -> str | None:
    """Text without NUL characters, which PostgreSQL cannot store (SQLite would store them)."""
    if text and "\x00" in text:
        raise ValueError("含有不可见的空字符（NUL），请删除后重试")
    return text


def require_text(text: str | None) -> str:
    """Text that must be given: returned stripped; blank raises."""
    value = (text or "").strip()
    if not value:
        raise ValueError("必须填写")
    return value


def check_max_length(text: str | None, limit: int) -> str:
    """Text no longer than `limit` characters (the database column's size), returned stripped."""
    value = (text or "").strip()
    if len(value) > limit:
        raise ValueError(f"最多{limit}个字，现在有{len(value)}个字")
    return value


def check_not_future(moment: datetime, now: datetime) -> datetime:
    """A reported time must not lie in the future (beyond a few minutes of clock difference)."""
    if moment > now + FUTURE_TOLERANCE:
        raise ValueError("不能晚于当前时间")
    return moment
