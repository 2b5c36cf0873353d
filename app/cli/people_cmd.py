"""`gridcc people …`: import and export the resident ledger, and map the category labels an import
kept unmapped (other people commands register here too).

Exit codes: 0 nothing rejected, 1 some rows rejected, 2 file unreadable or not a ledger (main
turns ImportFileError into that one line). A report that could not be put in place after the
data was saved is a warning line, not a failure: the import is done.

The export is full for a login that may reveal (app/people/privacy.py) and masked otherwise
(the line printed says so); exporting a sensitive category without that permission is refused
with exit code 2. Either way the export is audited.
"""

from __future__ import annotations


from app.cli.context import workstation
from app.cli.login import add_user_option
from app.cli.output import fail, print_table
from app.cli.progress import read_progress
from app.cli.people_search_cmd import register_search, register_visits
from app.people.errors import PersonError
from app.people.exporter import export_people
from app.people.importer import ImportResult, import_people, save_import_reports
from app.people.service import PeopleService

_SHOWN = 10  # rejects a preview prints when it writes no report


def register(commands) -> None:
    """Add the `people` command; each subcommand registers itself through its own function."""
    people = commands.add_parser("people", help="人员台账：导入、导出")
    sub = people.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    register_import(sub)
    register_export(sub)
    register_search(sub)
    register_visits(sub)
    register_labels(sub)


def register_import(sub) -> None:
    imp = sub.add_parser("import", help="从社区台账（.xlsx .xlsm .xlsb .xls .ods .csv）导入人员")
    imp.add_argument("file")
    imp.add_argument("--sheet", help="工作表名称，隐藏的工作表也可（缺省：打开时显示的工作表，再依次找其他可见工作表）")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告结果，不写入数据库（也不写报告文件）")
    imp.add_argument("--report", action="store_true", help="试运行时也写出报告文件（NAME.rejects.xlsx 等）")
    imp.set_defaults(handler=_import)


def register_labels(sub) -> None:
    labels = sub.add_parser("labels", help="导入时无法识别的人员类别：列出，或映射到某一类别")
    labels.add_argument("--map", nargs=2, metavar=("LABEL", "CATEGORY"),
                        help="把表格中的写法 LABEL 映射到人员类别 CATEGORY（名称或代码），并补给所有带此写法的人员")
    labels.set_defaults(handler=_labels)


def register_export(sub) -> None:
    exp = sub.add_parser("export", help="把人员台账导出为 Excel（.xlsx）")
    exp.add_argument("file")
    exp.add_argument("--grid", metavar="CODE", help="只导出此网格（或街道、社区）的人员：编码或名称")
    exp.add_argument("--category", metavar="NAME", help="只导出此人员类别：名称或代码")
    add_user_option(exp, "以此账户登录并导出（同全局 --user）；无查看完整信息权限时证件号、电话遮蔽，出生日期以年龄代替")
    exp.set_defaults(handler=_export)


def people_service(ctx) -> PeopleService:
    """The people service for a command: the logged-in account at --now."""
    return PeopleService(ctx.database, now=ctx.now, actor=ctx.actor, workstation=workstation(), principal=ctx.principal)


def _import(args, ctx) -> int:
    result = import_people(people_service(ctx), args.file, sheet=args.sheet, dry_run=args.dry_run,
                           progress=read_progress())
    if result.dry_run and args.report:
        save_import_reports(args.file, result)
    prefix = "（试运行，未写入数据库）将" if result.dry_run else ""
    differing = f"，已存在但内容不同（未更新）{result.differing} 行" if result.differing else ""
    print(f"{prefix}工作表“{result.sheet_name}”读取 {result.rows_read} 行：新增 {result.imported} 人，"
          f"合并 {result.merged} 行，未变 {result.unchanged} 行{differing}，拒绝 {len(result.rejects)} 行")
    created = result.created_places
    if any(created.values()):
        print(f"新建楼栋 {created.get('buildings', 0)} 个、房屋 {created.get('rooms', 0)} 间、"
              f"户 {created.get('households', 0)} 户")
    _print_details(result)
    for warning in result.warnings:
        print(f"警告：{warning}")
    return 1 if result.rejects else 0


def _print_details(result: ImportResult) -> None:
    """Where the conflicts, unmapped labels and rejects are (a preview without --report lists them)."""
    if result.conflicts:
        where = f"，见：{result.conflicts_file}" if result.conflicts_file else ""
        print(f"有 {len(result.conflicts)} 处与台账不一致（已存在，内容不同，未更新；台账中的值已保留）{where}")
    if result.unmapped:
        words = "、".join(f"{label}（{len(rows)}行）" for label, rows in result.unmapped.items())
        where = f"；明细见：{result.labels_file}" if result.labels_file else ""
        print(f"无法识别的人员类别（人员已导入，写法原样保留）：{words}{where}")
        print("映射：gridcc people labels --map 写法 人员类别")
    if result.rejects and result.rejects_file:
        print(f"拒绝原因见：{result.rejects_file}")
    elif result.rejects:
        for reject in result.rejects[:_SHOWN]:
            print(f"第{reject.row_number}行：{reject.reason}")
        more = f"另有 {len(result.rejects) - _SHOWN} 行；" if len(result.rejects) > _SHOWN else ""
        print(f"{more}加 --report 写出报告文件")


def _labels(args, ctx) -> int:
    people = people_service(ctx)
    if args.map:
        label, category = args.map
        try:
            given = people.map_label(label, category)
        except PersonError as exc:
            return fail(str(exc))
        print(f"已把“{label}”映射到“{category}”：{given} 人补上了此类别")
        return 0
    labels = people.unmapped_labels()
    if not labels:
        print("没有无法识别的人员类别")
        return 0
    print_table(["写法", "人数"], [[item.label, str(item.persons)] for item in labels])
    return 0


def _export(args, ctx) -> int:
    try:
        result = export_people(people_service(ctx), args.file, grid=args.grid, category=args.category)
    except PersonError as exc:
        return fail(str(exc))
    masked = "（无查看完整信息的权限：证件号、电话已遮蔽，出生日期以年龄代替）" if result.masked else ""
    print(f"已导出 {result.rows} 人到 {result.path}{masked}")
    return 0
