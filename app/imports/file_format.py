"""What a spreadsheet file really is, read from its first bytes rather than from its name.

Files reach a district renamed: an .xlsx saved as "台账.xls" because the old template was .xls,
an .xls renamed .xlsx, an .ods sent as .xlsx, a CSV export named .xls by a hotline system.
Excel and WPS open them all (after a warning), so the import reads them too: a zip holding xl/
is an Excel 2007+ workbook (xl/workbook.bin: .xlsb), a zip holding content.xml is OpenDocument,
the OLE2 compound-file signature is an Excel 97-2003 .xls, and text split by commas, semicolons
or tabs is CSV. Anything else keeps
the format its name says, and the reader then reports it as damaged under that name.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the first half of D0 CF 11 E0 A1 B1 1A E1, enough to tell
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEAD_BYTES = 8192
#: a CSV's head splits into cells somewhere (a line of bare text is no table: "damaged" is clearer)
_DELIMITERS = re.compile(rb"[,;\t]")
#: names that mean the same reader: an .xlsm is read as the .xlsx it is inside
_SAME_READER = {".xlsm": ".xlsx"}


def file_format(path: Path) -> str:
    """The format of the file at `path` as the suffix its content calls for: ".xlsx", ".xlsb",
    ".xls", ".ods" or ".csv" (an .xlsm whose content is Excel 2007+ keeps ".xlsm").

    The name's own suffix when the content says nothing clearer (a damaged file, a zip of
    something else, binary bytes named .csv). OSError when the file cannot be read.
    """
    named = path.suffix.lower()
    with path.open("rb") as source:
        head = source.read(_HEAD_BYTES)
    found = _from_head(path, head)
    if found is None or found == _SAME_READER.get(named, named):
        return named
    return found


def _from_head(path: Path, head: bytes) -> str | None:
    if head.startswith(_ZIP_MAGIC):
        return _zipped_format(path)
    if head.startswith(_OLE2_MAGIC):
        return ".xls"
    if head.startswith(_UTF16_BOMS) or (b"\x00" not in head and _DELIMITERS.search(head)):
        return ".csv"
    return None


def _zipped_format(path: Path) -> str | None:
    """.xlsx, .xlsb or .ods from the parts a zip holds; None for a damaged or foreign zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile, EOFError):
        return None
    if "xl/workbook.bin" in names:
        return ".xlsb"
    if any(name.startswith("xl/") for name in names):
        return ".xlsx"
    if "content.xml" in names:
        return ".ods"
    return None
