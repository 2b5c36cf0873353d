"""`gridcc [--db URL] [--now ISO-8601] COMMAND …` — parse, run, and turn errors into one line.

Exit codes: 0 success, 1 partly done (e.g. an import with rejected rows), 2 nothing done
(bad argument, unreadable file, database unavailable or too new).
"""

from __future__ import annotations

import argparse
import logging
import sys

from app.cases.errors import CaseError
from app.cli import bench_cmd, cases_cmd, db_cmd, demo_cmd, people_cmd
from app.cli import grids_cmd
from app.cli import disputes_cmd, screening_cmd
from app.cli import messages
from app.cli.context import BadArgument, CommandContext, now_from
from app.cli.output import fail
from app.imports.table_reader import ImportFileError
from app.database import chosen_url, demo_url, prepare
from app.demo.builder import ensure_demo
from db.engine import Database
from db.errors import DatabaseError


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one Chinese line with exit code 2."""

    def format_usage(self) -> str:
        return messages.translate_usage(super().format_usage())

    def error(self, message):
        self.print_usage(sys.stderr)
        raise SystemExit(fail(messages.translate(message)))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gridcc", description="网格化管理指挥中心 Grid Command Center")
    parser.add_argument("--db", metavar="URL", help="数据库地址（默认：用户数据目录中的 SQLite 文件；或环境变量 GRIDCC_DB）")
    parser.add_argument("--demo", action="store_true",
                        help="使用单独的演示数据库（首次使用时自动生成演示辖区，不触碰正式数据）")
    parser.add_argument("--now", metavar="ISO-8601", help="按此时刻计算亮灯、期限与督办（或环境变量 GRIDCC_NOW）")
    parser.add_argument("--screenshot", metavar="DIR",
                        help="把主窗口各页面按 1920×1080 渲染为 PNG 存入 DIR 后退出（不显示窗口）")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    db_cmd.register(commands)
    demo_cmd.register(commands)
    cases_cmd.register(commands)
    people_cmd.register(commands)
    grids_cmd.register(commands)
    disputes_cmd.register(commands)
    screening_cmd.register(commands)
    bench_cmd.register(commands)
    return parser


def main(argv: list[str] | None = None, gui=None) -> int:
    """Run a command; with no command, open the desktop through `gui(args)` (ui.launcher)."""
    logging.basicConfig(level=logging.WARNING, format="警告：%(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            if gui is None:
                parser.print_help()
                return 0
            return gui(args)
        return run(args)
    except (DatabaseError, CaseError, BadArgument, ImportFileError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("已中断", 130)


def run(args: argparse.Namespace) -> int:
    """Open the database the command needs and hand over to it."""
    now = now_from(args.now)
    if getattr(args, "needs_database", True) is False:
        return args.handler(args, None)
    if args.demo and args.db:
        raise BadArgument("--demo 与 --db 不能同时使用")
    database = Database(demo_url() if args.demo else chosen_url(args.db))
    try:
        if getattr(args, "prepare_database", True):
            prepare(database)
        context = CommandContext(database, now)
        if args.demo and ensure_demo(context.cases()):
            print(f"已生成演示辖区（{database.describe()}）", file=sys.stderr)
        return args.handler(args, context)
    finally:
        database.dispose()


if __name__ == "__main__":
    sys.exit(main())
