"""The monthly 通报 as a paper document (app/paper): the sentences of monthly_text with the tables
and the chart images between them, then the annex tables per unit, each annex on a new page.
A4 portrait, the running head, page numbers and print line come from the paper engine."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.assessment.figures import UnitFigures
from app.paper.document import PaperDocument, Section
from app.paper.rendering import render_pdf
from app.paper.tables import paragraph, table
from app.paper.templates import Html, escape, settings
from app.reports.breakdowns import Share
from app.reports.monthly import MonthlyReport
from app.reports.monthly_charts import chart_images
from app.reports.monthly_text import basis, change_text, paragraphs, percent, value_text
from db.engine import Database

#: width of a chart on the page (the engine scales pictures like the screen's 96 dpi)
CHART_WIDTH = 620
#: backlog cases and hot spots listed on paper (the workbook lists more)
PAPER_BACKLOG = 20
PAPER_PLACES = 10
CHART_AFTER = {"一": ("trend",), "二": ("ranking",), "三": ("sources", "categories")}


def monthly_document(report: MonthlyReport, images, *, printed_by: str, printed_at: datetime) -> PaperDocument:
    """The 通报 as a PaperDocument; `images` are (spec, png) in the order of monthly_charts."""
    names = ("trend", "categories", "sources", "ranking")
    pictures = {f"chart-{name}": png for name, (_spec, png) in zip(names, images)}
    html = [f"<h1>{escape(report.title)}</h1>", paragraph(f"　　{basis(report)}")]
    for heading, texts in paragraphs(report):
        html.append(f"<h2>{escape(heading)}</h2>")
        html.extend(paragraph(f"　　{text}") for text in texts)
        html.append(_tables_after(heading[0], report))
        html.extend(_picture(f"chart-{name}") for name in CHART_AFTER.get(heading[0], ())
                    if f"chart-{name}" in pictures)
    sections = [Section(html=Html("".join(html)))]
    sections.append(Section(html=_annex("附件1　部门考核情况表", report.departments), new_page=True))
    sections.append(Section(html=_annex("附件2　网格考核情况表", report.grids), new_page=True))
    district = (settings().get("district") or "").strip() or report.district
    return PaperDocument(title=f"{report.month.label}考核通报", district=district, printed_at=printed_at,
                         printed_by=printed_by, sections=sections, images=pictures)


def write_monthly_pdf(report: MonthlyReport, path: str | Path, *, printed_by: str = "", images=None,
                      database: Database | None = None, principal: Principal = SYSTEM) -> Path:
    """Write the 通报 as an A4 PDF (charts drawn here when `images` is None); the path written.
    The acting `principal` needs report.export (a refusal is audited in `database`)."""
    require(database, principal, "report.export", entity="report")
    document = monthly_document(report, chart_images(report) if images is None else images,
                                printed_by=printed_by or "—", printed_at=report.generated_at)
    render_pdf(document, path)
    return Path(path)


def _picture(name: str) -> str:
    return f'<p align="center"><img src="{escape(name)}" width="{CHART_WIDTH}"/></p>'


def _tables_after(number: str, report: MonthlyReport) -> str:
    if number == "一":
        return _totals(report)
    if number == "二":
        return _groups(report)
    if number == "三":
        b = report.breakdowns
        return _shares("来源", b.sources) + _shares("高发社区", b.communities[:PAPER_PLACES], parent="所属街道")
    if number == "四":
        return _backlog(report)
    if number == "五" and report.mediation is not None:
        return _mediation(report)
    return ""


def _totals(report: MonthlyReport) -> str:
    rows = [[line.label, value_text(line, line.current), value_text(line, line.previous),
             change_text(line, line.month_on_month), value_text(line, line.year_before),
             change_text(line, line.year_on_year)] for line in report.totals]
    return table(["指标", "本月", "上月", "环比", "去年同月", "同比"], rows, (16, 13, 13, 21, 14, 23))


def _unit(row: UnitFigures | None) -> str:
    return "—" if row is None else f"{row.unit}（{row.score:.1f}）"


def _groups(report: MonthlyReport) -> str:
    rows = [[group.name, str(len(group.rows)), _unit(group.best), _unit(group.worst),
             "、".join(row.unit for row in reversed(group.last_three)) or "—"] for group in report.groups]
    return table(["分组", "参评数", "得分最高", "得分最低", "排名后三位"], rows, (12, 8, 25, 25, 30))


def _shares(label: str, shares: list[Share], parent: str = "") -> str:
    if not shares:
        return ""
    if parent:
        return table([label, parent, "件数", "占比"], [[s.label, s.parent, str(s.count), percent(s.share)]
                                                     for s in shares], (35, 35, 15, 15))
    return table([label, "件数", "占比"], [[s.label, str(s.count), percent(s.share)] for s in shares], (50, 25, 25))


def _backlog(report: MonthlyReport) -> str:
    bl = report.backlog
    if not bl.cases:
        return ""
    tz = bl.at.tzinfo
    rows = [[c.case_no, c.title, c.grid, c.department, f"{c.due_at.astimezone(tz):%Y-%m-%d %H:%M}",
             f"{c.overdue_days:.1f}"] for c in bl.cases[:PAPER_BACKLOG]]
    note = f"（列出超期最久的 {len(rows)} 件，共 {bl.total} 件）" if bl.total > len(rows) else ""
    return (table(["案件编号", "标题", "网格", "责任部门", "办理期限", "超期天数"], rows, (17, 25, 17, 17, 15, 9))
            + (paragraph(note) if note else ""))


def _mediation(report: MonthlyReport) -> str:
    table_data = report.mediation
    rows = [[row.label, str(int(row.values["accepted"])), str(int(row.values["success"])),
             f"{row.values['success_rate']:.1f}%", f"{row.values['amount']:,.2f}"] for row in table_data.by_level]
    return table(["调处层级", "受理数", "调解成功数", "成功率", "协议涉及金额（元）"], rows, (28, 15, 17, 15, 25))


def _annex(title: str, rows: list[UnitFigures]) -> Html:
    body = [[row.unit, str(row.registered), str(row.due_to_close), str(row.closed), str(row.closed_on_time),
             percent(row.close_rate), percent(row.on_time_close_rate),
             "—" if row.score is None else f"{row.score:.1f}", row.grade or "—"] for row in rows]
    headers = ["单位", "立案数", "应结案数", "结案数", "按期结案数", "结案率", "按期结案率", "综合得分", "等级"]
    return Html(f"<h2>{escape(title)}</h2>" + table(headers, body, (24, 9, 9, 9, 10, 10, 11, 10, 8)))
