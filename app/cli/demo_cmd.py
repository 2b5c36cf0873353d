"""`gridcc demo`: fill an empty database with the demo district and its accounts.

The demo accounts (one per role, app/demo/accounts.py) and their password are printed: they are
meant to be tried. On a database that already has accounts, only an administrator
(accounts.manage) may add them.

The sizes are checked while the arguments are parsed, before any database file or schema is
created, so a refused `demo` leaves nothing behind.
"""

from __future__ import annotations

import argparse
import time

from app.cli.login import AccountRule
from app.cli.output import print_table
from app.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from app.demo.builder import DEFAULT_CASES, SIZE_BOUNDS, DemoRefused, check_size, fill_demo
from app.demo.people import DEFAULT_PERSONS


def register(commands) -> None:
    demo = commands.add_parser("demo", help="在空数据库中生成演示辖区（网格、人员、近 90 天的案件）")
    demo.add_argument("--seed", type=_size("seed"), default=1, help="随机种子（同一种子生成相同数据）")
    demo.add_argument("--cases", type=_size("cases"), default=DEFAULT_CASES,
                      help=f"案件数（默认 {DEFAULT_CASES}，至多 {SIZE_BOUNDS['cases'][1]}）")
    demo.add_argument("--persons", type=_size("persons"), default=DEFAULT_PERSONS,
                      help=f"实有人口数（约数，默认 {DEFAULT_PERSONS}，至多 {SIZE_BOUNDS['persons'][1]}；0 = 不生成人口）")
    demo.set_defaults(handler=_demo, account_rule=AccountRule(permission="accounts.manage", warn=False))


def _size(name: str):
    """An argparse type: an integer within the demo's bounds for `name` (app/demo/builder.py)."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
        try:
            return check_size(name, value)
        except DemoRefused as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def _demo(args, ctx) -> int:
    started = time.perf_counter()
    summary = fill_demo(ctx.cases(), seed=args.seed, cases=args.cases, persons=args.persons)
    accounts = ensure_demo_accounts(ctx.database)
    seconds = time.perf_counter() - started
    print(f"演示辖区已生成：{summary.grids} 个网格，{summary.staff} 名工作人员，{summary.cases} 件案件，{summary.persons} 位居民"
          f"（{ctx.database.describe()}，用时 {seconds:.1f} 秒）")
    print(f"演示账户（密码均为 {DEMO_PASSWORD}）：")
    print_table(["登录名", "角色", "范围", "密码"], [[a.login, a.role_name, a.scope, DEMO_PASSWORD]
                                               for a in accounts])
    return 0
