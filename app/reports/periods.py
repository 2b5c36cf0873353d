"""The months a 通报 compares: the month itself, the month before (环比) and the same month a year
earlier (同比), each as a half-open range of dates [start, end)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.assessment.scoring import AssessmentConfigError

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month of the district."""

    year: int
    month: int

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        """The first day of the next month (not counted)."""
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Month:
        """The month before (环比)."""
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def year_before(self) -> Month:
        """The same month of the year before (同比)."""
        return Month(self.year - 1, self.month)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"


def parse_month(text: str) -> Month:
    """A month written YYYY-MM, or one Chinese line saying what is wrong."""
    found = _MONTH.match(text or "")
    if not found or not 1 <= int(found.group(2)) <= 12 or not 1901 <= int(found.group(1)) <= 2199:
        raise AssessmentConfigError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2025-10")
    return Month(int(found.group(1)), int(found.group(2)))
