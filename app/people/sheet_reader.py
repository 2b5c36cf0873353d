"""Finding a community's resident ledger in a spreadsheet or CSV file and streaming its rows.

The reading itself is app.imports (python-calamine for every spreadsheet format, the CSV
reader for text files); this module is what the ledger import asks of it: the file opened, the
top rows where the header must be, the ledger's header found among them by the one header
finder every import shares (a row naming 姓名 and 身份证号, refined by a second header row such
as 手机/固话 under a merged 联系方式), and every row after it with merged cells filled in — one
户号 or 地址 merged over the members of a household reaches each of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path

from app.imports.spreadsheet import Merge, NumberedRow, Progress, fill_merged, open_spreadsheet
from app.imports.table_reader import HEADER_SEARCH_ROWS, alias_index, find_header

__all__ = ["HEADER_SEARCH_ROWS", "alias_index", "fill_merged", "find_ledger_header", "merged_ranges",
           "open_workbook", "sheet_rows", "top_rows"]


def open_workbook(path: Path, *, progress: Progress | None = None):
    """The ledger file, open for reading (any supported spreadsheet or CSV); ImportFileError for a
    missing, unsupported, oversized or damaged file. `progress(rows read, total)` hears how far
    the reading has come."""
    return open_spreadsheet(path, progress=progress)


def merged_ranges(sheet) -> list[Merge]:
    """The merged ranges of a sheet (1-based min_col, min_row, max_col, max_row)."""
    return sheet.merges()


def top_rows(sheet, file_name: str) -> list[NumberedRow]:
    """The first rows of a sheet, where the header must be (merged cells not yet filled)."""
    return list(islice(sheet.rows(), HEADER_SEARCH_ROWS))


def sheet_rows(sheet, merges: list[Merge], top: list[NumberedRow], file_name: str) -> Iterator[NumberedRow]:
    """Every numbered row with merged cells filled in: the top rows already read, then the rest."""
    return fill_merged(chain(top, sheet.rows(skip=len(top))), merges)


def find_ledger_header(top: list[NumberedRow], aliases: dict[str, str],
                       required: tuple[str, ...]) -> tuple[int, dict[str, int], tuple[str, ...]] | None:
    """The ledger's header among the top rows: the first naming every required field.

    Returns (last header row number, field positions, labels) or None.
    """
    header = find_header(top, aliases, anchors=required, min_matches=len(required))
    return None if header is None else (header.row_number, header.positions, header.labels)
