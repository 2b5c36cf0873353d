"""The monthly 矛盾纠纷排查调处情况表 as a formatted workbook (openpyxl): two sheets, by type and
by level, each with the month and the year to date; styled headings, frozen panes, widths,
numbers stored as numbers, 小计 rows in bold (the look is app/xlsx_style.py's)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.mediation.statistics import COLUMNS, MonthlyTable, StatRow
from app.xlsx_style import print_setup, save_book, write_headers, write_row, write_title
from db.engine import Database

HEADER_ROW = 4
_KINDS = ["text", "text"] + ["decimal" if key == "success_rate" else "amount" if key == "amount" else "count"
                             for key, _label in COLUMNS]


def write_workbook(table: MonthlyTable, path: str | Path, *, database: Database | None = None,
                   principal: Principal = SYSTEM) -> Path:
    """Write the table to `path` (.xlsx); a path that cannot be written is one Chinese line.
    The acting `principal` needs report.export (a refusal is audited in `database`)."""
    require(database, principal, "report.export", entity="report")
    book = Workbook()
    by_type = book.active
    by_type.title = "按纠纷类型"
    write_sheet(by_type, table, "纠纷类型", table.by_type, table.by_type_year)
    write_sheet(book.create_sheet("按调处层级"), table, "调处层级", table.by_level, table.by_level_year)
    return save_book(book, path)


def write_sheet(sheet, table: MonthlyTable, first: str, month_rows: list[StatRow], year_rows: list[StatRow]) -> None:
    """One section of the table (by type or by level) on `sheet`, month then year to date."""
    width = len(COLUMNS) + 2
    write_title(sheet, 1, f"矛盾纠纷排查调处情况表（{table.year}年{table.month}月）", width)
    s, y = table.screening, table.screening_year
    sheet.cell(row=2, column=1, value=(
        f"本月排查次数 {s.reports}，排查发现纠纷 {s.found} 件，预防纠纷 {s.prevented} 件；"
        f"年度累计排查次数 {y.reports}，发现 {y.found} 件，预防 {y.prevented} 件"))
    write_headers(sheet, HEADER_ROW, ["统计期间", first] + [label for _key, label in COLUMNS], height=45)
    row_number = HEADER_ROW + 1
    for period, rows in (("本月", month_rows), ("年度累计", year_rows)):
        for stat in rows:
            values = [period, stat.label] + [stat.values[key] for key, _label in COLUMNS]
            write_row(sheet, row_number, values, _KINDS, total=stat.label == "小计")
            row_number += 1
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 14
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    print_setup(sheet, f"1:{HEADER_ROW}")
