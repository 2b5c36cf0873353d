"""The error cells of an OpenDocument sheet, which calamine reads as empty.

LibreOffice stores a failed formula as a string cell marked `calcext:value-type="error"` with
the error as its text (#DIV/0!, #N/A …). The sheet's XML is walked only when that mark occurs in
the file at all, counting rows and cells (repeats included) to give each error its address.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from app.imports.cell_parsers import column_letters

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_MARK = b'calcext:value-type="error"'
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_CHUNK = 8 << 20


def ods_errors(path: Path, sheet: str) -> dict[tuple[int, int], tuple[str, str]]:
    """{(row, column) 1-based: (error, address)} of the sheet named `sheet`."""
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist() or not _has_mark(archive):
            return {}
        with archive.open("content.xml") as source:
            return _walk(source, sheet)


def _has_mark(archive: zipfile.ZipFile) -> bool:
    tail = b""
    with archive.open("content.xml") as source:
        while chunk := source.read(_CHUNK):
            if _MARK in tail + chunk:
                return True
            tail = chunk[-len(_MARK):]
    return False


def _walk(source, sheet: str) -> dict[tuple[int, int], tuple[str, str]]:
    found: dict[tuple[int, int], tuple[str, str]] = {}
    inside, row, column = False, 0, 0
    for event, element in iterparse(source, events=("start", "end")):
        tag = element.tag
        if tag == _TABLE + "table":
            if event == "start":
                inside, row = element.get(_TABLE + "name") == sheet, 0
            elif inside:
                break
        elif not inside:
            continue
        elif tag == _TABLE + "table-row":
            if event == "start":
                column = 0
            else:
                row += int(element.get(_TABLE + "number-rows-repeated", "1"))
                element.clear()
        elif tag in _CELLS and event == "end":
            repeat = int(element.get(_TABLE + "number-columns-repeated", "1"))
            if element.get(_CALCEXT + "value-type") == "error":
                code = "".join(element.itertext()).strip()
                found[(row + 1, column + 1)] = (code, f"{column_letters(column)}{row + 1}")
            column += repeat
    return found
