"""Benchmark of the hotline work-order import (part of `gridcc bench cases`): 50,000 orders.

The file is what a 12345 export looks like (title row, 工单编号, 来源, 类别, 内容, 上报时间,
紧急程度, 时限); it is measured like the ledger import (see bare_parts): the bare calamine read,
the import, a bare bulk insert of the cases it stored, and the ratio import ÷ (read + insert),
target ≤ 1.3; openpyxl's read for comparison.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl

from app.bench.bare_parts import bare_insert_seconds, read_seconds
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.cases.importer import import_work_orders
from app.cases.service import CaseService
from db.schema import Case

ORDERS = 50_000
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
HEADER = ["工单编号", "来源", "类别", "内容", "上报时间", "紧急程度", "时限", "联系电话"]


def run(pg_url: str | None = None) -> list[Metric]:
    """The work-order import metrics on SQLite, and on PostgreSQL when a server URL is given."""
    with tempfile.TemporaryDirectory(prefix="gridcc-bench-orders-") as folder:
        path = Path(folder) / "orders.xlsx"
        with scratch_sqlite() as database:
            write_orders(path, _category_codes(database), ORDERS)
        reads = {reader: read_seconds(reader, path) for reader in ("calamine", "openpyxl")}
        metrics = [Metric("cases.orders.rows", ORDERS, "rows"),
                   Metric("cases.orders.read_s", round(reads["calamine"], 2), "s"),
                   Metric("cases.orders.openpyxl_read_s", round(reads["openpyxl"], 2), "s")]
        metrics += _measure(scratch_sqlite, path, reads, "cases.orders")
        if pg_url:
            metrics += _measure(lambda: scratch_postgresql(pg_url), path, reads, "cases.orders.pg")
    return metrics


def _measure(scratch, path: Path, reads: dict[str, float], prefix: str) -> list[Metric]:
    with scratch() as database:
        service = CaseService(database, now=lambda: NOW)
        started = time.perf_counter()
        result = import_work_orders(service, path, actor="bench")
        seconds = time.perf_counter() - started
        if result.imported != ORDERS:
            raise RuntimeError(f"bench import: {result.imported} imported, {len(result.rejects)} rejected")
        insert = bare_insert_seconds(database, scratch, Case.__table__)
    return [Metric(f"{prefix}.import_s", round(seconds, 2), "s"),
            Metric(f"{prefix}.insert_s", round(insert, 2), "s"),
            Metric(f"{prefix}.ratio", round(seconds / (reads["calamine"] + insert), 2), "x"),
            Metric(f"{prefix}.openpyxl_ratio", round(seconds / reads["openpyxl"], 2), "x")]


def _category_codes(database) -> list[str]:
    rules = CaseService(database, now=lambda: NOW).config().rules
    return sorted(c.code for c in rules.categories.values() if c.parent_id)


def write_orders(path: Path, categories: list[str], orders: int, *, seed: int = 5) -> None:
    """A 12345-style export of `orders` work orders."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("工单")
    sheet.append(["12345热线工单导出"])
    sheet.append(HEADER)
    for n in range(orders):
        reported = (NOW - timedelta(minutes=rng.randrange(90 * 24 * 60))).astimezone(timezone(timedelta(hours=8)))
        sheet.append([f"GD{n:08d}", "12345热线", rng.choice(categories), f"第{n}号工单：某路{n % 300}号附近路灯不亮",
                      reported.replace(tzinfo=None, microsecond=0), rng.choice(("一般", "一般", "紧急", "特急")),
                      rng.choice(("", "3工作日", "2小时")), f"13{rng.randrange(10 ** 9):09d}"])
    workbook.save(path)
