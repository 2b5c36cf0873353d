"""`gridcc db retention [--dry-run] [--set-months N]`: clear the reporter's phone of cases closed
longer ago than the retention setting (app/cases/retention.py), or change that setting.

The run measures the months on the wall clock, never on --now: a date in the future must not
clear phones the rule still keeps.
"""

from __future__ import annotations

from datetime import datetime, timezone

from app.cases.retention import MONTHS_RANGE, clear_old_phones, set_retention_months
from app.cli.context import bounded_int


def register(sub) -> None:
    """Add `retention` to the `db` commands."""
    retention = sub.add_parser("retention", help="清除结案超过保留期的案件的报告人电话（按设置，默认 24 个月）")
    retention.add_argument("--dry-run", action="store_true", help="只统计将被清除的条数，不修改")
    retention.add_argument("--set-months", type=bounded_int(*MONTHS_RANGE), metavar="N",
                           help=f"把保留月数设为 N（{MONTHS_RANGE[0]}–{MONTHS_RANGE[1]}，0 = 一直保留）后退出")
    retention.set_defaults(handler=_retention)


def _retention(args, ctx) -> int:
    principal = ctx.principal
    if args.set_months is not None:
        months = set_retention_months(ctx.database, args.set_months, principal)
        print("结案案件的报告人电话：一直保留" if months == 0 else f"结案案件的报告人电话保留 {months} 个月")
        return 0
    result = clear_old_phones(ctx.database, datetime.now(timezone.utc), principal=principal, dry_run=args.dry_run)
    if result.cutoff is None:
        print("保留月数设为 0：报告人电话一直保留，未清除")
    elif result.dry_run:
        print(f"试运行：结案超过 {result.months} 个月的案件中有 {result.cleared} 件留有报告人电话，将被清除")
    else:
        print(f"已清除 {result.cleared} 件结案超过 {result.months} 个月的案件的报告人电话")
    return 0
