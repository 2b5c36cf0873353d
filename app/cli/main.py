"""`gridcc [--db URL] [--now ISO-8601] COMMAND …` — parse, run, and turn errors into one line.

Exit codes: 0 success; 1 partly done (e.g. an import with rejected rows); 2 nothing done
because of the input or the surroundings (a bad argument, an unreadable file, a database that
is unavailable, too new, not ours, or locked too long); 3 nothing done because of a fault in the
program — the line names the log file, where the details are (personal numbers masked).
No traceback ever reaches the terminal.

Accounts: a command that reads or changes data runs as the account `--user LOGIN` (or
GRIDCC_USER), logged in with the password from GRIDCC_PASSWORD or asked on the terminal; a
wrong password or a locked account ends with exit 2. On a database without any account the
commands run as the program itself and warn the administrator to create the first one with
`gridcc db upgrade --admin LOGIN`. The whole rule, and the commands that need no account, are
in app/cli/login.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys

from app.cli import bench_cmd, cases_cmd, db_cmd, demo_cmd, people_cmd
from app.cli import grids_cmd
from app.cli import disputes_cmd, screening_cmd
from app.cli import print_cmd, report_cmd, users_cmd, wall_cmd
from app.cli import audit_cmd, sync_cmd
from app.cli import messages
from app.cli.context import BadArgument, CommandContext, login_name, now_from
from app.cli.login import log_in, needs_server_login, server_log_in
from app.cli.output import fail
from app.database import chosen_url, demo_url, prepare
from app.diagnostics import program_version
from app.errors import explain_error
from app.logs import active_log, setup_console_warnings, setup_logging
from db.engine import Database

EXIT_NOTHING_DONE = 2
EXIT_INTERNAL = 3
WAITING_FOR_LOCK = "数据库正被另一工作站写入，等待中…"
_SURROGATES = re.compile("[\ud800-\udfff]")
_ENVIRONMENT = ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER", "GRIDCC_PASSWORD")
logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one Chinese line with exit code 2."""

    def format_usage(self) -> str:
        return messages.translate_usage(super().format_usage())

    def error(self, message):
        self.print_usage(sys.stderr)
        raise SystemExit(fail(messages.translate(message)))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gridcc", description="网格化管理指挥中心 Grid Command Center")
    parser.add_argument("--version", action="version", version=f"gridcc {program_version()}",
                        help="显示程序版本后退出")
    parser.add_argument("--db", metavar="URL", help="数据库地址（默认：用户数据目录中的 SQLite 文件；或环境变量 GRIDCC_DB）")
    parser.add_argument("--demo", action="store_true",
                        help="使用单独的演示数据库（首次使用时自动生成演示辖区，不触碰正式数据）")
    parser.add_argument("--user", type=login_name, metavar="LOGIN",
                        help="以此账户登录后执行（或环境变量 GRIDCC_USER；密码取自环境变量 GRIDCC_PASSWORD，否则在终端询问）")
    parser.add_argument("--now", metavar="ISO-8601", help="按此时刻计算亮灯、期限与督办（或环境变量 GRIDCC_NOW）")
    parser.add_argument("--screenshot", metavar="DIR",
                        help="把主窗口各页面按 1920×1080、大屏按 3840×2160 与 1920×1080 渲染为 PNG 存入 DIR 后退出（不显示窗口）")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    db_cmd.register(commands)
    demo_cmd.register(commands)
    cases_cmd.register(commands)
    people_cmd.register(commands)
    grids_cmd.register(commands)
    disputes_cmd.register(commands)
    screening_cmd.register(commands)
    report_cmd.register(commands)
    print_cmd.register(commands)
    bench_cmd.register(commands)
    wall_cmd.register(commands)
    users_cmd.register(commands)
    audit_cmd.register(commands)
    sync_cmd.register(commands)
    return parser


def main(argv: list[str] | None = None, gui=None) -> int:
    """Run a command; with no command, open the desktop through `gui(args)` (ui.launcher)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    setup_logging()
    setup_console_warnings()
    try:
        _refuse_undecodable(argv)
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            if gui is None:
                parser.print_help()
                return 0
            return gui(args)
        return run(args)
    except KeyboardInterrupt:
        return fail("已中断", 130)
    except Exception as exc:  # every failure ends as one line: the point of this function
        return report(exc)


def run(args: argparse.Namespace) -> int:
    """Open the database the command needs and hand over to it."""
    now = now_from(args.now)
    if getattr(args, "needs_database", True) is False:
        return args.handler(args, None)
    if args.demo and args.db:
        raise BadArgument("--demo 与 --db 不能同时使用")
    url = demo_url() if args.demo else chosen_url(args.db)
    server = server_log_in(args, url) if needs_server_login(args, url) else None
    database = server.database if server else Database(url)
    database.write_wait_listener = _show_lock_wait
    try:
        if getattr(args, "prepare_database", True):
            prepare(database, create_missing=_creates_database(args), syncing=args.command == "sync")
        context = CommandContext(database, now)
        if args.demo and _ensure_demo(context):
            print(f"已生成演示辖区（{database.describe()}）", file=sys.stderr)
        context.principal = server.principal if server else log_in(args, database, demo=args.demo)
        return args.handler(args, context)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # reported here, where the database can be named
        return report(exc, where=database.describe())
    finally:
        database.dispose()


def report(exc: BaseException, where: str | None = None) -> int:
    """Print the one line for `exc`; log the details of a fault of the program; the exit code."""
    line = explain_error(exc, where=where, log=active_log())
    if line.internal:
        logger.error("程序内部错误", exc_info=exc)
        return fail(line.text, EXIT_INTERNAL)
    logger.info("命令未完成：%s", line.text)
    return fail(line.text, EXIT_NOTHING_DONE)


def _creates_database(args: argparse.Namespace) -> bool:
    """Only `demo` and `sync init` (and `db upgrade`, which does not prepare) may create a named SQLite file."""
    return args.command == "demo" or getattr(args, "creates_database", False)


def _ensure_demo(context: CommandContext) -> bool:
    """`--demo`: build the demo district in the demo database the first time; True if built."""
    from app.demo.builder import ensure_demo  # the demo recipe is only needed with --demo
    return ensure_demo(context.cases())


def _show_lock_wait(waiting: bool) -> None:
    """The line a waiting writer shows while another workstation holds the SQLite write lock."""
    if waiting:
        print(WAITING_FOR_LOCK, file=sys.stderr, flush=True)


def _refuse_undecodable(argv: list[str]) -> None:
    """Arguments (and GRIDCC_* variables) must be text: bytes that are not UTF-8 arrive as lone
    surrogates, which no file name, query or terminal accepts further on."""
    named = [(f"参数“{_SURROGATES.sub('�', arg)}”", arg) for arg in argv]
    named += [(f"环境变量 {name}", os.environ.get(name, "")) for name in _ENVIRONMENT]
    for label, value in named:
        if _SURROGATES.search(value):
            raise BadArgument(f"{label}含有无法识别的字符（不是 UTF-8 编码的文字），请检查输入或文件名")


if __name__ == "__main__":
    sys.exit(main())
