"""The assessment table on paper: the rows `assess` returned, in the district's template.

Built from the same rows the Reports page shows and the workbook writes (nothing is recomputed
here): the heading and period, the score rule in force, one line per unit with its counts,
rates, score and grade, the 合计 row, and a note on how rates are read. The layout is the
template resources/paper/assessment.html, which a district may replace (app/paper/templates.py).
"""

from __future__ import annotations

from datetime import date, datetime

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.assessment.columns import COLUMNS, number, percent
from app.assessment.figures import UnitFigures
from app.assessment.scoring import PARTS, AssessmentConfig
from app.assessment.settings import load_assessment_config
from app.assessment.table import total_row
from app.assessment.units import LEVELS
from app.config.calendar_config import load_calendar
from app.paper.document import PaperDocument, Section
from app.paper.printing import district_name
from app.paper.tables import chinese_date, table
from app.paper.templates import fill, read_text, settings
from db.engine import Database

TEMPLATE = "assessment.html"
#: the code column stays in the workbook; on A4 the unit's name says enough
PAPER_COLUMNS = tuple(column for column in COLUMNS if column[0] != "unit_code")
#: shorter headings that fit a column of A4 (the workbook keeps the full ones)
SHORT = {"closed_on_time": "按期结案", "on_time_close_rate": "按期结案率", "avg_handle_hours": "平均时长",
         "due_to_close": "应结案", "registered": "立案", "closed": "结案", "handled": "处置", "reworked": "返工",
         "extended": "延期", "score": "得分"}
#: per-cent widths of A4's text width by kind of column: the rates need room for "100.0%"
_WIDTHS = {"text": 3.5, "count": 4, "rate": 6.5, "hours": 5, "score": 4.5}
NOTE = ("比率封顶 100%，“—”表示分母为 0（无可计算）；应结案数含逾期仍未结案的案件；平均时长为工作时，"
        "不含挂账时间；作废案件不计。未立案、未到期、未处置的单位不参与评分。")


def assessment_document(database: Database, rows: list[UnitFigures], *, level: str, start: date, end: date,
                        printed_by: str, now: datetime, principal: Principal = SYSTEM) -> PaperDocument:
    """The printable assessment table of `rows` (for `level` over [start, end)). A report on paper
    leaves the program like its workbook: the acting `principal` needs report.export."""
    require(database, principal, "report.export", entity="report")
    with database.read() as session:
        district = district_name(session)
        config = load_assessment_config(session)
        tz = load_calendar(session).tz
    paper = settings()
    heading = f"{LEVELS[level]}{paper['headings']['assessment']}"
    last = date.fromordinal(end.toordinal() - 1)
    html = fill(
        TEMPLATE, heading=heading, period=f"统计期间：{start.isoformat()} 至 {last.isoformat()}",
        rule=score_rule(config, level), table=_table(rows), note=NOTE, center=paper.get("center", ""),
        date=chinese_date(now, tz),
    )
    return PaperDocument(title=heading, district=district, printed_at=now.astimezone(tz), printed_by=printed_by,
                         sections=[Section(html=html)], stylesheet=read_text("paper.css"))


def score_rule(config: AssessmentConfig, level: str) -> str:
    """'综合得分 = 立案数分值 × 10% + 结案率 × 30% + …' for the weights in force (parts weighing 0 left out)."""
    weights = config.rule_for(level).weights
    parts = [f"{PARTS[name]} × {weight:g}%" for name, weight in weights.items() if weight]
    grades = "、".join(f"{name} ≥ {floor:g}" for name, floor in config.grades if floor)
    return f"综合得分 = {' + '.join(parts)}；等级 {grades}，其余为 {config.grades[-1][0]}。"


def _table(rows: list[UnitFigures]):
    headers = [SHORT.get(name, heading) for name, heading, _kind in PAPER_COLUMNS]
    body = [[_cell(getattr(row, name), kind) for name, _heading, kind in PAPER_COLUMNS] for row in rows]
    body.append(_total_cells(rows))
    return table(headers, body, [_WIDTHS[kind] if name != "unit" else 17 for name, _h, kind in PAPER_COLUMNS])


def _cell(value, kind: str) -> str:
    if kind == "rate":
        return percent(value)
    if kind in ("hours", "score"):
        return number(value)
    return "—" if value is None else str(value)


def _total_cells(rows: list[UnitFigures]) -> list[str]:
    """合计, as the workbook's 合计 row (app/assessment/table.total_row)."""
    values = total_row(rows)
    return ["" if name == "grade" else _cell(values[name], kind) for name, _heading, kind in PAPER_COLUMNS]
