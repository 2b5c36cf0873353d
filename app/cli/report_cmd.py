"""`gridcc report assess`: the assessment table of departments, grids, communities, streets or
grid workers for a period, as an aligned table, JSON, a formatted workbook or an A4 PDF."""

from __future__ import annotations

from datetime import date

from app.assessment.columns import number, percent
from app.assessment.figures import UnitFigures, figures_json
from app.assessment.scoring import AssessmentConfigError
from app.assessment.table import assess
from app.assessment.units import LEVELS
from app.cli.context import BadArgument, workstation
from app.cli.output import print_json, print_table

_TABLE_HEADERS = ["单位", "编码", "立案", "应结", "结案", "按期", "结案率", "按期率", "处置", "返工", "返工率",
                  "延期", "延期率", "黄牌", "红牌", "均时(工作时)", "得分", "等级"]


def register(commands) -> None:
    report = commands.add_parser("report", help="统计考核：考核表、月度通报")
    sub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    table = sub.add_parser("assess", help="各单位考核表：立案、应结案、结案率、按期结案率、返工率、延期率、督办、得分、等级")
    table.add_argument("--from", dest="start", required=True, metavar="DATE", help="开始日期 YYYY-MM-DD（含）")
    table.add_argument("--to", dest="end", required=True, metavar="DATE",
                       help="结束日期 YYYY-MM-DD（不含：--to 2025-11-01 统计到 10 月 31 日）")
    table.add_argument("--by", required=True, choices=list(LEVELS),
                       help="统计单位：department 部门、grid 网格、community 社区、street 街道、worker 网格员")
    table.add_argument("--json", action="store_true", help="输出 JSON（比率为 0–1 的小数）")
    table.add_argument("--xlsx", metavar="FILE", help="另存为格式化的 Excel 工作簿")
    table.add_argument("--pdf", metavar="FILE", help="另存为 A4 PDF（打印模板 resources/paper/assessment.html）")
    table.set_defaults(handler=_assess)
    monthly = sub.add_parser("monthly", help="月度考核通报：总量与同比环比、得分排名、来源与高发、超期积案、调解、图表")
    monthly.add_argument("--month", required=True, metavar="YYYY-MM", help="通报月份，例如 2025-10")
    monthly.add_argument("--xlsx", metavar="FILE", help="另存为格式化的 Excel 工作簿（含图表）")
    monthly.add_argument("--pdf", metavar="FILE", help="另存为 PDF（A4，含图表）")
    monthly.set_defaults(handler=_monthly)


def parse_date(text: str, option: str) -> date:
    """A YYYY-MM-DD date given to `option`, or one Chinese line saying what is wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadArgument(f"{option} 的值“{text}”不是日期，应为 YYYY-MM-DD，例如 2025-10-01") from None


def _assess(args, ctx) -> int:
    start, end = parse_date(args.start, "--from"), parse_date(args.end, "--to")
    if end <= start:
        raise BadArgument(f"--to（{end}）应晚于 --from（{start}）")
    rows = assess(ctx.database, start=start, end=end, level=args.by, now=ctx.now(), scope=ctx.principal.scope)
    if args.xlsx:
        from app.assessment.workbook import write_workbook
        path = write_workbook(rows, args.xlsx, level=args.by, start=start, end=end,
                              database=ctx.database, principal=ctx.principal)
        print(f"已写入 {path}")
    if args.pdf:
        _write_pdf(ctx, rows, args.pdf, level=args.by, start=start, end=end)
    if args.json:
        print_json([figures_json(row) for row in rows])
    elif not (args.xlsx or args.pdf):
        print_table(_TABLE_HEADERS, [_cells(row) for row in rows])
    return 0


def _monthly(args, ctx) -> int:
    from app.mediation.service import MediationService
    from app.reports.monthly import monthly_report
    from app.reports.periods import parse_month
    try:
        month = parse_month(args.month)
    except AssessmentConfigError as exc:
        raise BadArgument(str(exc)) from None
    mediation = MediationService(ctx.database, now=ctx.now, workstation=workstation(), principal=ctx.principal)
    report = monthly_report(ctx.database, month, now=ctx.now(), mediation=mediation, scope=ctx.principal.scope)
    if args.xlsx:
        from app.reports.monthly_xlsx import write_monthly_workbook
        print(f"已写入 {write_monthly_workbook(report, args.xlsx, database=ctx.database, principal=ctx.principal)}")
    if args.pdf:
        from app.reports.monthly_pdf import write_monthly_pdf
        written = write_monthly_pdf(report, args.pdf, printed_by=ctx.actor, database=ctx.database,
                                    principal=ctx.principal)
        print(f"已写入 {written}")
    if not (args.xlsx or args.pdf):
        from app.reports.monthly_text import report_text
        print(report_text(report), end="")
    return 0


def _write_pdf(ctx, rows: list[UnitFigures], path: str, *, level: str, start: date, end: date) -> None:
    from app.assessment.paper import assessment_document
    from app.paper.rendering import render_pdf
    document = assessment_document(ctx.database, rows, level=level, start=start, end=end,
                                   printed_by=ctx.actor, now=ctx.now(), principal=ctx.principal)
    pages = render_pdf(document, path)
    print(f"已写入 {path}（{document.title}，共 {pages} 页）")


def _cells(row: UnitFigures) -> list[str]:
    return [
        row.unit, row.unit_code, str(row.registered), str(row.due_to_close), str(row.closed),
        str(row.closed_on_time), percent(row.close_rate), percent(row.on_time_close_rate), str(row.handled),
        str(row.reworked), percent(row.rework_rate), str(row.extended), percent(row.extension_rate),
        str(row.yellow_cards), str(row.red_cards),
        number(row.avg_handle_hours), number(row.score), row.grade or "—",
    ]
