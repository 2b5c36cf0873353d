"""The monthly 通报 as a workbook a person would have made: a sheet per table (totals with 同比/
环比, scores by group, the department and grid annexes, sources, categories, hot spots, the
overdue backlog, the daily trend, the docket's table) and a sheet of charts. The look is
app/xlsx_style.py's; the annexes are the assessment workbook's own table sheet."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.assessment.workbook import write_table_sheet
from app.mediation.statistics_xlsx import write_sheet as write_mediation_sheet
from app.reports.breakdowns import Share
from app.reports.monthly import MonthlyReport
from app.reports.monthly_charts import chart_images
from app.xlsx_style import fit_widths, print_setup, save_book, write_headers, write_row, write_title
from db.engine import Database

TITLE_ROW, HEADER_ROW = 1, 2


def write_monthly_workbook(report: MonthlyReport, path: str | Path, *, images=None, database: Database | None = None,
                           principal: Principal = SYSTEM) -> Path:
    """Write the 通报 workbook; `images` are the charts already drawn (drawn here when None).
    The acting `principal` needs report.export (a refusal is audited in `database`)."""
    require(database, principal, "report.export", entity="report")
    book = Workbook()
    sheet = book.active
    sheet.title = "总体情况"
    _totals(sheet, report)
    _groups(book.create_sheet("得分排名"), report)
    label = report.month.label
    write_table_sheet(book.create_sheet("部门考核"), report.departments, f"{label}部门考核表")
    write_table_sheet(book.create_sheet("网格考核"), report.grids, f"{label}网格考核表", omit=("avg_handle_hours",))
    b = report.breakdowns
    _shares(book.create_sheet("案件来源"), f"{label}案件来源", ["来源"], b.sources, report.total.registered)
    _shares(book.create_sheet("问题类别"), f"{label}问题类别", ["大类", "小类"], b.categories, report.total.registered)
    _shares(book.create_sheet("高发区域"), f"{label}高发社区", ["街道", "社区"], b.communities, report.total.registered)
    _backlog(book.create_sheet("超期积案"), report)
    _trend(book.create_sheet("每日趋势"), report)
    if report.mediation is not None:
        table = report.mediation
        write_mediation_sheet(book.create_sheet("矛盾纠纷"), table, "纠纷类型", table.by_type, table.by_type_year)
    _charts(book.create_sheet("图表"), report, chart_images(report) if images is None else images)
    return save_book(book, path)


def _table(sheet, title: str, headings: list[str], kinds: list[str], rows: list[list], total: list | None = None,
           freeze_column: int = 2) -> None:
    """A titled table: frozen headers, rows, an optional totals row, fitted widths, print setup."""
    write_title(sheet, TITLE_ROW, title, len(headings))
    write_headers(sheet, HEADER_ROW, headings)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=freeze_column)
    for offset, values in enumerate(rows, start=HEADER_ROW + 1):
        write_row(sheet, offset, values, kinds)
    if total is not None:
        write_row(sheet, HEADER_ROW + 1 + len(rows), total, kinds, total=True)
    texts = {column: [str(values[column - 1]) for values in rows]
             for column, kind in enumerate(kinds, start=1) if kind == "text"}
    fit_widths(sheet, headings, kinds, texts)
    print_setup(sheet, f"{TITLE_ROW}:{HEADER_ROW}")


def _totals(sheet, report: MonthlyReport) -> None:
    """本月, 上月, 环比, 去年同月, 同比 per figure: counts with relative changes, rates with points."""
    rows = []
    for line in report.totals:
        change = "points" if line.kind == "rate" else "change"
        scale = 100 if line.kind == "rate" else 1
        mom, yoy = line.month_on_month, line.year_on_year
        rows.append(([line.label, line.current, line.previous, None if mom is None else mom * scale,
                      line.year_before, None if yoy is None else yoy * scale],
                     ["text", line.kind, line.kind, change, line.kind, change]))
    headings = ["指标", "本月", "上月", "环比", "去年同月", "同比"]
    write_title(sheet, TITLE_ROW, report.title, len(headings))
    write_headers(sheet, HEADER_ROW, headings)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    for offset, (values, kinds) in enumerate(rows, start=HEADER_ROW + 1):
        write_row(sheet, offset, values, kinds)
    fit_widths(sheet, headings, ["text"] + ["count"] * 5, {1: [line.label for line in report.totals]})
    for letter in "DF":
        sheet.column_dimensions[letter].width = 16
    print_setup(sheet, f"{TITLE_ROW}:{HEADER_ROW}", landscape=False)


def _groups(sheet, report: MonthlyReport) -> None:
    rows = []
    for group in report.groups:
        last = {id(row) for row in group.last_three}
        for rank, row in enumerate(group.rows, start=1):
            note = "最高" if rank == 1 else ("后三位" if id(row) in last else "")
            rows.append([group.name, rank, row.unit, row.score, row.grade, note])
    _table(sheet, f"{report.month.label}考核得分排名", ["分组", "名次", "单位", "综合得分", "等级", "备注"],
           ["text", "count", "text", "score", "text", "text"], rows, freeze_column=4)


def _shares(sheet, title: str, label_headings: list[str], shares: list[Share], registered: int) -> None:
    with_parent = len(label_headings) == 2
    rows = [([s.parent, s.label] if with_parent else [s.label]) + [s.count, s.share] for s in shares]
    counted = sum(s.count for s in shares)
    total = (["合计", ""] if with_parent else ["合计"]) + [counted, counted / registered if registered else None]
    kinds = ["text"] * len(label_headings) + ["count", "rate"]
    _table(sheet, title, label_headings + ["件数", "占立案数比例"], kinds, rows, total,
           freeze_column=len(label_headings) + 1)


def _backlog(sheet, report: MonthlyReport) -> None:
    bl = report.backlog
    tz = bl.at.tzinfo
    rows = [[c.case_no, c.title, c.category, c.grid, c.department, c.due_at.astimezone(tz).replace(tzinfo=None),
             c.overdue_days] for c in bl.cases]
    title = f"超期未结案件（截至 {bl.at:%Y-%m-%d %H:%M}，共 {bl.total} 件，列出最久的 {len(rows)} 件）"
    _table(sheet, title, ["案件编号", "标题", "问题类别", "网格", "责任部门", "办理期限", "超期天数"],
           ["text", "text", "text", "text", "text", "datetime", "decimal"], rows)


def _trend(sheet, report: MonthlyReport) -> None:
    t = report.trend
    rows = [[day, registered, closed] for day, registered, closed in zip(t.days, t.registered, t.closed)]
    _table(sheet, f"{report.month.label}每日立案与结案", ["日期", "立案数", "结案数"], ["date", "count", "count"],
           rows, ["合计", sum(t.registered), sum(t.closed)])
    sheet.column_dimensions["A"].width = 12


def _charts(sheet, report: MonthlyReport, images) -> None:
    """The chart images one under the other, each at half its pixel size (sharp when printed)."""
    write_title(sheet, TITLE_ROW, f"{report.month.label}图表", 12)
    row = 3
    for _spec, png in images:
        image = Image(BytesIO(png))
        image.width, image.height = image.width // 2, image.height // 2
        sheet.add_image(image, f"A{row}")
        row += image.height // 20 + 2
    print_setup(sheet, f"{TITLE_ROW}:{TITLE_ROW}")
