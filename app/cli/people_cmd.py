"""`gridcc people …`: import and export the resident ledger (other people commands register here too).

Exit codes: 0 nothing rejected, 1 some rows rejected, 2 file unreadable or not a ledger (main
turns ImportFileError into that one line).

The export is full for a login that may reveal (app/people/privacy.py) and masked otherwise
(the line printed says so); exporting a sensitive category without that permission is refused
with exit code 2. Either way the export is audited.
"""

from __future__ import annotations

import socket

from app.cli.context import default_user
from app.cli.output import fail
from app.cli.people_search_cmd import register_search, register_visits
from app.people.errors import PersonError
from app.people.exporter import export_people
from app.people.importer import import_people
from app.people.service import PeopleService


def register(commands) -> None:
    """Add the `people` command; each subcommand registers itself through its own function."""
    people = commands.add_parser("people", help="人员台账：导入、导出")
    sub = people.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    register_import(sub)
    register_export(sub)
    register_search(sub)
    register_visits(sub)


def register_import(sub) -> None:
    imp = sub.add_parser("import", help="从社区台账 Excel（.xlsx）导入人员")
    imp.add_argument("file")
    imp.add_argument("--sheet", help="工作表名称（缺省：第一个有台账表头的工作表）")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告结果，不写入数据库")
    imp.set_defaults(handler=_import)


def register_export(sub) -> None:
    exp = sub.add_parser("export", help="把人员台账导出为 Excel（.xlsx）")
    exp.add_argument("file")
    exp.add_argument("--grid", metavar="CODE", help="只导出此网格（或街道、社区）的人员：编码或名称")
    exp.add_argument("--category", metavar="NAME", help="只导出此人员类别：名称或代码")
    exp.add_argument("--user", help="操作人登录名（缺省为当前用户）；无查看完整信息权限时证件号、电话遮蔽，出生日期以年龄代替")
    exp.set_defaults(handler=_export)


def people_service(ctx, user: str | None = None) -> PeopleService:
    """The people service for a command: the acting login (`user`, else this computer's) at --now."""
    return PeopleService(ctx.database, now=ctx.now, actor=user or default_user(), workstation=socket.gethostname())


def _import(args, ctx) -> int:
    result = import_people(people_service(ctx), args.file, sheet=args.sheet, dry_run=args.dry_run)
    prefix = "（试运行，未写入数据库）将" if result.dry_run else ""
    print(f"{prefix}工作表“{result.sheet_name}”读取 {result.rows_read} 行：新增 {result.imported} 人，"
          f"合并 {result.merged} 行，未变 {result.unchanged} 行，拒绝 {len(result.rejects)} 行")
    created = result.created_places
    if any(created.values()):
        print(f"新建楼栋 {created.get('buildings', 0)} 个、房屋 {created.get('rooms', 0)} 间、"
              f"户 {created.get('households', 0)} 户")
    if result.conflicts:
        print(f"有 {len(result.conflicts)} 处与台账不一致（台账中的值已保留），见：{result.conflicts_file}")
    if result.rejects:
        print(f"拒绝原因见：{result.rejects_file}")
        return 1
    return 0


def _export(args, ctx) -> int:
    try:
        result = export_people(people_service(ctx, args.user), args.file, grid=args.grid, category=args.category)
    except PersonError as exc:
        return fail(str(exc))
    masked = "（无查看完整信息的权限：证件号、电话已遮蔽，出生日期以年龄代替）" if result.masked else ""
    print(f"已导出 {result.rows} 人到 {result.path}{masked}")
    return 0
