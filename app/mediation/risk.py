"""Risk flags and the four-colour warning (红: needs several agencies; 橙: may escalate;
黄: ordinary; 蓝: latent).

A dispute's warning is the most serious of the colour set by hand and the colours its flags
imply; 重大疑难 is added by itself when the people involved, the workers owed wages or the
amount at stake reach the configured thresholds. A dispute whose flags alert (民转刑, 群体性 …)
or whose warning is red raises the dispatcher's alert like a case turning red.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.cases.errors import MissingInput
from app.mediation.rules import MediationRules
from app.mediation.states import WARNING_COLORS

_RANK = {color: rank for rank, color in enumerate(WARNING_COLORS)}
MAJOR = "major"
LABOUR_TYPES = ("10", "ZZ13")


def resolve_flags(rules: MediationRules, names: Iterable[str]) -> list[str]:
    """Flag codes from codes or names; an unknown flag is refused naming it and the known ones."""
    codes = []
    for name in names:
        flag = rules.flag(name)
        if flag is None:
            known = "、".join(f.name for f in rules.flags.values())
            raise MissingInput(f"未知的风险标记“{name}”，可用：{known}")
        if flag.code not in codes:
            codes.append(flag.code)
    return codes


def is_major(rules: MediationRules, *, people: int | None, amount: float | None, type_code: str | None) -> bool:
    """重大疑难: 10+ people, 5+ workers' wages (labour disputes), or stakes of 10万 or more (as configured)."""
    people = people or 0
    if people >= int(rules.setting("major_people", "10")):
        return True
    if type_code in LABOUR_TYPES and people >= int(rules.setting("major_workers", "5")):
        return True
    return (amount or 0) >= float(rules.setting("major_amount", "100000"))


def with_major(rules: MediationRules, flags: list[str], major: bool) -> list[str]:
    """The flags with 重大疑难 added when the dispute is major (never removed by hand-set flags)."""
    if major and MAJOR in rules.flags and MAJOR not in flags:
        return [*flags, MAJOR]
    return flags


def warning_of(rules: MediationRules, flags: Iterable[str], chosen: str | None) -> str | None:
    """The most serious of the chosen colour and the flags' colours (None: no warning)."""
    if chosen is not None and chosen not in _RANK:
        raise MissingInput(f"预警等级“{chosen}”无效，应为 {'、'.join(WARNING_COLORS)}")
    colors = [rules.flags[code].color for code in flags if code in rules.flags]
    if chosen:
        colors.append(chosen)
    return min(colors, key=_RANK.__getitem__) if colors else None


def raises_alert(rules: MediationRules, flags: Iterable[str], warning: str | None) -> bool:
    """True when the dispatcher must be alerted: a red warning or an alerting flag."""
    return warning == "红" or any(rules.flags[code].alert for code in flags if code in rules.flags)
