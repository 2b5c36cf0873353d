"""Time limits such as "3工作日" or "30天": their units, canonical text and parser.

`parse_time_limit` is the one reader of a limit a person typed (a category's limit, a work
order's 时限 cell, an extension); it refuses zero, negative and absurdly long limits, so no
deadline arithmetic ever runs for thousands of years.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from enum import Enum


class TimeUnit(Enum):
    """Unit of a time limit; working units count office hours only, the others count clock time."""

    WORK_HOUR = "工作时"
    WORK_DAY = "工作日"
    HOUR = "小时"
    DAY = "天"
    MINUTE = "分钟"

    @property
    def is_working(self) -> bool:
        """True for units that count only working time (工作时, 工作日)."""
        return self in (TimeUnit.WORK_HOUR, TimeUnit.WORK_DAY)


@dataclass(frozen=True, kw_only=True)
class TimeLimit:
    """A positive amount of a time unit, e.g. 3 工作日; ``str()`` gives the canonical text "3工作日"."""

    amount: float
    unit: TimeUnit

    def __post_init__(self) -> None:
        amount = float(self.amount)
        if not math.isfinite(amount) or amount <= 0:
            raise ValueError(f"时限数值必须是大于0的数字，而不是 {self.amount!r}")
        object.__setattr__(self, "amount", amount)

    def __str__(self) -> str:
        return f"{_format_amount(self.amount)}{self.unit.value}"


_UNIT_ALIASES: dict[str, TimeUnit] = {
    "工作时": TimeUnit.WORK_HOUR,
    "工作小时": TimeUnit.WORK_HOUR,
    "个工作时": TimeUnit.WORK_HOUR,
    "个工作小时": TimeUnit.WORK_HOUR,
    "working hour": TimeUnit.WORK_HOUR,
    "working hours": TimeUnit.WORK_HOUR,
    "工作日": TimeUnit.WORK_DAY,
    "个工作日": TimeUnit.WORK_DAY,
    "working day": TimeUnit.WORK_DAY,
    "working days": TimeUnit.WORK_DAY,
    "小时": TimeUnit.HOUR,
    "个小时": TimeUnit.HOUR,
    "h": TimeUnit.HOUR,
    "hour": TimeUnit.HOUR,
    "hours": TimeUnit.HOUR,
    "天": TimeUnit.DAY,
    "日": TimeUnit.DAY,
    "d": TimeUnit.DAY,
    "day": TimeUnit.DAY,
    "days": TimeUnit.DAY,
    "分钟": TimeUnit.MINUTE,
    "minute": TimeUnit.MINUTE,
    "minutes": TimeUnit.MINUTE,
}

#: the longest limit of each unit a person may type: about a year of that unit
MAX_AMOUNTS: dict[TimeUnit, int] = {
    TimeUnit.WORK_DAY: 250,
    TimeUnit.WORK_HOUR: 2000,
    TimeUnit.DAY: 365,
    TimeUnit.HOUR: 8760,
    TimeUnit.MINUTE: 525_600,
}

_LIMIT_PATTERN = re.compile(r"([-+]?(?:\d+(?:\.\d+)?|\.\d+))\s*([^\d.].*)")
_EXAMPLES = "3工作日、4工作时、2小时、30天"


@lru_cache(maxsize=512)
def parse_time_limit(text: str) -> TimeLimit:
    """Read a limit typed by a person ("3工作日", "４ 工作时", "2 hours", "30d") into a TimeLimit.

    Full-width characters are folded to ASCII first. A ValueError in Chinese names the bad text:
    unreadable, not above zero, or longer than MAX_AMOUNTS allows (about a year). Answers are
    kept (a TimeLimit is immutable): a work-order file repeats a handful of limits in every row.
    """
    normalised = unicodedata.normalize("NFKC", str(text)).strip().lower()
    match = _LIMIT_PATTERN.fullmatch(normalised)
    unit_text = " ".join(match.group(2).split()) if match else ""
    unit = _UNIT_ALIASES.get(unit_text)
    shown = _shown_text(str(text))
    if match is None or unit is None:
        raise ValueError(f"时限“{shown}”无法识别，应为数字加单位，如 {_EXAMPLES}")
    amount = float(match.group(1))
    if amount <= 0:
        raise ValueError(f"时限“{shown}”的数值必须大于0，如 {_EXAMPLES}")
    if amount > MAX_AMOUNTS[unit]:
        raise ValueError(f"时限“{shown}”过长：最多{MAX_AMOUNTS[unit]}{unit.value}（约一年）")
    return TimeLimit(amount=amount, unit=unit)


def _shown_text(text: str, limit: int = 24) -> str:
    """The text as typed, cut short with "…" so that a pasted essay does not fill the message."""
    return text if len(text) <= limit else text[:limit] + "…"


def _format_amount(amount: float) -> str:
    """Plain decimal text without a trailing ".0" or an exponent, so that it parses back."""
    if amount.is_integer():
        return str(int(amount))
    return format(Decimal(repr(amount)), "f")
