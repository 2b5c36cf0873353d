"""The two bare parts an import is measured against: reading the sheet and inserting its rows.

An import reads a file and stores rows; what it adds on top of those two is its own cost
(finding the header, checking every cell, places, history). So the import benchmarks print
the bare calamine read of the sheet (in a fresh process, as a user's first import would run,
best of two), a bare bulk insert of the very rows the import stored (copied out of the imported
database and inserted with db/bulk.py into a fresh one), and the ratio import ÷ (read + insert).
openpyxl's read-only read is timed the same way, for comparison with figures from before calamine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from sqlalchemy import Table, select

from app.people.search_keys import number_keys
from db.bulk import insert_rows
from db.engine import Database

_READERS = {
    "calamine": (
        "from python_calamine import CalamineWorkbook\n"
        "book = CalamineWorkbook.from_path(path)\n"
        "for row in book.get_sheet_by_index(0).iter_rows(): pass\n"),
    "openpyxl": (
        "import openpyxl\n"
        "book = openpyxl.load_workbook(path, read_only=True, data_only=True)\n"
        "for row in book.worksheets[0].iter_rows(values_only=True): pass\n"),
    "ours": (
        "from app.imports.spreadsheet import open_spreadsheet\n"
        "book = open_spreadsheet(path)\n"
        "for row in book.worksheets[0].rows(): pass\n"),
}
_TIMER = "import sys, time\npath = sys.argv[1]\nstarted = time.perf_counter()\n{body}print(time.perf_counter() - started)\n"


def read_seconds(reader: str, path: Path) -> float:
    """Seconds `reader` ("calamine", "openpyxl" or "ours": the import's reader with its measuring
    scan) takes to read every row of the file's first sheet: best of two fresh processes."""
    code = _TIMER.format(body=_READERS[reader])
    times = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                              cwd=Path(__file__).resolve().parents[2])
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return min(times)


def bare_insert_seconds(imported: Database, fresh: Callable[[], AbstractContextManager[Database]],
                        table: Table) -> float:
    """Seconds a bare bulk insert (insert_rows, one transaction) of every row the import stored
    in `table` takes in a fresh database. References to other tables are left empty where they
    may be and otherwise mapped by code to the fresh database's own rows (its seeded categories)."""
    with imported.read() as session:
        rows = [dict(row._mapping) for row in session.execute(select(table))]
        codes = _reference_codes(session, table, inverse=False)
    if "id_hash" in table.c:  # a sealed file's keyed hashes are its own key's: computed anew, as the import does
        for row in rows:
            row.update(number_keys(row["id_number"], row["phone"]))
    with fresh() as database:
        with database.read() as session:
            targets = _reference_codes(session, table, inverse=True)
        for row in rows:
            for column in table.columns:
                if column.foreign_keys:
                    row[column.name] = _mapped(column, row[column.name], codes, targets)
        started = time.perf_counter()
        with database.write() as session:
            insert_rows(session, table, rows)
        return time.perf_counter() - started


def _reference_codes(session, table: Table, *, inverse: bool) -> dict[str, dict]:
    """For each required reference column: {id: code} (or {code: id}) of the table it points to."""
    found = {}
    for column in table.columns:
        if not column.foreign_keys or column.nullable:
            continue
        target = next(iter(column.foreign_keys)).column.table
        pairs = session.execute(select(target.c.id, target.c.code)).all()
        found[column.name] = {code: id_ for id_, code in pairs} if inverse else dict(pairs)
    return found


def _mapped(column, value, codes: dict, targets: dict):
    if column.nullable:
        return None
    return targets[column.name][codes[column.name][value]]
