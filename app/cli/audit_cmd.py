"""`gridcc audit list | export`: the audit log for administrators and auditors (audit.view)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.audit.query import AuditFilter
from app.audit.service import AuditService
from app.audit.filters import BadDate, describe, parse_day
from app.audit.query import MAX_PAGE
from app.cli.context import BadArgument, bounded_int, login_name
from app.cli.output import print_json, print_table
from app.audit.export import local_text

HEADINGS = ["时间", "登录名", "工作站", "操作", "对象", "记录", "详情"]


def register(commands) -> None:
    audit = commands.add_parser("audit", help="审计日志：查询、导出（需要“查看与导出审计日志”权限）")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="列出审计记录，最新的在前")
    _filters(lst)
    lst.add_argument("--limit", type=bounded_int(1, MAX_PAGE), default=100, help=f"最多显示条数（1–{MAX_PAGE}，默认 100）")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_list)
    exp = sub.add_parser("export", help="把审计记录导出为 .xlsx 或 .csv（UTF-8），供检查使用；导出本身也记入审计日志")
    exp.add_argument("file", help="FILE.xlsx 或 FILE.csv")
    _filters(exp)
    exp.set_defaults(handler=_export)


def _filters(parser) -> None:
    parser.add_argument("--user", "--actor", dest="actor", type=login_name, metavar="LOGIN",
                        help="只看此登录名的操作（也可写 --actor）")
    parser.add_argument("--kind", metavar="KIND", help="只看此类操作，如 login、reveal、denied、print、export")
    parser.add_argument("--since", type=_day("--since"), metavar="DATE", help="起始日期 YYYY-MM-DD（含）")
    parser.add_argument("--until", type=_day("--until"), metavar="DATE", help="截止日期 YYYY-MM-DD（含当天）")
    parser.add_argument("--record", metavar="ID", help="只看与此记录有关的：案件编号、纠纷编号、登录名或记录 ID")


def _day(label: str):
    def parse(text: str):
        try:
            return parse_day(text, label)
        except BadDate as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def _service(ctx) -> AuditService:
    """The service as the command's account (the program itself until the context carries one)."""
    return AuditService(ctx.database, ctx.principal)


def _filter(args, audit: AuditService) -> AuditFilter:
    if args.kind is not None and not args.kind.strip():
        raise BadArgument("--kind 不能为空")
    try:
        return audit.filter_for(actor=args.actor, kind=args.kind, record=args.record, since=args.since,
                                until=args.until)
    except BadDate as exc:
        raise BadArgument(str(exc)) from None


def _list(args, ctx) -> int:
    audit = _service(ctx)
    rows = audit.page(_filter(args, audit), limit=args.limit).rows
    if args.json:
        print_json([{"at": r.at.isoformat(), "actor": r.actor, "workstation": r.workstation, "action": r.action,
                     "action_label": r.action_label, "entity": r.entity,
                     "entity_id": str(r.entity_id) if r.entity_id else None, "record": r.record, "detail": r.detail}
                    for r in rows])
        return 0
    print_table(HEADINGS, [[local_text(r.at), r.actor, r.workstation, r.action_label, r.entity_label, r.record,
                            r.detail] for r in rows])
    print(f"共 {len(rows)} 条" + ("（可能还有更早的，见 --limit）" if len(rows) == args.limit else ""))
    return 0


def _export(args, ctx) -> int:
    audit = _service(ctx)
    flt = _filter(args, audit)
    result = audit.export(flt, Path(args.file), filter_text=describe(flt, args.record))
    print(f"已导出 {result.rows} 条审计记录到 {result.path}")
    return 0
