"""`gridcc demo`: fill an empty database with the demo district."""

from __future__ import annotations

import time

from app.cli.context import BadArgument, bounded_int
from app.demo.builder import DEFAULT_CASES, fill_demo
from app.demo.people import DEFAULT_PERSONS


def register(commands) -> None:
    demo = commands.add_parser("demo", help="在空数据库中生成演示辖区（网格、人员、近 90 天的案件）")
    demo.add_argument("--seed", type=bounded_int(0, 2**32 - 1), default=1, help="随机种子（同一种子生成相同数据）")
    demo.add_argument("--cases", type=bounded_int(0, 200_000), default=DEFAULT_CASES, help=f"案件数（默认 {DEFAULT_CASES}）")
    demo.add_argument("--persons", type=bounded_int(0, 1_000_000), default=DEFAULT_PERSONS,
                      help=f"实有人口数（约数，默认 {DEFAULT_PERSONS}；0 = 不生成人口）")
    demo.set_defaults(handler=_demo)


def _demo(args, ctx) -> int:
    if args.persons < 0:
        raise BadArgument("--persons 不能为负数")
    started = time.perf_counter()
    summary = fill_demo(ctx.cases(), seed=args.seed, cases=args.cases, persons=args.persons)
    seconds = time.perf_counter() - started
    print(f"演示辖区已生成：{summary.grids} 个网格，{summary.staff} 名工作人员，{summary.cases} 件案件，{summary.persons} 位居民"
          f"（{ctx.database.describe()}，用时 {seconds:.1f} 秒）")
    return 0
