"""The periods an assessment is read for: a month, a quarter, a year or any range of days.

A period is [start, end): `end` is the first day not counted, as `assess` and `report assess`
take it. The Reports page offers the kinds below; the 通报 names them as the label says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

KINDS = {"month": "月度", "quarter": "季度", "year": "年度", "custom": "自定义"}


@dataclass(frozen=True)
class Period:
    """[start, end) and how a title names it."""

    start: date
    end: date
    label: str

    @property
    def last_day(self) -> date:
        """The last day counted (what a reader expects after 至)."""
        return self.end - timedelta(days=1)


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period(start, _add_months(start, 1), f"{year}年{number}月")


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError(f"季度应为 1–4（收到 {number}）")
    start = date(year, 3 * number - 2, 1)
    return Period(start, _add_months(start, 3), f"{year}年第{'一二三四'[number - 1]}季度")


def year(number: int) -> Period:
    return Period(date(number, 1, 1), date(number + 1, 1, 1), f"{number}年")


def custom(first: date, last: date) -> Period:
    """The days `first` to `last`, both counted."""
    if last < first:
        raise ValueError(f"结束日期 {last} 早于开始日期 {first}")
    return Period(first, last + timedelta(days=1), f"{first.isoformat()} 至 {last.isoformat()}")


def containing(kind: str, day: date) -> Period:
    """The month, quarter or year that contains `day` (a custom period: that day alone)."""
    if kind == "month":
        return month(day.year, day.month)
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "year":
        return year(day.year)
    if kind == "custom":
        return custom(day, day)
    raise ValueError(f"未知的期间类型“{kind}”，可用：{'、'.join(KINDS)}")


def previous(kind: str, day: date) -> Period:
    """The whole period of `kind` before the one containing `day` (the last complete month…)."""
    return containing(kind, containing(kind, day).start - timedelta(days=1))


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)
