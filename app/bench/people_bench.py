"""Benchmark of the resident ledger import: 100,000 rows against the bare read and the bare insert.

The sheet looks like a community's: a merged title row, sixteen columns, three residents per
household, valid ID numbers from `make_id`, dates as date cells. It is measured in two forms:
as Excel and WPS save it, text in a shared-strings table ("excel"), and as openpyxl writes it,
text inline ("openpyxl"). For each: the bare calamine read (`read_s`), the import's own reader
with its measuring scan (`our_read_s`), openpyxl's read-only read (`openpyxl_read_s`), then per
database the import (`import_s`), a bare bulk insert of the persons it stored (`insert_s`, see
bare_parts) and `ratio` = import ÷ (read + insert), target ≤ 1.3; `openpyxl_ratio` = import ÷
openpyxl's read, comparable with the figures from before calamine.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl

from app.bench.bare_parts import bare_insert_seconds, read_seconds
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.bench.shared_strings import to_shared_strings
from app.people.id_numbers import make_id
from app.people.importer import import_people
from app.people.service import PeopleService
from db.schema import Person, Region

ROWS = 100_000
GRIDS = 20
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
HEADER = ["姓名", "身份证号", "性别", "出生日期", "民族", "联系电话", "户籍地", "现住址", "人员类型", "与户主关系",
          "户号", "楼栋", "房号", "网格", "人员类别", "备注"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰红梅建国志强海燕金凤春梅德明文博子轩浩然欣怡"
_RELATIONS = ("户主", "配偶", "子", "女", "父亲", "母亲")
_CATEGORIES = ("", "", "", "", "", "", "", "", "低保对象", "残疾人", "独居空巢老人", "流动人口", "退役军人")


def run(pg_url: str | None = None) -> list[Metric]:
    """Import metrics for the sheet as openpyxl writes it and as Excel saves it, on SQLite and,
    when a server URL is given, on PostgreSQL."""
    with tempfile.TemporaryDirectory(prefix="gridcc-bench-people-") as folder:
        inline = Path(folder) / "ledger.xlsx"
        write_ledger(inline, ROWS)
        shared = Path(folder) / "ledger-excel.xlsx"
        to_shared_strings(inline, shared)
        metrics = [Metric("people_import.rows", ROWS, "rows")]
        for form, path in (("excel", shared), ("openpyxl", inline)):
            metrics += _measure_form(form, path, pg_url)
    return metrics


def _measure_form(form: str, path: Path, pg_url: str | None) -> list[Metric]:
    """One file form: the bare reads, then the import and the bare insert on each database."""
    prefix = f"people_import.{form}"
    reads = {reader: read_seconds(reader, path) for reader in ("calamine", "ours", "openpyxl")}
    metrics = [Metric(f"{prefix}.read_s", round(reads["calamine"], 2), "s"),
               Metric(f"{prefix}.our_read_s", round(reads["ours"], 2), "s"),
               Metric(f"{prefix}.openpyxl_read_s", round(reads["openpyxl"], 2), "s")]
    metrics += _measure(scratch_sqlite, path, reads, prefix)
    if pg_url:
        metrics += _measure(lambda: scratch_postgresql(pg_url), path, reads, f"{prefix}.pg")
    return metrics


def _measure(scratch, path: Path, reads: dict[str, float], prefix: str) -> list[Metric]:
    with scratch() as database:
        _add_grids(database)
        service = PeopleService(database, now=lambda: NOW, actor="bench")
        started = time.perf_counter()
        result = import_people(service, path)
        seconds = time.perf_counter() - started
        if result.imported != ROWS:
            raise RuntimeError(f"bench import: {result.imported} imported, {len(result.rejects)} rejected")
        insert = bare_insert_seconds(database, scratch, Person.__table__)
    return [Metric(f"{prefix}.import_s", round(seconds, 2), "s"),
            Metric(f"{prefix}.insert_s", round(insert, 2), "s"),
            Metric(f"{prefix}.ratio", round(seconds / (reads["calamine"] + insert), 2), "x"),
            Metric(f"{prefix}.openpyxl_ratio", round(seconds / reads["openpyxl"], 2), "x")]


def _add_grids(database) -> None:
    with database.write() as session:
        for n in range(GRIDS):
            session.add(Region(code=f"370202001001{n:03d}", name=f"第{n + 1}网格", level="grid"))


def write_ledger(path: Path, rows: int, *, seed: int = 11) -> None:
    """A community-style ledger of `rows` residents (title row merged over the header's width)."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("实有人口")
    sheet.append(["某街道某社区实有人口登记台账"])
    sheet.merged_cells.add("A1:P1")
    sheet.append(HEADER)
    used: set[str] = set()
    for n in range(rows):
        household = n // 3
        sex = rng.choice(("男", "女"))
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 80))
        id_number = make_id(f"3702{rng.randrange(10, 99)}", birth, rng.randrange(500), sex)
        while id_number in used:
            id_number = make_id(f"3702{rng.randrange(10, 99)}", birth, rng.randrange(500), sex)
        used.add(id_number)
        grid = household // 1700 % GRIDS
        building = f"{household // 60 % 40 + 1}号楼"
        sheet.append([
            rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))),
            id_number, sex, birth, "汉族", f"13{rng.randrange(10 ** 9):09d}", "山东省青岛市市南区",
            f"某路{household % 300 + 1}号", "户籍", _RELATIONS[n % 3], f"H{household:07d}", building,
            f"{household % 6 + 1}-{household % 30 + 101}", f"370202001001{grid:03d}", rng.choice(_CATEGORIES), "",
        ])
    workbook.save(path)
