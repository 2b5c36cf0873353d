"""The assessment figures (考核指标) of one unit for one period [from, to), and what each means.

Every count excludes voided cases (作废: a report that should never have been a case) and
deleted rows. The "on time" test is the case clock against the limit in force
(`app.cases.clock.is_overrun`; its SQL form `app.cases.queries.overrun_condition`): extensions (延期) lengthen the limit, so the extended deadline
is the deadline, and parked time (挂账) is never counted because the clock is stopped. The
lights do not enter into it: under warn-before a case is yellow before it is late, under
grade-overdue yellow only once it is late — either way "on time" means "closed within the
limit", so both conventions give the same figures (only the cards they file differ).

- 立案数 registered: cases whose 立案 (register) event falls in the period.
- 应结案数 due_to_close: registered cases whose deadline falls in the period and that are either
  closed or still open past it (an open case whose deadline in the period is still ahead is not
  yet due). A case parked after its time ran out counts as open past its deadline, with the park
  instant as its deadline (its clock, and so its deadline, is frozen; parking cannot hide it);
  a case parked within its time has no deadline until it resumes.
- 结案数 closed / 按期结案数 closed_on_time: of 应结案数, closed / closed within the limit.
- 超期数 overdue: of 应结案数, closed late or still open past the deadline (应结案 − 按期结案).
- 结案率 = 结案数 / 应结案数; 按期结案率 = 按期结案数 / 应结案数, so cases still open past their
  deadline count against it; 超期率 = 超期数 / 应结案数.
- 处置数 handled: cases reported handled (反馈) in the period, each case once (a case sent
  back and reported handled again in the next month is handled in both months);
  返工数 reworked: of those, rejected at the check (核查不通过) at least once so far;
  返工率 = 返工数 / 处置数.
- 延期数 extended: of 立案数, cases with an approved extension; 延期率 = 延期数 / 立案数.
- 黄牌/红牌 yellow_cards / red_cards: supervision cards of that colour issued in the period.
- 平均处置时长 avg_handle_hours: over cases closed (核查通过) in the period, working hours of the
  working calendar from 立案 to 结案, minus the working hours spent parked.

Ratios are fractions 0–1, capped at 1 (a case registered in one period may close in another, so
a raw quotient can exceed it) and None when the denominator is 0; the raw counts stay beside
them so the reader sees what was divided.
"""

from __future__ import annotations

from dataclasses import dataclass


def capped_ratio(part: int, whole: int) -> float | None:
    """`part / whole` capped at 1; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return min(1.0, part / whole)


@dataclass
class Tally:
    """The raw counts of one unit, added up while the queries' rows are read."""

    registered: int = 0
    extended: int = 0
    due_to_close: int = 0
    closed: int = 0
    closed_on_time: int = 0
    handled: int = 0
    reworked: int = 0
    yellow_cards: int = 0
    red_cards: int = 0
    handle_seconds: float = 0.0
    handle_cases: int = 0

    def add(self, other: Tally) -> None:
        """Add another unit's counts (rolling grids up to communities and streets)."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True, kw_only=True)
class UnitFigures:
    """One row of the assessment table: the unit, its counts, its ratios, score and grade."""

    unit: str
    unit_code: str
    registered: int
    due_to_close: int
    closed: int
    closed_on_time: int
    handled: int
    reworked: int
    extended: int
    yellow_cards: int
    red_cards: int
    avg_handle_hours: float | None
    handle_cases: int
    score: float | None
    grade: str | None

    @property
    def overdue(self) -> int:
        """应结案 not closed on time: closed late or still open past the deadline."""
        return self.due_to_close - self.closed_on_time

    @property
    def close_rate(self) -> float | None:
        return capped_ratio(self.closed, self.due_to_close)

    @property
    def on_time_close_rate(self) -> float | None:
        return capped_ratio(self.closed_on_time, self.due_to_close)

    @property
    def overdue_rate(self) -> float | None:
        return capped_ratio(self.overdue, self.due_to_close)

    @property
    def rework_rate(self) -> float | None:
        return capped_ratio(self.reworked, self.handled)

    @property
    def extension_rate(self) -> float | None:
        return capped_ratio(self.extended, self.registered)


def average_hours(tally: Tally) -> float | None:
    """Mean handling time in working hours, one decimal; None when nothing closed."""
    if not tally.handle_cases:
        return None
    return round(tally.handle_seconds / tally.handle_cases / 3600, 1)


#: The fields of `report assess --json`, in order.
JSON_FIELDS = (
    "unit", "unit_code", "registered", "due_to_close", "closed", "closed_on_time", "close_rate",
    "on_time_close_rate", "handled", "reworked", "rework_rate", "extended", "extension_rate",
    "yellow_cards", "red_cards", "avg_handle_hours", "score", "grade",
)


def figures_json(row: UnitFigures) -> dict:
    """One row as `report assess --json` prints it (rates as fractions 0–1, null when undefined)."""
    return {name: _rounded(getattr(row, name)) for name in JSON_FIELDS}


def _rounded(value):
    return round(value, 4) if isinstance(value, float) else value
