"""The 通报's case totals with 同比 and 环比: each figure for the month, the month before and the
same month a year earlier, from the assessment's counts (app/assessment/figures.py).

环比/同比 of a count is its relative change (+12.5 %), of a rate the change in percentage points
(+3.2 个百分点); None when the earlier month had nothing to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.assessment.figures import Tally, capped_ratio

#: (key, label, kind) of the totals, in the order the 通报 gives them
LINES = (
    ("accepted", "受理数", "count"), ("registered", "立案数", "count"), ("due_to_close", "应结案数", "count"),
    ("closed", "结案数", "count"), ("closed_on_time", "按期结案数", "count"), ("closed_late", "超期结案数", "count"),
    ("open_overdue", "超期未结数", "count"), ("close_rate", "结案率", "rate"),
    ("on_time_close_rate", "按期结案率", "rate"), ("rework_rate", "返工率", "rate"),
    ("extension_rate", "延期率", "rate"),
)


@dataclass(frozen=True, kw_only=True)
class TotalLine:
    """One figure in the three months, and its 环比 and 同比."""

    key: str
    label: str
    kind: str
    current: float | None
    previous: float | None
    year_before: float | None

    @property
    def month_on_month(self) -> float | None:
        """环比: against the month before."""
        return change(self.current, self.previous, self.kind)

    @property
    def year_on_year(self) -> float | None:
        """同比: against the same month a year earlier."""
        return change(self.current, self.year_before, self.kind)


def change(current: float | None, earlier: float | None, kind: str) -> float | None:
    """Relative change of a count (fraction), difference of a rate (fraction points)."""
    if current is None or earlier is None:
        return None
    if kind == "rate":
        return current - earlier
    return None if earlier == 0 else (current - earlier) / earlier


def figures_of_tally(tally: Tally, accepted: int) -> dict[str, float | None]:
    """The totals' figures from a district tally and the month's 受理数."""
    return {
        "accepted": accepted, "registered": tally.registered, "due_to_close": tally.due_to_close,
        "closed": tally.closed, "closed_on_time": tally.closed_on_time,
        "closed_late": tally.closed - tally.closed_on_time, "open_overdue": tally.due_to_close - tally.closed,
        "close_rate": capped_ratio(tally.closed, tally.due_to_close),
        "on_time_close_rate": capped_ratio(tally.closed_on_time, tally.due_to_close),
        "rework_rate": capped_ratio(tally.reworked, tally.handled),
        "extension_rate": capped_ratio(tally.extended, tally.registered),
    }


def total_lines(current: dict, previous: dict, year_before: dict) -> list[TotalLine]:
    """The lines of the totals table from the three months' figures."""
    return [TotalLine(key=key, label=label, kind=kind, current=current[key], previous=previous[key],
                      year_before=year_before[key]) for key, label, kind in LINES]
