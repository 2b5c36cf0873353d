"""The monthly 矛盾纠纷排查调处情况表 as a formatted workbook (openpyxl): two sheets, by type and
by level, each with the month and the year to date; styled headings, frozen panes, widths,
numbers stored as numbers, 小计 rows in bold."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.cases.errors import CaseError
from app.mediation.statistics import COLUMNS, MonthlyTable, StatRow

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEADER_ROW = 4


def write_workbook(table: MonthlyTable, path: str | Path) -> Path:
    """Write the table to `path` (.xlsx); a path that cannot be written is one Chinese line."""
    path = Path(path)
    book = Workbook()
    by_type = book.active
    by_type.title = "按纠纷类型"
    _sheet(by_type, table, "纠纷类型", table.by_type, table.by_type_year)
    _sheet(book.create_sheet("按调处层级"), table, "调处层级", table.by_level, table.by_level_year)
    try:
        book.save(path)
    except OSError as exc:
        raise CaseError(f"无法写入文件“{path}”：{exc.strerror or exc}") from None
    return path


def _sheet(sheet, table: MonthlyTable, first: str, month_rows: list[StatRow], year_rows: list[StatRow]) -> None:
    width = len(COLUMNS) + 2
    sheet.cell(row=1, column=1, value=f"矛盾纠纷排查调处情况表（{table.year}年{table.month}月）").font = Font(
        bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    s, y = table.screening, table.screening_year
    sheet.cell(row=2, column=1, value=(
        f"本月排查次数 {s.reports}，排查发现纠纷 {s.found} 件，预防纠纷 {s.prevented} 件；"
        f"年度累计排查次数 {y.reports}，发现 {y.found} 件，预防 {y.prevented} 件"))
    headings = ["统计期间", first] + [label for _key, label in COLUMNS]
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[_HEADER_ROW].height = 45
    row_number = _HEADER_ROW + 1
    for period, rows in (("本月", month_rows), ("年度累计", year_rows)):
        for stat in rows:
            _write_row(sheet, row_number, period, stat)
            row_number += 1
    sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=3)
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 14
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12


def _write_row(sheet, row_number: int, period: str, stat: StatRow) -> None:
    total = stat.label == "小计"
    cells = [period, stat.label] + [stat.values[key] for key, _label in COLUMNS]
    for column, value in enumerate(cells, start=1):
        cell = sheet.cell(row=row_number, column=column, value=value)
        cell.border = _BORDER
        if total:
            cell.font = Font(bold=True)
            cell.fill = _TOTAL_FILL
        if column > 2:
            key = COLUMNS[column - 3][0]
            cell.number_format = "0.0" if key == "success_rate" else ("#,##0.00" if key == "amount" else "0")
