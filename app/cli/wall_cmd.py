"""`gridcc [--user LOGIN] wall [--screen N] [--distance METRES] [--rotate SECONDS]`: the wall display, full screen.

The window is the GUI's (ui/wall); the launcher registers it here, so app/ stays free of Qt. The
numbers are checked here, each against its bounds, and the choice is remembered for next time.
The wall runs as the logged-in account (needs pane.wall) and counts the cases of its scope.
"""

from __future__ import annotations

from collections.abc import Callable

from app.cases.errors import CaseError
from app.cli.context import bounded_float, bounded_int
from app.cli.login import AccountRule, add_user_option
from app.wall.options import BOUNDS

#: the wall opens its own database, then logs in by the command line's rule (ui/wall/launch.py)
WALL_RULE = AccountRule(permission="pane.wall")

_runner: list[Callable] = []


def register_wall_runner(run: Callable) -> None:
    """Install the function that opens the wall (`run(args) -> exit code`)."""
    _runner[:] = [run]


def register(commands) -> None:
    wall = commands.add_parser("wall", help="在指定显示器上全屏打开大屏（态势看板，无需操作；按 Esc 关闭）")
    wall.add_argument("--screen", type=bounded_int(*BOUNDS["screen"]), metavar="N",
                      help="显示器编号，从 1 起（默认：上次的选择，首次为第 2 块屏幕）")
    wall.add_argument("--distance", type=bounded_float(*BOUNDS["distance_m"]), metavar="METRES",
                      help="最远观看距离（米），据此确定字号（默认：上次的选择，首次为 5 米）")
    wall.add_argument("--rotate", type=bounded_int(*BOUNDS["rotate_seconds"]), metavar="SECONDS",
                      help="每隔几秒翻页，0 为不翻页（默认：上次的选择）")
    add_user_option(wall, "以此账户登录并打开大屏（同全局 --user）；大屏只统计该账户范围内的案件")
    wall.set_defaults(handler=_wall, needs_database=False, account_rule=WALL_RULE)


def _wall(args, _ctx) -> int:
    if not _runner:
        raise CaseError("此版本未安装图形界面，无法打开大屏")
    return _runner[0](args)
