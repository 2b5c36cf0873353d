"""Measuring a spreadsheet before it is read, so that no file can exhaust the machine.

python-calamine builds a sheet as one dense block of rows × columns in memory, and a failed
allocation in its Rust code aborts the whole process (the desktop with it): a cell at
XFD1048576 beside one at A1 asks for 500 GB, a shared-strings table that claims two billion
entries for 48 GB. So a zipped workbook (.xlsx, .xlsm, .xlsb, .ods) is checked first — every
part's unpacked size and compression ratio, the shared-strings count — and an .xlsx sheet's
XML is scanned once, streaming, for the extent of its rows and columns. The same scan notes
what calamine does not report: error cells (#DIV/0! …, which it reads as empty) and NUL
characters (which PostgreSQL refuses). Past a limit the file is refused with one line.

.xls is a fixed-size format (at most 65,536 rows × 256 columns) and is only held to the file
size limit.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_ROWS = 2_000_000
MAX_COLUMNS = 500
MAX_CELLS = 30_000_000  # about 1 GB in calamine's dense block
MAX_PART_BYTES = 1 << 30
MAX_FILE_BYTES = 1 << 30
MAX_SHARED_STRINGS = 10_000_000
BOMB_RATIO = 100  # unpacked ÷ packed; real sheets are 5-20
_BOMB_FROM_BYTES = 16 << 20
_CHUNK = 8 << 20

_ROW_NUMBER = re.compile(rb'row\b[^>]*?\br="(\d+)"')  # <row r="5">, prefixed or not
_WIDE_COLUMN = re.compile(rb' r="([A-Z]{2,})[0-9]')  # a cell address from column AA on
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>')
_UNIQUE_COUNT = re.compile(rb'\buniqueCount="(\d+)"')
_ERROR_MARK = b't="e"'
_NUL_MARK = b"_x0000_"
_ROW_END = b"</row>"


class SheetTooLarge(Exception):
    """The file or sheet is past a limit; the message is one Chinese line ready to show."""


@dataclass
class SheetScan:
    """What the scan of one .xlsx sheet found: its extent, error cells and whether text has NULs."""

    last_row: int = 0
    last_column: int = 0
    errors: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (row, col) 1-based -> (code, ref)
    has_nul: bool = False

    @property
    def error_rows(self) -> frozenset[int]:
        """The row numbers holding an error cell."""
        return frozenset(row for row, _column in self.errors)


def check_file(path: Path) -> None:
    """Refuse a file past the size limit, and a zipped workbook whose parts are past theirs."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetTooLarge(f"文件“{path.name}”太大（{size >> 20} MB）：最多 {MAX_FILE_BYTES >> 20} MB")
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as archive:
        for item in archive.infolist():
            _check_part(path, item)
        strings = [item for item in archive.infolist() if item.filename.lower().endswith("sharedstrings.xml")]
        for item in strings:
            _check_shared_strings(path, archive, item)


def _check_part(path: Path, item: zipfile.ZipInfo) -> None:
    if item.file_size > MAX_PART_BYTES:
        raise SheetTooLarge(f"文件“{path.name}”中的“{item.filename}”解压后太大（{item.file_size >> 20} MB）："
                            f"最多 {MAX_PART_BYTES >> 20} MB")
    if item.file_size > _BOMB_FROM_BYTES and item.file_size > BOMB_RATIO * max(item.compress_size, 1):
        raise SheetTooLarge(f"文件“{path.name}”中的“{item.filename}”压缩比异常"
                            f"（{item.file_size // max(item.compress_size, 1)} 倍），可能是恶意文件，不予读取")


def _check_shared_strings(path: Path, archive: zipfile.ZipFile, item: zipfile.ZipInfo) -> None:
    """The count a shared-strings table claims is what calamine reserves memory for: it must be
    believable (each entry takes at least five bytes of XML) and within the limit."""
    with archive.open(item) as source:
        head = source.read(4096)
    match = _UNIQUE_COUNT.search(head)
    if match is None:
        return
    claimed = int(match.group(1))
    if claimed > MAX_SHARED_STRINGS or claimed > item.file_size // 5 + 16:
        raise SheetTooLarge(f"文件“{path.name}”的共享字符串表声称有 {claimed} 项，与其大小不符或超过上限"
                            f"（{MAX_SHARED_STRINGS} 项），不予读取")


def scan_xlsx_sheet(path: Path, part: str, shared_strings: str | None) -> SheetScan:
    """Stream one sheet's XML once: its last row and column, its error cells, NULs in its text.

    Raises SheetTooLarge past MAX_ROWS, MAX_COLUMNS or MAX_CELLS (rows × columns). Only cell
    addresses of two letters or more are collected (none in a ledger up to column Z), so the
    column count costs next to nothing; a sheet without them counts as 26 columns wide.
    """
    scan = SheetScan()
    wide = b""
    with zipfile.ZipFile(path) as archive:
        for data in _chunks(archive, part):
            numbers = _ROW_NUMBER.findall(data)
            if numbers:
                scan.last_row = max(scan.last_row, max(map(int, numbers)))
            letters = set(_WIDE_COLUMN.findall(data))
            if letters:
                wide = max(letters | {wide}, key=lambda text: (len(text), text))
            if _ERROR_MARK in data:
                _note_errors(data, scan)
            scan.has_nul = scan.has_nul or _NUL_MARK in data
        if shared_strings and not scan.has_nul:
            scan.has_nul = any(_NUL_MARK in data for data in _chunks(archive, shared_strings))
    scan.last_column = _column_number(wide) if wide else 26
    _check_extent(path, scan)
    return scan


def _check_extent(path: Path, scan: SheetScan) -> None:
    if scan.last_column > MAX_COLUMNS:
        raise SheetTooLarge(f"文件“{path.name}”的工作表超过 {MAX_COLUMNS} 列，不是可导入的台账")
    if scan.last_row > MAX_ROWS:
        raise SheetTooLarge(f"文件“{path.name}”的工作表有 {scan.last_row} 行：最多 {MAX_ROWS} 行")
    if scan.last_row * scan.last_column > MAX_CELLS:
        raise SheetTooLarge(f"文件“{path.name}”的工作表有 {scan.last_row} 行 × {scan.last_column} 列："
                            f"最多 {MAX_CELLS} 个单元格")


def _column_number(letters: bytes) -> int:
    """1 for b"A", 27 for b"AA"."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _chunks(archive: zipfile.ZipFile, part: str):
    """The part's bytes in pieces that each end after a row (or, in a giant row, at a tag), the
    rest starting the next piece, so that no cell is cut in two."""
    tail = b""
    with archive.open(part) as source:
        while True:
            chunk = source.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            cut = data.rfind(_ROW_END)
            cut = cut + len(_ROW_END) if cut >= 0 else data.rfind(b"<")
            if cut <= 0:
                tail = data
                continue
            tail = data[cut:]
            yield data[:cut]
    if tail:
        yield tail


def _note_errors(data: bytes, scan: SheetScan) -> None:
    """Record every error cell (t="e") of a piece with its position, code and address."""
    at = data.find(_ERROR_MARK)
    while at >= 0:
        start = data.rfind(b"<c ", 0, at)
        end = data.find(b"</c>", at)
        cell = data[start:end if end >= 0 else len(data)]
        reference, value = _CELL_REF.search(cell), _CELL_VALUE.search(cell)
        if start >= 0 and reference and value:
            letters, row = reference.group(1), int(reference.group(2))
            scan.errors[(row, _column_number(letters))] = (value.group(1).decode("utf-8", "replace"), f"{letters.decode()}{row}")
        at = data.find(_ERROR_MARK, at + 1)
