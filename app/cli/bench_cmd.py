"""`gridcc bench [AREA …] [--json]`: measure on large generated data (see app.bench)."""

from __future__ import annotations

from app.bench.runner import run_benchmarks
from app.cli.context import bounded_int
from app.cli.output import print_json


def register(commands) -> None:
    bench = commands.add_parser("bench", help="在临时目录中生成大数据量并测量性能")
    bench.add_argument("areas", nargs="*", metavar="AREA", help=("只测这些方面（默认全部）：cases 案件核心、geo 网格定位、people_import 台账导入、"
                             "people 人员检索与走访提醒、mediation 调解台账、report 考核表、print 打印派遣单、backup 备份、queue 案件队列、desktop 冷启动、people_pane 人口台账页、"
                             "map 一张图、wall 大屏（print 与后五项需图形界面库）、rls 行级安全的代价、sync 离线同步（后两项只在 PostgreSQL 上）"))
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--pg", metavar="URL", help="也在此 PostgreSQL 服务器上测量（建临时库，测完删除）")
    bench.add_argument("--soak", type=bounded_int(1, 1_000_000), metavar="N",
                       help="wall：在同一进程中连续刷新 N 次，报告第 100 次与最后一次后的内存和 Qt 对象数")
    bench.add_argument("--persons", type=bounded_int(1_000, 10_000_000), metavar="N",
                       help="rls、sync：生成的居民人数（默认 2,000,000）")
    bench.add_argument("--cases", type=bounded_int(1, 10_000_000), metavar="N",
                       help="sync：首次副本测量中服务器上的案件数（默认 100,000）")
    bench.set_defaults(handler=_bench, needs_database=False)


def _bench(args, _ctx) -> int:
    metrics = run_benchmarks(args.areas, pg_url=args.pg, soak=args.soak, persons=args.persons, cases=args.cases)
    if args.json:
        print_json([{"name": m.name, "value": m.value, "unit": m.unit} for m in metrics])
    else:
        for m in metrics:
            print(f"{m.name} {m.value:g} {m.unit}")
    return 0
