"""`gridcc print …`: case sheets, supervision notices and mediation agreements as A4 PDF files.

Every print of personal data is audited (app.paper.printing); the reporter's phone and the
parties' ID numbers are printed in clear only for a login that may reveal them (--user).
Exit codes: 0 written; 1 `print cases` found more cases than --limit allows (nothing written);
2 a bad argument, an unknown case, card or dispute.
"""

from __future__ import annotations

from pathlib import Path

from app.cases.states import CaseStatus
from app.cli.context import bounded_int, workstation
from app.cli.login import add_user_option
from app.cli.disputes_cmd import service_of as mediation_service
from app.cli.output import fail
from app.paper import printing
from app.paper.rendering import render_pdf
from app.people.privacy import Viewer

EXIT_TOO_MANY = 1


def register(commands) -> None:
    paper = commands.add_parser("print", help="打印：案件派遣单、督办通知单、人民调解协议书（A4 PDF）")
    sub = paper.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    case = sub.add_parser("case", help="案件派遣单/案卷")
    case.add_argument("case_no", metavar="CASE_NO")
    _common(case, _case)
    card = sub.add_parser("card", help="督办通知单（督办单编号见 cases show --json 的 cards[].id）")
    card.add_argument("card_id", metavar="CARD_ID")
    _common(card, _card)
    agreement = sub.add_parser("agreement", help="人民调解协议书（口头协议打印口头协议登记表）")
    agreement.add_argument("dispute_no", metavar="DISPUTE_NO")
    _common(agreement, _agreement)
    cases = sub.add_parser("cases", help="某一状态的全部案件派遣单，每件一页起")
    cases.add_argument("--status", required=True, choices=[s.value for s in CaseStatus], help="案件状态")
    cases.add_argument("--limit", type=bounded_int(1, printing.MAX_BATCH), default=printing.MAX_BATCH,
                       help=f"最多打印件数（1–{printing.MAX_BATCH}，默认 {printing.MAX_BATCH}）；符合条件的案件更多时不打印")
    _common(cases, _cases)


def _common(parser, handler) -> None:
    parser.add_argument("--pdf", required=True, metavar="FILE", help="写入的 PDF 文件")
    add_user_option(parser, "以此账户登录并打印（同全局 --user）；有查看权限时电话、证件号不遮蔽")
    parser.set_defaults(handler=handler)


def _viewer(ctx) -> Viewer:
    return Viewer.acting(ctx.principal, ctx.actor, workstation())


def _written(path: str, pages: int, what: str) -> int:
    print(f"已写入 {Path(path)}（{what}，共 {pages} 页）")
    return 0


def _case(args, ctx) -> int:
    document = printing.case_sheet(ctx.cases(), args.case_no.strip(), _viewer(ctx))
    return _written(args.pdf, render_pdf(document, args.pdf), f"案件 {args.case_no.strip()} 派遣单")


def _card(args, ctx) -> int:
    document = printing.card_notice(ctx.cases(), args.card_id.strip(), _viewer(ctx))
    return _written(args.pdf, render_pdf(document, args.pdf), "督办通知单")


def _agreement(args, ctx) -> int:
    document = printing.agreement(mediation_service(ctx), args.dispute_no.strip(), _viewer(ctx))
    return _written(args.pdf, render_pdf(document, args.pdf), document.title)


def _cases(args, ctx) -> int:
    try:
        printed = printing.case_sheets(ctx.cases(), args.status, _viewer(ctx), limit=args.limit)
    except printing.TooManyCases as exc:
        return fail(str(exc), EXIT_TOO_MANY)
    return _written(args.pdf, render_pdf(printed.document, args.pdf), f"{printed.count} 件案件派遣单")
