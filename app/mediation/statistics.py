"""The monthly 矛盾纠纷排查调处情况表: by type (司法部 list) and by level, with 小计 and 年度累计.

Counting rules (one place for the pane, the CLI and the workbook):
- a dispute counts in the month of its acceptance (受理), district time; refused ones were never
  accepted and do not count; 综治 types count under the 司法部 type they map to;
- 受理数 splits into 主动 (主动调解, 网格员), 申请 and 委托移送 (every referral);
- 调解成功 = a written or oral agreement; 成功率 = 成功 / 受理 (%, one decimal);
- 协议涉及金额 = the agreements' amounts (元); 防止民转刑 / 群体性上访 / 自杀 (件/人) and
  制止群体性械斗 (件) = successful disputes carrying that risk flag (people = 涉及人数);
- 司法确认数 = confirmed by the court; 履行完毕数 = agreements performed in full;
- 超期数 = concluded after the time limit, or still running past it at the end of the month;
- 排查次数 / 排查发现纠纷数 / 预防纠纷数 come from the communities' screening reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, case, func, or_, select

from app.mediation.screening import cadence, periods_of_month
from app.mediation.states import LEVELS, RESULT_ORAL, SOURCE_CLASSES, SUCCESS_RESULTS
from db.schema import Dispute, ScreeningReport

#: (key, heading) in table order
COLUMNS = (
    ("accepted", "受理数"), ("initiative", "主动"), ("applied", "申请"), ("referred", "委托移送"),
    ("success", "调解成功数"), ("success_rate", "成功率(%)"), ("amount", "协议涉及金额(元)"),
    ("criminal", "防止民转刑(件)"), ("criminal_people", "防止民转刑(人)"),
    ("group_petition", "防止群体性上访(件)"), ("group_petition_people", "防止群体性上访(人)"),
    ("suicide", "防止自杀(件)"), ("suicide_people", "防止自杀(人)"), ("group_fight", "制止群体性械斗(件)"),
    ("oral", "口头协议"), ("written", "书面协议"), ("confirmed", "司法确认数"), ("performed", "履行完毕数"),
    ("overdue", "超期数"),
)
_SOURCE_KEYS = {"主动": "initiative", "申请": "applied", "委托移送": "referred"}
_FLAG_KEYS = ("criminal", "group_petition", "suicide")


@dataclass(frozen=True, kw_only=True)
class StatRow:
    label: str
    values: dict[str, float]


@dataclass(frozen=True, kw_only=True)
class Screening:
    reports: int
    found: int
    prevented: int


@dataclass(frozen=True, kw_only=True)
class MonthlyTable:
    """The table of one month: rows by type and by level, each with 小计, for the month and the
    year to date (年度累计), and the screening figures of both."""

    year: int
    month: int
    by_type: list[StatRow]
    by_type_year: list[StatRow]
    by_level: list[StatRow]
    by_level_year: list[StatRow]
    screening: Screening
    screening_year: Screening


def monthly_table(service, year: int, month: int) -> MonthlyTable:
    """Compute the table for `month` of `year`: the year's accepted disputes grouped in the
    database (a few hundred groups whatever the docket's size), flags read for the few flagged."""
    config = service.config()
    rules, tz = config.rules, config.calendar.tz
    start_year = datetime.combine(date(year, 1, 1), time(0), tzinfo=tz)
    start_month = datetime.combine(date(year, month, 1), time(0), tzinfo=tz)
    end = datetime.combine(date(year + month // 12, month % 12 + 1, 1), time(0), tzinfo=tz)
    cutoff = min(end, service.now())
    accepted = (Dispute.deleted_at.is_(None), Dispute.accepted_at >= start_year, Dispute.accepted_at < end)
    in_month = case((Dispute.accepted_at >= start_month, 1), else_=0).label("in_month")
    late = or_(Dispute.overdue.is_(True), and_(Dispute.concluded_at.is_(None), Dispute.mediation_due_at < cutoff))
    groups = (select(Dispute.stat_type_id, Dispute.level, Dispute.source, Dispute.result, in_month, func.count(),
                     _sum(Dispute.confirmation_status == "confirmed"), _sum(Dispute.performed_at.is_not(None)),
                     _sum(late), func.coalesce(func.sum(Dispute.agreement_amount), 0))
              .where(*accepted)
              .group_by(Dispute.stat_type_id, Dispute.level, Dispute.source, Dispute.result, in_month))
    flagged = (select(Dispute.stat_type_id, Dispute.level, in_month, Dispute.risk_flags, Dispute.people_involved)
               .where(*accepted, Dispute.risk_flags.is_not(None), Dispute.result.in_(SUCCESS_RESULTS)))
    groups, flagged = service.scoped(groups), service.scoped(flagged)  # a street's table counts its disputes
    with service.database.read() as session:
        grouped = session.execute(groups).all()
        flags = session.execute(flagged).all()
        screening = _screening(session, service, year, month)
    code_of = {t.id: t.code for t in rules.types.values()}
    flag_keys = {code: f.stat_key for code, f in rules.flags.items() if f.stat_key}
    tables = {key: {} for key in ("type_month", "type_year", "level_month", "level_year")}
    for row in grouped:
        for cell in _cells(tables, code_of.get(row.stat_type_id), row.level, row.in_month):
            _add_group(cell, row)
    for row in flags:
        for cell in _cells(tables, code_of.get(row.stat_type_id), row.level, row.in_month):
            _add_flags(cell, row, flag_keys)
    type_groups = [(t.code, t.name) for t in rules.sfb_types()]
    level_groups = list(LEVELS.items())
    return MonthlyTable(
        year=year, month=month,
        by_type=_lines(tables["type_month"], type_groups), by_type_year=_lines(tables["type_year"], type_groups),
        by_level=_lines(tables["level_month"], level_groups),
        by_level_year=_lines(tables["level_year"], level_groups),
        screening=screening[0], screening_year=screening[1],
    )


def _sum(condition):
    return func.sum(case((condition, 1), else_=0))


def _cells(tables: dict, type_code, level: int, in_month: int) -> list[dict]:
    """The counters a group of disputes adds to: the year's, and the month's when it is in the month."""
    places = [(tables["type_year"], type_code), (tables["level_year"], level)]
    if in_month:
        places += [(tables["type_month"], type_code), (tables["level_month"], level)]
    cells = []
    for table, key in places:
        if key not in table:
            table[key] = _empty()
        cells.append(table[key])
    return cells


def _add_group(values: dict, row) -> None:
    (_type, _level, source, result, _in_month, count, confirmed, performed, late, amount) = row
    values["accepted"] += count
    values[_SOURCE_KEYS[SOURCE_CLASSES.get(source, "申请")]] += count
    values["overdue"] += late
    if result in SUCCESS_RESULTS:
        values["success"] += count
        values["amount"] += float(amount or 0)
        values["oral" if result == RESULT_ORAL else "written"] += count
        values["performed"] += performed
        values["confirmed"] += confirmed


def _add_flags(values: dict, row, flag_keys: dict[str, str]) -> None:
    for code in row.risk_flags or ():
        key = flag_keys.get(code)
        if key is None:
            continue
        values[key] += 1
        if key in _FLAG_KEYS:
            values[f"{key}_people"] += row.people_involved or 0


def _lines(counted: dict, groups) -> list[StatRow]:
    lines = [StatRow(label=label, values=_finish(counted.get(g, _empty()))) for g, label in groups]
    total = _empty()
    for values in counted.values():
        for key in total:
            total[key] += values[key]
    return lines + [StatRow(label="小计", values=_finish(total))]


def _empty() -> dict[str, float]:
    return {key: 0 for key, _ in COLUMNS if key != "success_rate"}


def _finish(values: dict) -> dict[str, float]:
    out = dict(values)
    out["amount"] = round(out["amount"], 2)
    out["success_rate"] = round(100.0 * values["success"] / values["accepted"], 1) if values["accepted"] else 0.0
    return {key: out[key] for key, _ in COLUMNS}


def _screening(session, service, year: int, month: int) -> tuple[Screening, Screening]:
    name = cadence(service)
    month_periods = periods_of_month(name, year, month)
    year_periods = [p for m in range(1, month + 1) for p in periods_of_month(name, year, m)]

    def figures(periods):
        count, found, prevented = session.execute(
            select(func.count(), func.coalesce(func.sum(ScreeningReport.found), 0),
                   func.coalesce(func.sum(ScreeningReport.prevented), 0))
            .where(ScreeningReport.period.in_(sorted(set(periods))), ScreeningReport.deleted_at.is_(None))).one()
        return Screening(reports=count, found=int(found), prevented=int(prevented))

    return figures(month_periods), figures(year_periods)


def table_json(table: MonthlyTable) -> dict:
    """The table as JSON: headings and rows of the four sections, and the screening figures."""
    def section(rows):
        return [{"label": r.label, **r.values} for r in rows]
    return {
        "month": f"{table.year}-{table.month:02d}",
        "columns": [{"key": k, "label": label} for k, label in COLUMNS],
        "screening": table.screening.__dict__, "screening_year": table.screening_year.__dict__,
        "by_type": section(table.by_type), "by_type_year": section(table.by_type_year),
        "by_level": section(table.by_level), "by_level_year": section(table.by_level_year),
    }


__all__ = ["COLUMNS", "MonthlyTable", "StatRow", "monthly_table", "table_json"]
