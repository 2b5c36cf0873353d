"""A CSV file as numbered rows: its encoding and its delimiter found, quoted line breaks kept.

Excel saves CSV in the system's code page (GB18030/GBK on a Chinese Windows) unless told
"UTF-8", which adds a BOM; WPS and scripts write plain UTF-8. The text is tried as UTF-8 (BOM or
not) strictly, then as GB18030. The delimiter is not guessed once and for all: the file is
offered as one sheet per delimiter (comma, semicolon, tab — the one splitting the top rows
widest first) and the header finder keeps the first that has a header, so a comma inside a
tab-separated address does not mislead it. NUL characters are dropped (PostgreSQL refuses
them); a cell holding exactly an Excel error (#DIV/0!, as Excel writes it into CSV) is a CellError.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from app.imports.cell_parsers import ERROR_CODES, CellError, column_letters
from app.imports.errors import ImportFileError

DELIMITERS = (",", ";", "\t")
_SNIFF_ROWS = 20
_PROGRESS_EVERY = 2_000


class CsvSheet:
    """The file's records split on one delimiter, numbered as Excel numbers them when it opens the
    file (a record with a quoted line break is one row)."""

    def __init__(self, path: Path, text: str, delimiter: str, progress: Callable | None):
        self.path = path
        self.title = path.stem
        self.delimiter = delimiter
        self._text = text
        self._progress = progress

    def rows(self, skip: int = 0) -> Iterator[tuple[int, list]]:
        """(row number, cells) of every record after the first `skip`; ImportFileError when a
        record is malformed."""
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self.delimiter)
        try:
            for number, cells in enumerate(islice(reader, skip, None), start=skip + 1):
                if self._progress is not None and number % _PROGRESS_EVERY == 0:
                    self._progress(number, None)
                yield number, _with_errors(number, cells)
        except csv.Error as exc:
            raise ImportFileError(f"无法读取CSV文件“{self.path.name}”：第{reader.line_num}行格式错误") from exc

    def merges(self) -> list:
        """A CSV file has no merged cells."""
        return []


def _with_errors(number: int, cells: list) -> list:
    if ERROR_CODES.isdisjoint(cells):
        return cells
    return [CellError(cell, f"{column_letters(i)}{number}") if cell in ERROR_CODES else cell
            for i, cell in enumerate(cells)]


def csv_sheets(path: Path, progress: Callable | None = None) -> list[CsvSheet]:
    """The file as one sheet per delimiter, the likeliest first."""
    text = decode_csv(_read_bytes(path), path).replace("\x00", "")
    return [CsvSheet(path, text, delimiter, progress) for delimiter in _delimiters_to_try(text)]


def decode_csv(data: bytes, path: Path) -> str:
    """Text of a CSV file: UTF-8 with or without BOM (strictly), UTF-16 with a BOM, else GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(f"无法识别CSV文件“{path.name}”的字符编码：请另存为UTF-8或GB18030编码")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取文件“{path.name}”：{exc.strerror}") from exc


def _delimiters_to_try(text: str) -> list[str]:
    """Every delimiter, the one splitting the top records into the most cells first."""
    def widest(delimiter: str) -> int:
        sample = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            return max((len(row) for row in islice(sample, _SNIFF_ROWS)), default=0)
        except csv.Error:
            return 0

    return sorted(DELIMITERS, key=widest, reverse=True)
