"""The assessment table as a workbook a person would have made (openpyxl): a title row, styled
and frozen headers, widths fitted to Chinese text, counts as numbers, rates in percentage format,
a 合计 row, A4 landscape with the title and header rows repeated on every printed page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.assessment.columns import COLUMNS
from app.assessment.figures import UnitFigures
from app.assessment.table import total_row
from app.assessment.units import LEVELS
from app.cases.errors import CaseError
from app.cli.output import display_width

_FORMATS = {"count": "0", "rate": "0.0%", "hours": "0.0", "score": "0.0"}
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_ROW, HEADER_ROW = 1, 2


def title_of(level: str, start: date, end: date) -> str:
    """'部门考核表（2025-10-01 至 2025-10-31）' — the last day counted, not the exclusive end."""
    last = date.fromordinal(end.toordinal() - 1)
    return f"{LEVELS[level]}考核表（{start.isoformat()} 至 {last.isoformat()}）"


def write_workbook(rows: list[UnitFigures], path: str | Path, *, level: str, start: date, end: date) -> Path:
    """Write the table to `path` (.xlsx); a path that cannot be written is one Chinese line."""
    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{LEVELS[level]}考核"
    _title(sheet, title_of(level, start, end))
    _headers(sheet)
    for offset, row in enumerate(rows):
        _write(sheet, HEADER_ROW + 1 + offset, [_cell_value(row, name) for name, _h, _k in COLUMNS], total=False)
    _write(sheet, HEADER_ROW + 1 + len(rows), _total_values(rows), total=True)
    _fit_widths(sheet, rows)
    _print_setup(sheet)
    try:
        book.save(path)
    except OSError as exc:
        raise CaseError(f"无法写入文件“{path}”：{exc.strerror or exc}") from None
    return path


def _title(sheet, title: str) -> None:
    cell = sheet.cell(row=TITLE_ROW, column=1, value=title)
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(COLUMNS))
    sheet.row_dimensions[TITLE_ROW].height = 24


def _headers(sheet) -> None:
    for column, (_name, heading, _kind) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


def _write(sheet, row_number: int, values: list, *, total: bool) -> None:
    for column, (value, (_name, _heading, kind)) in enumerate(zip(values, COLUMNS), start=1):
        cell = sheet.cell(row=row_number, column=column, value=value)
        cell.border = _BORDER
        if kind in _FORMATS:
            cell.number_format = _FORMATS[kind]
        if total:
            cell.font = Font(bold=True)
            cell.fill = _TOTAL_FILL


def _cell_value(row: UnitFigures, name: str):
    value = getattr(row, name)
    return "" if value is None and name == "grade" else value


def _total_values(rows: list[UnitFigures]) -> list:
    """The 合计 row (app/assessment/table.total_row) in the columns' order, grade left blank."""
    values = total_row(rows)
    return ["" if name == "grade" else values[name] for name, _h, _k in COLUMNS]


def _fit_widths(sheet, rows: list[UnitFigures]) -> None:
    """Each column as wide as its widest text (CJK characters count double), within reason."""
    for column, (name, heading, kind) in enumerate(COLUMNS, start=1):
        widest = display_width(heading) if kind == "text" else min(display_width(heading), 12)
        if kind == "text":
            widest = max([widest, 4] + [display_width(str(getattr(row, name))) for row in rows])
        sheet.column_dimensions[get_column_letter(column)].width = min(40, max(8, widest + 2))


def _print_setup(sheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
