"""Read a table from a spreadsheet or CSV file: find its header row and return its rows by column.

Spreadsheets kept by hotlines and communities carry title rows above the header, Chinese or
English column names with synonyms, full-width characters, merged cells and blank rows; this
module hides all of that behind named fields so that importers only validate values. It holds
the one header finder every import uses (the same depth, HEADER_SEARCH_ROWS, everywhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from app.imports.cell_parsers import clean_text, is_blank, to_halfwidth
from app.imports.errors import ImportFileError
from app.imports.spreadsheet import NumberedRow, Progress, fill_merged, open_spreadsheet

HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 3

_LABEL_NOISE = re.compile(r"\(.*?\)|[\s*_\-.:]")

__all__ = ["ColumnSpec", "Header", "ImportFileError", "Table", "TableRow", "alias_index", "find_header",
           "normalise_label", "read_table", "sheet_for"]


@dataclass(frozen=True, kw_only=True)
class ColumnSpec:
    """A column a table may carry: the field it fills, its Chinese label and the names it goes by."""

    field: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True, kw_only=True)
class TableRow:
    """A non-blank data row: its number as the user sees it in Excel, and its cells by field."""

    row_number: int
    values: dict[str, object]

    def get(self, field: str) -> object:
        """The cell of ``field`` in this row, or None when the file has no such column."""
        return self.values.get(field)


@dataclass(frozen=True, kw_only=True)
class Table:
    """The rows of a file below its header, with where the header was and which fields it has."""

    header_row_number: int
    fields: frozenset[str]
    rows: list[TableRow]
    sheet_name: str = ""


@dataclass(frozen=True)
class Header:
    """A header found: its (last) row number, each field's column position, and the labels as written."""

    row_number: int
    positions: dict[str, int]
    labels: tuple[str, ...]


def normalise_label(text: object) -> str:
    """Fold a column name for matching: half-width, lower case, no spaces, marks or bracketed notes.

    "  工单编号* ", "External_No" and "经度（WGS84）" become "工单编号", "externalno" and "经度".
    """
    return _LABEL_NOISE.sub("", to_halfwidth(clean_text(text)).lower())


def read_table(path: str | Path, columns: Sequence[ColumnSpec], *, sheet: str | None = None,
               progress: Progress | None = None) -> Table:
    """Read the sheet of ``path`` that has a recognisable header and return its data rows.

    The header is the first of the top HEADER_SEARCH_ROWS rows naming at least three known
    columns; unknown columns are ignored, merged cells filled and blank rows skipped. Without
    ``sheet`` the visible sheets are tried, the active one first. Raises ImportFileError when the
    file cannot be read, has no such header, or lacks a required column.
    """
    path = Path(path)
    aliases = alias_index(columns)
    book = open_spreadsheet(path, progress=progress)
    try:
        for candidate in sheet_for(book, path, sheet):
            top = list(islice(candidate.rows(), HEADER_SEARCH_ROWS))
            merges = candidate.merges()
            header = find_header(fill_merged(top, merges), aliases)
            if header is None:
                continue
            _require_columns(path, header, columns)
            below = fill_merged(chain(top, candidate.rows(skip=len(top))), merges)
            rows = [_table_row(number, cells, header.positions) for number, cells in below
                    if number > header.row_number and not _is_blank_row(cells)]
            return Table(header_row_number=header.row_number, fields=frozenset(header.positions), rows=rows,
                         sheet_name=candidate.title)
    finally:
        book.close()
    examples = "、".join(column.label for column in columns if column.required)
    raise ImportFileError(
        f"文件“{path.name}”的前{HEADER_SEARCH_ROWS}行中找不到表头："
        f"表头行至少要有{MIN_HEADER_MATCHES}个可识别的列名，如{examples}"
    )


def sheet_for(book, path: Path, sheet: str | None) -> list:
    """The sheets to look in: the one named (hidden or not), else the book's default ones."""
    if sheet is None:
        return book.worksheets
    try:
        return [book[sheet]]
    except KeyError:
        raise ImportFileError(
            f"文件“{path.name}”中没有名为“{sheet}”的工作表（有：{'、'.join(book.sheetnames)}）") from None


def alias_index(columns: Sequence[ColumnSpec]) -> dict[str, str]:
    """Map every normalised column name (label, field and aliases) to its field.

    Raises ValueError when two fields claim the same name, a mistake in the column table.
    """
    index: dict[str, str] = {}
    for column in columns:
        for name in (column.label, column.field, *column.aliases):
            key = normalise_label(name)
            if index.setdefault(key, column.field) != column.field:
                raise ValueError(f"column name {name!r} claimed by {index[key]!r} and {column.field!r}")
    return index


def find_header(rows: Iterable[NumberedRow], aliases: dict[str, str], *, anchors: Sequence[str] = (),
                min_matches: int = MIN_HEADER_MATCHES) -> Header | None:
    """The header among the top rows: the first naming ``min_matches`` known columns, ``anchors`` among them.

    A second header row right below (手机/固话 under a merged 联系方式) refines the columns it names.
    """
    top = list(islice(rows, HEADER_SEARCH_ROWS))
    for index, (number, cells) in enumerate(top):
        positions = _positions(cells, aliases)
        if len(positions) < min_matches or not all(field in positions for field in anchors):
            continue
        labels = [_label(cell) for cell in cells]
        if index + 1 < len(top):
            below_number, below = top[index + 1]
            below_positions = _positions(below, aliases)
            if below_positions and _looks_like_header(below, aliases):
                for field, position in below_positions.items():
                    for old in [f for f, p in positions.items() if p == position]:
                        del positions[old]
                    positions.setdefault(field, position)
                labels = [_label(cell) or (labels[i] if i < len(labels) else "") for i, cell in enumerate(below)]
                number = below_number
        return Header(number, positions, tuple(labels))
    return None


def _positions(cells: Sequence, aliases: dict[str, str]) -> dict[str, int]:
    """Each known field's column position in a row (the first column naming it wins)."""
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
    return cell.strip() if isinstance(cell, str) else ""


def _require_columns(path: Path, header: Header, columns: Sequence[ColumnSpec]) -> None:
    """Raise ImportFileError naming every required column the header lacks."""
    missing = [column.label for column in columns if column.required and column.field not in header.positions]
    if missing:
        raise ImportFileError(
            f"文件“{path.name}”缺少必需的列：{'、'.join(missing)}（表头在第{header.row_number}行）"
        )


def _is_blank_row(cells: Sequence[object]) -> bool:
    """True when every cell of a raw row is empty or white space."""
    return all(is_blank(cell) for cell in cells)


def _table_row(number: int, cells: Sequence[object], positions: dict[str, int]) -> TableRow:
    """Pick the known columns out of a raw row; short rows simply lack their last cells."""
    values = {
        field: cells[position] if position < len(cells) else None for field, position in positions.items()
    }
    return TableRow(row_number=number, values=values)
