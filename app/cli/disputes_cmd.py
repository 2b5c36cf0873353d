"""`gridcc disputes …`: the mediation docket's list, card, actions, import and monthly table."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from app.cases.lights import Light
from app.cases.views import iso
from app.cli.context import BadArgument, bounded_int, workstation
from app.cli.login import add_user_option
from app.cli.output import print_json, print_table
from app.mediation.drafts import ActionInputs, ObligationDraft
from app.mediation.queries import DisputeFilter
from app.mediation.service import MediationService
from app.mediation.states import ACTION_LABELS, LEVELS, DisputeAction, DisputeStatus
from app.mediation.views import detail_json, dispute_json

LIGHT_MARKS = {"red": "● 红", "yellow": "● 黄", "green": "● 绿", None: "—"}
ACTION_HELP = (
    "notify 送达告知书; accept 受理; refuse 不予受理 --note; investigate 调查 --note [--subject --place]; "
    "session 调解 --note [--place --attendees --result]; agree_written/agree_oral 达成协议 --term … "
    "[--duty '内容;金额;YYYY-MM-DD;义务人' …]; fail 调解不成 --note; terminate 终止 --note; "
    "apply_confirmation 申请司法确认 [--body 法院]; confirm --decision confirmed|rejected; "
    "fulfil 履行 --evidence [--obligation N]; visit 回访 --note [--obligation N]; urge 督促 --note; "
    "close 结案; file 归档 [--retention]; escalate 升级 [--level --committee]; "
    "transfer 移交 --kind 公调|诉调|访调|检调|仲调 [--body --ref-no]; transfer_receipt 回执; "
    "transfer_outcome 结果 --note; extend 延期 --limit 15天 --consent 姓名 …; "
    "flag --flag 民转刑 … [--warning 红]; assign --mediator; add_document --item; link_case --case"
)


def service_of(ctx) -> MediationService:
    return MediationService(ctx.database, now=ctx.now, workstation=workstation(), principal=ctx.principal)


def register(commands) -> None:
    disputes = commands.add_parser("disputes", help="矛盾纠纷调解台账：列表、详情、办理、导入、月报")
    sub = disputes.add_subparsers(dest="disputes_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help="列出纠纷（最新登记在前）")
    lst.add_argument("--status", choices=[s.value for s in DisputeStatus])
    lst.add_argument("--light", choices=[light.value for light in Light])
    lst.add_argument("--level", help="调处层级：1–4 或 调解小组/村居调委会/镇街调委会/区县调解中心")
    lst.add_argument("--limit", type=bounded_int(0, 1_000_000), default=100, help="最多显示条数（0 = 全部，默认 100）")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_list)

    show = sub.add_parser("show", help="纠纷详情：当事人、调解记录、协议、履行、回访、移交、过程")
    show.add_argument("dispute_no", help="纠纷编号，或 年份-序号（如 2026-12）")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    act = sub.add_parser("act", help="办理纠纷：" + ACTION_HELP)
    act.add_argument("dispute_no")
    act.add_argument("action", choices=[a.value for a in DisputeAction if a != DisputeAction.REGISTER])
    _act_options(act)
    act.set_defaults(handler=_act)

    imp = sub.add_parser("import", help="导入社区的纠纷台账（.xlsx/.xls/.csv）")
    imp.add_argument("file")
    imp.set_defaults(handler=_import)

    stats = sub.add_parser("stats", help="矛盾纠纷排查调处情况表（按类型、层级，含小计和年度累计）")
    stats.add_argument("--month", required=True, metavar="YYYY-MM")
    stats.add_argument("--xlsx", metavar="FILE", help="另存为格式化的 Excel 工作簿")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=_stats)


def _act_options(act) -> None:
    act.add_argument("--note", help="记录、原因或说明")
    add_user_option(act, "以此账户登录并办理（同全局 --user）")
    act.add_argument("--place", help="地点")
    act.add_argument("--attendees", help="参加人")
    act.add_argument("--result", help="本次调解结果")
    act.add_argument("--subject", help="被调查人")
    act.add_argument("--term", action="append", default=[], help="协议条款（可多次）")
    act.add_argument("--duty", action="append", default=[], metavar="内容;金额;YYYY-MM-DD;义务人",
                     help="履行义务（可多次）：内容;金额;履行期限;义务人")
    act.add_argument("--performance", help="履行方式、地点、时限")
    act.add_argument("--decision", choices=["confirmed", "rejected"], help="司法确认结果")
    act.add_argument("--obligation", type=bounded_int(1, 1000), help="第几项义务")
    act.add_argument("--evidence", help="履行凭证")
    act.add_argument("--satisfied", action="store_true", default=None, help="回访：当事人满意")
    act.add_argument("--limit", help="延长的期限，如 15天 或 1个月")
    act.add_argument("--consent", action="append", default=[], help="同意延期的当事人（姓名，或 申请人/被申请人；双方都要）")
    act.add_argument("--level", help="升级到的层级（缺省上一级）")
    act.add_argument("--committee", help="调解组织（名称或代码）")
    act.add_argument("--kind", help="移交类型：公调 诉调 访调 检调 仲调")
    act.add_argument("--body", help="接收单位或法院")
    act.add_argument("--ref-no", dest="ref_no", help="对方文号或案号")
    act.add_argument("--flag", action="append", default=[], help="风险标记（可多次）：民转刑、群体性上访……")
    act.add_argument("--warning", choices=["红", "橙", "黄", "蓝"])
    act.add_argument("--mediator", help="调解员姓名")
    act.add_argument("--item", help="卷宗材料代码或名称")
    act.add_argument("--title", help="材料标题")
    act.add_argument("--case", help="关联的案件编号")
    act.add_argument("--retention", help="保管期限（默认 长期）")


def _filter(service: MediationService, args) -> DisputeFilter:
    return service.filter(status=(args.status,) if args.status else (), light=args.light, level=args.level)


def _list(args, ctx) -> int:
    service = service_of(ctx)
    flt = _filter(service, args)
    views = service.list(flt, limit=args.limit or None)
    if args.json:
        print_json([dispute_json(v, service.tz) for v in views])
        return 0
    total = service.count(flt)
    rows = [[v.dispute_no, LIGHT_MARKS[v.light.value if v.light else None], v.status_label, v.type, v.level_label,
             v.community or "", v.source, _local(v.registered_at, service.tz), _local(v.due_at, service.tz),
             v.warning or "", v.facts[:20]] for v in views]
    print_table(["纠纷编号", "亮灯", "状态", "类型", "层级", "社区", "来源", "登记时间", "到期时间", "预警", "案情"], rows)
    print(f"共 {total} 件" + (f"，显示 {len(views)} 件（--limit 0 显示全部）" if len(views) < total else ""))
    return 0


def _show(args, ctx) -> int:
    service = service_of(ctx)
    detail = service.get(args.dispute_no)
    tz = service.tz
    if args.json:
        print_json(detail_json(detail, tz))
        return 0
    from app.cli.disputes_card import print_card
    print_card(detail, tz)
    return 0


def _act(args, ctx) -> int:
    service = service_of(ctx)
    inputs = ActionInputs(
        note=args.note, place=args.place, attendees=args.attendees, session_result=args.result,
        subject=args.subject, terms=tuple(args.term), obligations=tuple(_duty(text) for text in args.duty),
        performance=args.performance, decision=args.decision, obligation=args.obligation, evidence=args.evidence,
        satisfied=args.satisfied, limit=args.limit, consent=tuple(args.consent), level=args.level,
        committee=args.committee, kind=args.kind, body=args.body, ref_no=args.ref_no, flags=tuple(args.flag),
        warning=args.warning, mediator=args.mediator, item=args.item, title=args.title, case_no=args.case,
        retention=args.retention)
    view = service.act(args.dispute_no, args.action, actor=ctx.actor, inputs=inputs)
    light = LIGHT_MARKS[view.light.value if view.light else None]
    print(f"{view.dispute_no} 已{ACTION_LABELS[DisputeAction(args.action)]}，现为“{view.status_label}”"
          f"（{LEVELS.get(view.level)}）  {light}")
    return 0


def _duty(text: str) -> ObligationDraft:
    parts = [p.strip() for p in text.replace("；", ";").split(";")]
    parts += [""] * (4 - len(parts))
    what, amount, due, obligor = parts[:4]
    try:
        due_on = date.fromisoformat(due)
    except ValueError:
        raise BadArgument(f"--duty “{text}”的履行期限应为 YYYY-MM-DD") from None
    try:
        value = float(amount) if amount else None
    except ValueError:
        raise BadArgument(f"--duty “{text}”的金额“{amount}”不是数字") from None
    if not what:
        raise BadArgument(f"--duty “{text}”缺少履行内容")
    return ObligationDraft(what=what, amount=value, due_on=due_on, obligor=obligor or None)


def _import(args, ctx) -> int:
    from app.mediation.importer import import_docket

    result = import_docket(service_of(ctx), Path(args.file), actor=ctx.actor)
    print(f"导入 {result.imported} 条，未变 {result.unchanged} 条，拒绝 {len(result.rejects)} 条")
    if result.report_file:
        print(f"拒绝原因见：{result.report_file}")
    if result.report_warning:
        print(f"警告：{result.report_warning}", file=sys.stderr)
    return 1 if result.rejects else 0


def _stats(args, ctx) -> int:
    from app.mediation.screening import parse_month
    from app.mediation.statistics import monthly_table, table_json

    year, month = parse_month(args.month)
    table = monthly_table(service_of(ctx), year, month)
    if args.xlsx:
        from app.mediation.statistics_xlsx import write_workbook
        path = write_workbook(table, args.xlsx, database=ctx.database, principal=ctx.principal)
        print(f"已写入 {path}")
    if args.json:
        print_json(table_json(table))
    elif not args.xlsx:
        from app.cli.disputes_card import print_table_text
        print_table_text(table)
    return 0


def _local(value, tz) -> str:
    text = iso(value, tz)
    return text[:16].replace("T", " ") if text else ""
