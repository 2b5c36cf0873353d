"""`gridcc cases …`: import, list, show, act, sweep."""

from __future__ import annotations

import sys
from pathlib import Path

from app.cases.importer import import_work_orders
from app.cases.lights import Light
from app.cases.queries import CaseFilter
from app.cases.states import Action, CaseStatus
from app.cases.views import case_json, detail_json, iso
from app.cli.context import BadArgument, bounded_int
from app.cli.login import add_user_option
from app.cli.output import print_json, print_table

LIGHT_MARKS = {"red": "● 红", "yellow": "● 黄", "green": "● 绿", None: "—"}


def register(commands) -> None:
    cases = commands.add_parser("cases", help="案件：导入、列表、详情、办理、督办扫描")
    sub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="导入 12345 热线工单（.xlsx 或 .csv）")
    imp.add_argument("file")
    imp.set_defaults(handler=_import)

    lst = sub.add_parser("list", help="列出案件")
    lst.add_argument("--status", choices=[s.value for s in CaseStatus])
    lst.add_argument("--light", choices=[light.value for light in Light])
    lst.add_argument("--limit", type=bounded_int(0, 1_000_000), default=100, help="最多显示条数（0 = 全部，默认 100）")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_list)

    show = sub.add_parser("show", help="案件详情，含办理过程和督办单")
    show.add_argument("case_no")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    act = sub.add_parser("act", help="办理案件（核实、立案、派遣、签收、反馈、核查……）")
    act.add_argument("case_no")
    act.add_argument("action", choices=[a.value for a in Action if a != Action.REPORT])
    act.add_argument("--dept", help="派遣的部门（名称或代码；缺省为类别的默认部门）")
    act.add_argument("--note", help="说明或原因")
    add_user_option(act, "以此账户登录并办理（同全局 --user）")
    act.add_argument("--limit", help="延期时长，如 2工作日")
    act.set_defaults(handler=_act)

    swp = sub.add_parser("sweep", help="按 --now 时刻补发应发的黄牌、红牌督办")
    swp.set_defaults(handler=_sweep)


def _import(args, ctx) -> int:
    """Exit 0 when every row is in the database as written, 1 when some were rejected or differ.

    A report that could not be written is a warning on stderr; the exit code stays the import's.
    """
    path = Path(args.file)
    result = import_work_orders(ctx.cases(), path, actor=ctx.actor)
    print(f"导入 {result.imported} 条，未变 {result.unchanged} 条，"
          f"内容不同未更新 {len(result.different)} 条，拒绝 {len(result.rejects)} 条")
    if result.rejects_file:
        print(f"未导入的行及原因见：{result.rejects_file}")
    if result.report_warning:
        print(f"警告：{result.report_warning}", file=sys.stderr)
    return 0 if result.complete else 1


def _list(args, ctx) -> int:
    service = ctx.cases()
    flt = CaseFilter(status=(args.status,) if args.status else (),
                     light=Light(args.light) if args.light else None)
    views = service.list(flt, limit=args.limit or None)
    tz = service.config().tz
    if args.json:
        print_json([case_json(v, tz) for v in views])
        return 0
    total = service.count(flt)
    rows = [[v.case_no, LIGHT_MARKS[v.light.value if v.light else None], v.status_label, v.category,
             v.urgency, v.grid or "", v.department or "", _local(v.reported_at, tz), _local(v.due_at, tz),
             v.title] for v in views]
    print_table(["案件编号", "亮灯", "状态", "类别", "紧急", "网格", "部门", "上报时间", "到期时间", "标题"], rows)
    print(f"共 {total} 件" + (f"，显示 {len(views)} 件（--limit 0 显示全部）" if len(views) < total else ""))
    return 0


def _show(args, ctx) -> int:
    service = ctx.cases()
    detail = service.get(args.case_no)
    tz = service.config().tz
    if args.json:
        print_json(detail_json(detail, tz))
        return 0
    c = detail.case
    light = LIGHT_MARKS[c.light.value if c.light else None]
    print(f"{c.case_no}  {c.title}")
    for label, value in [
        ("状态", c.status_label), ("亮灯", light + ("（已超期）" if c.overdue else "")),
        ("类别", f"{c.category_code} {c.category}"), ("紧急程度", c.urgency), ("来源", c.source),
        ("工单编号", c.external_no or ""), ("网格", c.grid or ""), ("部门", c.department or ""),
        ("地址", c.address or ""), ("上报时间", _local(c.reported_at, tz)), ("时限", detail.time_limit),
        ("到期时间", _local(c.due_at, tz)), ("内容", detail.description),
    ]:
        print(f"  {label}：{value}")
    print("办理过程：")
    for e in detail.events:
        note = f"  {e.note}" if e.note else ""
        dept = f"  → {e.department}" if e.department else ""
        print(f"  {e.seq:>2}. {_local(e.at, tz)}  {e.action_label}  {e.actor}{dept}{note}")
    if detail.cards:
        print("督办单：")
        for card in detail.cards:
            print(f"  {_local(card.issued_at, tz)}  {card.color}  {card.reason}")
    return 0


def _act(args, ctx) -> int:
    service = ctx.cases()
    view = service.act(args.case_no, args.action, actor=ctx.actor, note=args.note,
                       department=args.dept, limit=args.limit)
    light = LIGHT_MARKS[view.light.value if view.light else None]
    print(f"{view.case_no} 已{Action(args.action).label}，现为“{view.status_label}”  {light}")
    return 0


def _sweep(args, ctx) -> int:
    result = ctx.cases().sweep()
    print(f"新发黄牌 {result.yellow} 张，红牌 {result.red} 张")
    return 0


def _local(value, tz) -> str:
    text = iso(value, tz)
    return text[:16].replace("T", " ") if text else ""
