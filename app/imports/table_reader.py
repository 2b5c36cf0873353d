"""Read a table from an .xlsx or .csv file: find its header row and return its rows by column.

Spreadsheets kept by hotlines and communities carry title rows above the header, Chinese or
English column names with synonyms, full-width characters and blank rows; this module hides all
of that behind named fields so that importers only validate values.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from app.imports.cell_parsers import clean_text, is_blank, to_halfwidth
from app.imports.xlsx_book import UnreadableWorkbook, Worksheet, open_xlsx

HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 3
SUPPORTED_SUFFIXES = (".xlsx", ".xls", ".csv")

_LABEL_NOISE = re.compile(r"\(.*?\)|[\s*_\-.:]")

RawRow = tuple[int, Sequence[object]]


class ImportFileError(Exception):
    """A file that cannot be imported at all: unreadable, of a wrong type, or lacking columns.

    The message is Chinese and names the file, ready to show to the user.
    """


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


def normalise_label(text: object) -> str:
    """Fold a column name for matching: half-width, lower case, no spaces, marks or bracketed notes.

    "  工单编号* ", "External_No" and "经度（WGS84）" become "工单编号", "externalno" and "经度".
    """
    return _LABEL_NOISE.sub("", to_halfwidth(clean_text(text)).lower())


def read_table(path: str | Path, columns: Sequence[ColumnSpec]) -> Table:
    """Read the first sheet of ``path`` that has a recognisable header and return its data rows.

    The header is the first of the top ten rows naming at least three known columns; unknown
    columns are ignored and blank rows skipped. Raises ImportFileError when the file cannot be
    read, has no such header, or lacks a required column.
    """
    path = Path(path)
    aliases = alias_index(columns)
    with _open_sheets(path) as sheets:
        for sheet in sheets:
            top = list(islice(sheet, HEADER_SEARCH_ROWS))
            header = _find_header(top, aliases)
            if header is None:
                continue
            header_number, positions = header
            _require_columns(path, header_number, positions, columns)
            below = chain((row for row in top if row[0] > header_number), sheet)
            rows = [
                _table_row(number, cells, positions) for number, cells in below if not _is_blank_row(cells)
            ]
            return Table(header_row_number=header_number, fields=frozenset(positions), rows=rows)
    examples = "、".join(column.label for column in columns if column.required)
    raise ImportFileError(
        f"文件“{path.name}”的前{HEADER_SEARCH_ROWS}行中找不到表头："
        f"表头行至少要有{MIN_HEADER_MATCHES}个可识别的列名，如{examples}"
    )


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


def _find_header(rows: Iterable[RawRow], aliases: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    """The first row naming enough known columns, with each field's column position (first wins)."""
    for number, cells in rows:
        positions: dict[str, int] = {}
        for position, cell in enumerate(cells):
            field = aliases.get(normalise_label(cell))
            if field is not None:
                positions.setdefault(field, position)
        if len(positions) >= MIN_HEADER_MATCHES:
            return number, positions
    return None


def _require_columns(
    path: Path, header_number: int, positions: dict[str, int], columns: Sequence[ColumnSpec]
) -> None:
    """Raise ImportFileError naming every required column the header lacks."""
    missing = [column.label for column in columns if column.required and column.field not in positions]
    if missing:
        raise ImportFileError(
            f"文件“{path.name}”缺少必需的列：{'、'.join(missing)}（表头在第{header_number}行）"
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


@contextmanager
def _open_sheets(path: Path) -> Iterator[Iterator[Iterator[RawRow]]]:
    """Yield an iterator over the file's sheets, each an iterator of numbered raw rows.

    A CSV file counts as two sheets, split on comma and on tab, so the header picks the delimiter.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(f"不支持的文件类型“{path.name}”：只能导入 .xlsx、.xls 或 .csv 文件")
    if not path.is_file():
        raise ImportFileError(f"找不到文件“{path}”")
    if suffix == ".csv":
        text = _read_csv_text(path)
        yield (_csv_rows(path, text, delimiter) for delimiter in _delimiters_to_try(text))
        return
    if suffix == ".xls":
        yield _xls_sheets(path)
        return
    try:
        workbook = open_xlsx(path)
    except UnreadableWorkbook as exc:
        raise corrupt_xlsx(path.name) from exc
    try:
        yield (_xlsx_rows(path, sheet) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def _xls_sheets(path: Path) -> Iterator[Iterator[RawRow]]:
    """The sheets of an old Excel 97–2003 .xls file, read by python-calamine."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in workbook.sheet_names]
    except Exception as exc:  # calamine raises its own errors and ValueError for damaged files
        raise ImportFileError(f"无法读取Excel文件“{path.name}”：文件已损坏，或不是 .xls 格式") from exc
    return (iter(list(enumerate(rows, start=1))) for rows in sheets)


def _xlsx_rows(path: Path, sheet: Worksheet) -> Iterator[RawRow]:
    """Numbered rows of one worksheet; any parse failure mid-sheet becomes an ImportFileError."""
    try:
        yield from sheet.rows()
    except Exception as exc:
        raise corrupt_xlsx(path.name) from exc


def corrupt_xlsx(file_name: str) -> ImportFileError:
    """The error for an .xlsx file that cannot be read (shared by every importer)."""
    return ImportFileError(f"无法读取Excel文件“{file_name}”：文件已损坏，或不是 .xlsx 格式")


def _read_csv_text(path: Path) -> str:
    """The decoded text of a CSV file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取文件“{path.name}”：{exc.strerror}") from exc
    return _decode_csv(data, path)


def _csv_rows(path: Path, text: str, delimiter: str) -> Iterator[RawRow]:
    """Numbered records of CSV text split on ``delimiter``; a malformed record is an ImportFileError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ImportFileError(f"无法读取CSV文件“{path.name}”：第{reader.line_num}行格式错误") from exc


def _decode_csv(data: bytes, path: Path) -> str:
    """Text of a CSV file, trying a BOM first, then UTF-8, then GB18030 (Excel's Chinese default)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, raw in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(f"无法识别CSV文件“{path.name}”的字符编码：请另存为UTF-8或GB18030编码")


def _delimiters_to_try(text: str) -> tuple[str, str]:
    """Comma and tab, the one splitting the top rows into more columns first.

    Each is tried in turn as if it were a sheet, so the header decides when commas inside a
    tab-separated file (or the reverse) make the count misleading.
    """
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])

    def widest(delimiter: str) -> int:
        return max((len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)), default=0)

    return ("\t", ",") if widest("\t") > widest(",") else (",", "\t")
