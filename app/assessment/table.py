"""The assessment table: every unit of a level with its figures, score and grade for [from, to).

`assess` is what `gridcc report assess`, the monthly report, the Reports page and the wall call;
the figures are defined in app/assessment/figures.py, the score in app/assessment/scoring.py.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.assessment.figures import Tally, UnitFigures, average_hours, capped_ratio
from app.assessment.queries import Reader, new_tallies
from app.assessment.scoring import AssessmentConfig, AssessmentConfigError, composite_score, grade_of
from app.assessment.settings import load_assessment_config
from app.assessment.units import LEVELS, rolled_up, units_of
from app.calendar import WorkingCalendar
from app.config.calendar_config import load_calendar
from db.engine import Database


#: The longest period one table covers: ten years, far beyond any 通报, short enough that the
#: working calendar is never asked about centuries.
MAX_PERIOD_DAYS = 3653
PERIOD_YEARS = (1900, 2200)


def period_bounds(start: date, end: date, calendar: WorkingCalendar) -> tuple[datetime, datetime]:
    """[start 00:00, end 00:00) in the district's time zone: `end` is the first day not counted."""
    if end <= start:
        raise AssessmentConfigError(f"结束日期 {end} 应晚于开始日期 {start}")
    for day in (start, end):
        if not PERIOD_YEARS[0] <= day.year <= PERIOD_YEARS[1]:
            raise AssessmentConfigError(f"日期 {day} 超出范围：年份应在 {PERIOD_YEARS[0]}–{PERIOD_YEARS[1]} 之间")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise AssessmentConfigError(f"统计期间 {start} 至 {end} 超过 10 年，请缩短")
    tz = calendar.tz
    return datetime.combine(start, time(), tz), datetime.combine(end, time(), tz)


def assess(database: Database, *, start: date, end: date, level: str, now: datetime,
           config: AssessmentConfig | None = None, scope: Scope = WHOLE_DISTRICT) -> list[UnitFigures]:
    """The table for `level` over [start, end), highest score first, units not scored last;
    counting only the cases of `scope` (an account's)."""
    return assess_with_total(database, start=start, end=end, level=level, now=now, config=config, scope=scope)[0]


def assess_with_total(database: Database, *, start: date, end: date, level: str, now: datetime,
                      config: AssessmentConfig | None = None, hours: bool = True,
                      scope: Scope = WHOLE_DISTRICT) -> tuple[list[UnitFigures], Tally]:
    """The table for `level` and the district's counts from the same reads: every case once, also
    a case of no unit (no department yet, no grid), which the table's rows leave out. Without
    `hours` the working-hours pass is skipped (average handling times stay None), for callers that
    only compare counts and rates."""
    if level not in LEVELS:
        raise AssessmentConfigError(f"未知的统计单位“{level}”，可用：{'、'.join(LEVELS)}")
    with database.read() as session:
        calendar = load_calendar(session)
        config = config or load_assessment_config(session)
        begin, finish = period_bounds(start, end, calendar)
        reader = Reader(session, "grid" if level in ("community", "street") else level, begin, finish, now, scope)
        tallies = new_tallies()
        reader.registered(tallies)
        reader.due(tallies)
        reader.handled(tallies)
        reader.cards(tallies)
        if hours:
            reader.handling_time(tallies, calendar.timeline(begin.date() - timedelta(days=1), finish.date()))
        district = Tally()
        for tally in tallies.values():
            district.add(tally)
        tallies = rolled_up(session, level, tallies)
        units = units_of(session, level)
    rows = [figures_of(unit.name, unit.code, tallies.get(unit.key) or Tally(), config, level) for unit in units]
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0.0), row.unit_code))
    return rows, district


def figures_of(name: str, code: str, tally: Tally, config: AssessmentConfig, level: str) -> UnitFigures:
    """One unit's row from its counts: ratios, score and grade.

    A unit with nothing registered, due or handled in the period is not scored (score and grade
    None): full marks for doing nothing would top the ranking.
    """
    idle = not (tally.registered or tally.due_to_close or tally.handled)
    score = None if idle else composite_score(
        config.rule_for(level), registered=tally.registered,
        close_rate=capped_ratio(tally.closed, tally.due_to_close),
        on_time_close_rate=capped_ratio(tally.closed_on_time, tally.due_to_close),
        rework_rate=capped_ratio(tally.reworked, tally.handled),
    )
    return UnitFigures(
        unit=name, unit_code=code, registered=tally.registered, due_to_close=tally.due_to_close,
        closed=tally.closed, closed_on_time=tally.closed_on_time, handled=tally.handled,
        reworked=tally.reworked, extended=tally.extended, yellow_cards=tally.yellow_cards,
        red_cards=tally.red_cards, avg_handle_hours=average_hours(tally), handle_cases=tally.handle_cases,
        score=score, grade=None if score is None else grade_of(config.grades, score),
    )


def totals(rows: list[UnitFigures]) -> Tally:
    """The counts of all rows added up (the totals row of a table)."""
    total = Tally()
    for row in rows:
        total.add(Tally(
            registered=row.registered, extended=row.extended, due_to_close=row.due_to_close,
            closed=row.closed, closed_on_time=row.closed_on_time, handled=row.handled,
            reworked=row.reworked, yellow_cards=row.yellow_cards, red_cards=row.red_cards,
            handle_seconds=(row.avg_handle_hours or 0.0) * 3600 * row.handle_cases, handle_cases=row.handle_cases,
        ))
    return total


def total_row(rows: list[UnitFigures]) -> dict:
    """The 合计 row of a table by field: counts added up, rates of the sums (not averages of
    rates), the mean handling time over every case closed, no score and no grade."""
    t = totals(rows)
    return {
        "unit": "合计", "unit_code": "", "registered": t.registered, "due_to_close": t.due_to_close,
        "closed": t.closed, "closed_on_time": t.closed_on_time,
        "close_rate": capped_ratio(t.closed, t.due_to_close),
        "on_time_close_rate": capped_ratio(t.closed_on_time, t.due_to_close), "handled": t.handled,
        "reworked": t.reworked, "rework_rate": capped_ratio(t.reworked, t.handled), "extended": t.extended,
        "extension_rate": capped_ratio(t.extended, t.registered), "yellow_cards": t.yellow_cards,
        "red_cards": t.red_cards, "avg_handle_hours": average_hours(t), "score": None, "grade": None,
    }
