"""`gridcc screening …`: a community's screening report (zero reports too) and who has not reported."""

from __future__ import annotations

from app.cli.context import bounded_int
from app.cli.login import add_user_option
from app.cli.disputes_cmd import service_of


def register(commands) -> None:
    screening = commands.add_parser("screening", help="矛盾纠纷排查：社区报告、未报告社区")
    sub = screening.add_subparsers(dest="screening_command", metavar="ACTION", required=True)
    report = sub.add_parser("report", help="报送（或更正）社区本期排查情况，未发现纠纷也要报（零报告）")
    report.add_argument("community", help="社区/村的代码或名称")
    report.add_argument("--month", required=True, metavar="YYYY-MM")
    report.add_argument("--found", type=bounded_int(0, 100_000), default=0, help="排查发现纠纷数（默认 0 = 零报告）")
    report.add_argument("--prevented", type=bounded_int(0, 100_000), default=0, help="预防纠纷数")
    report.add_argument("--note", help="说明")
    add_user_option(report, "以此账户登录并报送（同全局 --user）")
    report.set_defaults(handler=_report)
    missing = sub.add_parser("missing", help="列出本期尚未报送排查情况的社区")
    missing.add_argument("--month", required=True, metavar="YYYY-MM")
    missing.set_defaults(handler=_missing)


def _report(args, ctx) -> int:
    from app.mediation.screening import file_report

    result = file_report(service_of(ctx), args.community, args.month, found=args.found, prevented=args.prevented,
                         note=args.note, actor=ctx.actor)
    kind = "零报告" if result.found == 0 else f"发现纠纷 {result.found} 件"
    print(f"{result.community} {result.period} 排查情况已{'更正' if result.corrected else '报送'}：{kind}")
    return 0


def _missing(args, ctx) -> int:
    from app.mediation.screening import missing_reports

    period, communities = missing_reports(service_of(ctx), args.month)
    for community in communities:
        print(f"{community.code}  {community.street or ''} {community.name}")
    print(f"{period} 未报送排查情况的社区：{len(communities)} 个")
    return 1 if communities else 0
