"""How every workbook of the program looks, in one place: a bold merged title, styled headers,
thin borders, shaded totals rows, number formats by kind, widths fitted to Chinese text, A4
print setup with the title and header rows repeated, and saving with one Chinese line on failure.

Used by the assessment table, the docket's monthly table and the monthly 通报.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.cases.errors import CaseError
from app.cli.output import display_width
from app.imports.errors import why_not_written

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
#: number formats by column kind; a kind not listed is text
FORMATS = {
    "count": "0", "rate": "0.0%", "hours": "0.0", "score": "0.0", "amount": "#,##0.00", "decimal": "0.0",
    "change": "+0.0%;-0.0%;0.0%", "points": '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"',
    "datetime": "yyyy-mm-dd hh:mm", "date": "yyyy-mm-dd",
}


def write_title(sheet, row: int, text: str, width: int) -> None:
    """A bold title merged across `width` columns."""
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(1, width))
    sheet.row_dimensions[row].height = 24


def write_headers(sheet, row: int, headings, *, height: float = 32) -> None:
    """Bold, shaded, bordered, wrapped header cells."""
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[row].height = height


def write_row(sheet, row: int, values, kinds, *, total: bool = False) -> None:
    """One bordered row; numbers keep their kind's format; a totals row bold and shaded.

    Each look (kind, total) is built once per workbook and copied to the cells that share it:
    setting font, border and fill cell by cell makes openpyxl hash its style objects every time,
    which took seconds for the 通报's thousand rows."""
    looks = _looks(sheet.parent)
    for column, (value, kind) in enumerate(zip(values, kinds), start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        key = (kind if kind in FORMATS else "text", total)
        look = looks.get(key)
        if look is None:
            cell.border = BORDER
            if kind in FORMATS:
                cell.number_format = FORMATS[kind]
            if total:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
            looks[key] = copy(cell._style)
        else:
            cell._style = copy(look)


def _looks(book) -> dict:
    """The cell looks already built for this workbook, kept on the workbook itself."""
    looks = getattr(book, "_gridcc_looks", None)
    if looks is None:
        looks = book._gridcc_looks = {}
    return looks


def fit_widths(sheet, headings, kinds, text_columns: dict[int, list[str]], *, widest: int = 40) -> None:
    """Each column as wide as its widest text (CJK characters count double); number columns as
    wide as their heading, wrapped past 12."""
    for column, (heading, kind) in enumerate(zip(headings, kinds), start=1):
        width = display_width(heading) if kind == "text" else min(display_width(heading), 12)
        texts = text_columns.get(column, [])
        width = max([width, 4] + [display_width(text) for text in texts])
        if kind == "datetime":
            width = max(width, 16)
        sheet.column_dimensions[get_column_letter(column)].width = min(widest, max(8, width + 2))


def print_setup(sheet, title_rows: str, *, landscape: bool = True) -> None:
    """A4, fitted to the page width, the given rows ('1:2') repeated on every printed page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True


def save_book(book, path: str | Path) -> Path:
    """Save the workbook; a path that cannot be written is one Chinese line."""
    path = Path(path)
    try:
        book.save(path)
    except OSError as exc:
        raise CaseError(f"无法写入文件“{path}”：{why_not_written(exc)}") from None
    return path
