"""The values of a worksheet's rows, read straight from its XML: what openpyxl's read-only
`iter_rows(values_only=True)` returns, three times faster.

openpyxl builds a dictionary and runs a dozen descriptor checks for every cell, and parses each
inline string into a rich-text object; on a 100,000-row ledger that is most of the import's
time. This reader walks the same XML with the same parser and keeps only the value, converted
by openpyxl's own rules (numbers, booleans, Excel serial dates, ISO dates), so a value reads
exactly as openpyxl would read it (tests compare the two on every kind of cell).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import iterparse

from openpyxl.utils.datetime import from_ISO8601, from_excel
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = "{%s}" % SHEET_MAIN_NS
_ROW, _VALUE, _INLINE, _TEXT, _RUN = (_NS + tag for tag in ("row", "v", "is", "t", "r"))
_BAD_DATE = "#VALUE!"  # what openpyxl gives a date cell whose serial is out of range

NumberedRow = tuple[int, tuple]


@dataclass(frozen=True)
class CellContext:
    """What a cell's value depends on beyond its own XML: the workbook's shared strings, the
    style indexes that show dates and durations, and its date epoch (1900 or 1904)."""

    shared: list[str]
    dates: frozenset[int]
    durations: frozenset[int]
    epoch: datetime


def sheet_rows(source, context: CellContext) -> Iterator[NumberedRow]:
    """(row number, values) for every row from 1 to the last one stored, from a sheet's XML.

    The values are those of openpyxl's read-only `iter_rows(values_only=True)` after
    `reset_dimensions()`: a row is as wide as its last stored cell, a missing row is empty.
    """
    previous = 0  # the last row number read (a row without "r" follows it)
    expected = 1  # the next row number to yield
    for _event, element in iterparse(source):
        if element.tag != _ROW:
            continue
        number = _row_number(element.get("r"), previous)
        previous = number
        if number >= expected:
            while expected < number:
                yield expected, ()
                expected += 1
            yield number, _row_values(element, context)
            expected = number + 1
        element.clear()  # a row numbered below one already read is dropped, as openpyxl does


def _row_number(text: str | None, previous: int) -> int:
    if not text:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(number)


def _row_values(row, context: CellContext) -> tuple:
    """The row's values by column, as wide as its last cell (cells further right are dropped)."""
    cells = []
    column = 0
    for cell in row:
        reference = cell.get("r")
        column = _column_number(reference) if reference else column + 1
        cells.append((column, _cell_value(cell, context)))
    if not cells:
        return ()
    width = cells[-1][0]
    values = [None] * width
    for column, value in cells:
        if 0 < column <= width:
            values[column - 1] = value
    return tuple(values)


def _column_number(reference: str) -> int:
    """1 for "A7", 27 for "AA7"."""
    number = 0
    for letter in reference:
        code = ord(letter)
        if code < 65:  # the row digits start here
            break
        number = number * 26 + (code & 0x1F)
    return number


def _cell_value(cell, context: CellContext):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return None if inline is None else inline_text(inline)
    text = cell.findtext(_VALUE) or None
    if text is None:
        return None
    if kind == "n":
        return _number(text, cell.get("s", 0), context)
    if kind == "s":
        return context.shared[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return from_ISO8601(text)
    return text  # "str" (a formula's text), "e" (an error such as #N/A)


def _number(text: str, style, context: CellContext):
    value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
    if style:
        style = int(style)
    if style not in context.dates:
        return value
    try:
        return from_excel(value, context.epoch, timedelta=style in context.durations)
    except (OverflowError, ValueError):
        return _BAD_DATE


def inline_text(inline) -> str:
    """The plain text of an inline or shared string: its <t> and its runs' <t>, not phonetic guides."""
    parts = []
    for child in inline:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            run_text = child.find(_TEXT)
            if run_text is not None and run_text.text is not None:
                parts.append(run_text.text)
    return "".join(parts)
