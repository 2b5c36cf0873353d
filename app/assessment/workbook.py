"""The assessment table as a workbook a person would have made (openpyxl): a title row, styled
and frozen headers, widths fitted to Chinese text, counts as numbers, rates in percentage format,
a 合计 row, A4 landscape with the title and header rows repeated on every printed page (the look
is app/xlsx_style.py's, shared with the other workbooks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.assessment.columns import COLUMNS
from app.assessment.figures import UnitFigures
from app.assessment.table import total_row
from app.assessment.units import LEVELS
from app.xlsx_style import fit_widths, print_setup, save_book, write_headers, write_row, write_title
from db.engine import Database

TITLE_ROW, HEADER_ROW = 1, 2


def title_of(level: str, start: date, end: date) -> str:
    """'部门考核表（2025-10-01 至 2025-10-31）' — the last day counted, not the exclusive end."""
    last = date.fromordinal(end.toordinal() - 1)
    return f"{LEVELS[level]}考核表（{start.isoformat()} 至 {last.isoformat()}）"


def write_workbook(rows: list[UnitFigures], path: str | Path, *, level: str, start: date, end: date,
                   database: Database | None = None, principal: Principal = SYSTEM) -> Path:
    """Write the table to `path` (.xlsx); a path that cannot be written is one Chinese line.
    The acting `principal` needs report.export (a refusal is audited in `database`)."""
    require(database, principal, "report.export", entity="report")
    book = Workbook()
    sheet = book.active
    sheet.title = f"{LEVELS[level]}考核"
    write_table_sheet(sheet, rows, title_of(level, start, end))
    return save_book(book, path)


def write_table_sheet(sheet, rows: list[UnitFigures], title: str, *, omit: tuple[str, ...] = ()) -> None:
    """The table on `sheet`: title, frozen headers, one row per unit, the 合计 row, print setup;
    the fields in `omit` are left out."""
    columns = [column for column in COLUMNS if column[0] not in omit]
    headings = [heading for _name, heading, _kind in columns]
    kinds = [kind for _name, _heading, kind in columns]
    write_title(sheet, TITLE_ROW, title, len(columns))
    write_headers(sheet, HEADER_ROW, headings)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    for offset, row in enumerate(rows):
        write_row(sheet, HEADER_ROW + 1 + offset, [_cell_value(row, name) for name, _h, _k in columns], kinds)
    total = dict(zip((name for name, _h, _k in COLUMNS), _total_values(rows)))
    write_row(sheet, HEADER_ROW + 1 + len(rows), [total[name] for name, _h, _k in columns], kinds, total=True)
    texts = {column: [str(getattr(row, name)) for row in rows]
             for column, (name, _h, kind) in enumerate(columns, start=1) if kind == "text"}
    fit_widths(sheet, headings, kinds, texts)
    print_setup(sheet, f"{TITLE_ROW}:{HEADER_ROW}")


def _cell_value(row: UnitFigures, name: str):
    value = getattr(row, name)
    return "" if value is None and name == "grade" else value


def _total_values(rows: list[UnitFigures]) -> list:
    """The 合计 row (app/assessment/table.total_row) in the columns' order, grade left blank."""
    values = total_row(rows)
    return ["" if name == "grade" else values[name] for name, _h, _k in COLUMNS]
