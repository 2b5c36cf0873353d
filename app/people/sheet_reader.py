"""Reading a community's resident sheet fast, merged cells included.

Rows stream from `app.imports.xlsx_book`, which (like openpyxl's read-only mode) gives values,
not merged ranges, and ledgers merge cells all the time: a title over the whole width, a header
cell over two header rows ("联系方式" over 手机/固话), one 户号 or 地址 over every member of a
household. The ranges are read straight from the sheet's XML (`<mergeCell ref="A3:A6"/>`, after
the cell data), and a merged value is copied to every cell of its range as the rows stream past.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

from app.imports.table_reader import ImportFileError, alias_index, corrupt_xlsx, normalise_label
from app.imports.cell_parsers import is_blank
from app.imports.background_rows import BackgroundReader, rows_after
from app.imports.xlsx_book import UnreadableWorkbook, Workbook, Worksheet, open_xlsx

HEADER_SEARCH_ROWS = 20
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')
_CHUNK = 1 << 20

Merge = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row (1-based, inclusive)


@dataclass(frozen=True)
class LedgerSheet:
    """Where the ledger is: its sheet, its header labels and the field of each column."""

    sheet_name: str
    header_row: int
    labels: tuple[str, ...]
    positions: dict[str, int]


def merged_ranges(sheet: Worksheet) -> list[Merge]:
    """The merged ranges of a worksheet, read from its XML without building cells."""
    source = sheet.open_xml()
    found: list[Merge] = []
    tail = b""
    with source:
        while True:
            chunk = source.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            cut = data.rfind(b"<")
            if b"mergeCell" in data:  # a plain search first: the cell data before the ranges is most of the file
                for match in _MERGE_REF.finditer(data, 0, cut if cut > 0 else len(data)):
                    found.append(range_boundaries(match.group(1).decode()))
            tail = data[cut:] if cut > 0 else b""
    for match in _MERGE_REF.finditer(tail):
        found.append(range_boundaries(match.group(1).decode()))
    return found


def fill_merged(rows: Iterator[tuple[int, Sequence]], merges: list[Merge]) -> Iterator[tuple[int, Sequence]]:
    """Numbered rows with every merged cell holding its range's top-left value.

    Rows that no range covers pass through untouched, so a sheet without merges costs nothing.
    """
    starts: dict[int, list[Merge]] = {}
    for merge in merges:
        starts.setdefault(merge[1], []).append(merge)
    active: list[tuple[Merge, object]] = []
    for number, cells in rows:
        if active:
            active = [(m, v) for m, v in active if m[3] >= number]
        beginning = starts.get(number)
        if not active and not beginning:
            yield number, cells
            continue
        cells = list(cells)
        for merge in beginning or ():
            value = cells[merge[0] - 1] if merge[0] - 1 < len(cells) else None
            active.append((merge, value))
        for (min_col, _, max_col, _), value in active:
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            for col in range(min_col - 1, max_col):
                cells[col] = value
        yield number, cells


def open_workbook(path: Path) -> Workbook:
    """The workbook, open for reading; ImportFileError for a missing or unreadable file."""
    if path.suffix.lower() != ".xlsx":
        raise ImportFileError(f"不支持的文件类型“{path.name}”：人员台账只能从 .xlsx 文件导入")
    if not path.is_file():
        raise ImportFileError(f"找不到文件“{path}”")
    try:
        return open_xlsx(path)
    except UnreadableWorkbook as exc:
        raise corrupt_xlsx(path.name) from exc


def top_rows(sheet: Worksheet, file_name: str) -> list[tuple[int, Sequence]]:
    """The first rows of a sheet, where the header must be (merged cells not yet filled)."""
    rows = sheet.rows()
    try:
        return list(islice(rows, HEADER_SEARCH_ROWS))
    except Exception as exc:  # a truncated part, bad XML, a cell that is not what its type says
        raise corrupt_xlsx(file_name) from exc
    finally:
        rows.close()


def sheet_rows(sheet: Worksheet, merges: list[Merge], top: list[tuple[int, Sequence]], file_name: str,
               reader: BackgroundReader | None = None) -> Iterator[tuple[int, Sequence]]:
    """Every numbered row with merged cells filled in: the top rows already read, then the rest
    (from the reader's second process when there is one). ImportFileError when the sheet's XML
    turns out broken part way; the import then changes nothing."""
    try:
        yield from fill_merged(chain(top, rows_after(sheet, len(top), reader)), merges)
    except Exception as exc:
        raise corrupt_xlsx(file_name) from exc



def find_ledger_header(top: list[tuple[int, Sequence]], aliases: dict[str, str],
                       required: tuple[str, ...]) -> tuple[int, dict[str, int], tuple[str, ...]] | None:
    """The header among the top rows: the first naming every required field.

    A second header row right below (手机/固话 under a merged 联系方式) refines the columns it
    names. Returns (last header row number, field positions, labels) or None.
    """
    for index, (number, cells) in enumerate(top):
        positions = _positions(cells, aliases)
        if not all(field in positions for field in required):
            continue
        labels = [_label(cell) for cell in cells]
        if index + 1 < len(top):
            below_number, below = top[index + 1]
            below_positions = _positions(below, aliases)
            if below_positions and _looks_like_header(below, aliases):
                for field, position in below_positions.items():
                    stale = [f for f, p in positions.items() if p == position]
                    for old in stale:
                        del positions[old]
                    positions.setdefault(field, position)
                labels = [_label(cell) or (labels[i] if i < len(labels) else "") for i, cell in enumerate(below)]
                number = below_number
        return number, positions, tuple(labels)
    return None


def _positions(cells: Sequence, aliases: dict[str, str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, cell in enumerate(cells):
        field = aliases.get(normalise_label(cell)) if isinstance(cell, str) else None
        if field is not None:
            positions.setdefault(field, position)
    return positions


def _looks_like_header(cells: Sequence, aliases: dict[str, str]) -> bool:
    """True when every non-blank cell of the row is text and at least half are known labels."""
    texts = [cell for cell in cells if not is_blank(cell)]
    if not texts or not all(isinstance(cell, str) for cell in texts):
        return False
    known = sum(1 for cell in texts if normalise_label(cell) in aliases)
    return known * 2 >= len(texts)


def _label(cell) -> str:
    return "" if cell is None else str(cell).strip()


__all__ = ["LedgerSheet", "alias_index", "fill_merged", "find_ledger_header", "merged_ranges", "open_workbook",
           "sheet_rows", "top_rows"]
