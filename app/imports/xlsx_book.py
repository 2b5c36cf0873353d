"""Opening an .xlsx file for reading its cell values, without openpyxl's workbook machinery.

openpyxl's read-only mode reads a 100,000-row ledger in 20–30 seconds, and much of that is
spent before the first row: it builds a rich-text object for every shared string and, when a
sheet does not state its size up front (openpyxl's own files do not), parses the whole sheet
once just to learn it. An import needs none of that. This module reads the package the way the
format describes it — the workbook part from the package relationships, the sheets, shared
strings and styles from the workbook's relationships — and hands each sheet to `xlsx_rows`,
which yields the same values openpyxl's `iter_rows(values_only=True)` would (tests hold the two
to the same answers on every kind of cell). openpyxl stays for writing and for its date rules.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH
from openpyxl.xml.constants import SHEET_MAIN_NS

from app.imports.xlsx_rows import CellContext, NumberedRow, inline_text, sheet_rows

_MAIN = "{%s}" % SHEET_MAIN_NS
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class UnreadableWorkbook(Exception):
    """The file is not a readable .xlsx package (no zip, missing or broken parts)."""


@dataclass(frozen=True)
class Worksheet:
    """One worksheet of an open workbook: its name and where its XML is."""

    book: Workbook
    title: str
    part: str
    state: str = "visible"

    @property
    def xml_size(self) -> int:
        """Bytes of the sheet's XML once unpacked (what reading it costs)."""
        return self.book.archive.getinfo(self.part).file_size

    def open_xml(self) -> IO[bytes]:
        """The sheet's XML as a binary stream; the caller closes it."""
        return self.book.archive.open(self.part)

    def rows(self):
        """(row number, values) for every row up to the last one stored; see `xlsx_rows`."""
        with self.open_xml() as source:
            yield from sheet_rows(source, self.book.context)


class Workbook:
    """An open .xlsx file: its worksheets in order, by name, and what their cells depend on."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, worksheets: list[tuple[str, str, str]],
                 context: CellContext):
        self.path = path
        self.archive = archive
        self.context = context
        self.worksheets = [Worksheet(self, title, part, state) for title, part, state in worksheets]

    @property
    def sheetnames(self) -> list[str]:
        return [sheet.title for sheet in self.worksheets]

    def __getitem__(self, title: str) -> Worksheet:
        for sheet in self.worksheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def close(self) -> None:
        self.archive.close()


def open_xlsx(path: str | Path) -> Workbook:
    """The workbook at `path`; UnreadableWorkbook when it is not an .xlsx package this can read."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnreadableWorkbook(str(exc)) from exc
    try:
        return _read_package(Path(path), archive)
    except (KeyError, ParseError, ValueError, IndexError, zipfile.BadZipFile, OSError, EOFError) as exc:
        archive.close()
        raise UnreadableWorkbook(str(exc)) from exc


def _read_package(path: Path, archive: zipfile.ZipFile) -> Workbook:
    names = set(archive.namelist())
    workbook_part = _workbook_part(archive, names)
    folder = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
    rels = _relationships(archive, rels_part, folder) if rels_part in names else {}
    root = fromstring(archive.read(workbook_part))
    worksheets = []
    for sheet in root.iter(_MAIN + "sheet"):
        relation = rels.get(sheet.get(_REL_ID) or "")
        if relation is None or relation[1] not in names or relation[0].endswith("/chartsheet"):
            continue
        worksheets.append((sheet.get("name", ""), relation[1], sheet.get("state", "visible")))
    strings = _part_of_type(rels, "/sharedStrings", names, posixpath.join(folder, "sharedStrings.xml"))
    styles = _part_of_type(rels, "/styles", names, posixpath.join(folder, "styles.xml"))
    dates, durations = _date_styles(archive, styles)
    context = CellContext(shared=_shared_strings(archive, strings), dates=dates, durations=durations,
                          epoch=CALENDAR_MAC_1904 if _is_1904(root) else WINDOWS_EPOCH)
    return Workbook(path, archive, worksheets, context)


def _relationships(archive: zipfile.ZipFile, part: str, folder: str) -> dict[str, tuple[str, str]]:
    """{relationship id: (type, part name)} of a .rels part, targets resolved against `folder`."""
    found = {}
    for relation in fromstring(archive.read(part)).iter(_PACKAGE_RELS):
        if relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[relation.get("Id", "")] = (relation.get("Type", ""), target)
    return found


def _workbook_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The workbook part named by the package relationships (_rels/.rels), else the usual one."""
    usual = "xl/workbook.xml"
    if "_rels/.rels" not in names:
        return usual
    return _part_of_type(_relationships(archive, "_rels/.rels", ""), "/officeDocument", names, usual) or usual


def _part_of_type(rels: dict, type_ending: str, names: set[str], usual: str | None) -> str | None:
    for kind, target in rels.values():
        if kind.endswith(type_ending) and target in names:
            return target
    return usual if usual in names else None


def _is_1904(workbook_root) -> bool:
    properties = workbook_root.find(_MAIN + "workbookPr")
    return properties is not None and properties.get("date1904", "").lower() in ("1", "true")


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """The shared strings in order, each the plain text of its runs (as openpyxl reads them)."""
    if part is None:
        return []
    strings = []
    with archive.open(part) as source:
        for _event, element in iterparse(source):
            if element.tag == _MAIN + "si":
                strings.append(inline_text(element).replace("x005F_", ""))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> tuple[frozenset[int], frozenset[int]]:
    """The cell style indexes whose number format shows a date or time, and those showing a duration."""
    if part is None:
        return frozenset(), frozenset()
    root = fromstring(archive.read(part))
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in root.iter(_MAIN + "numFmt")}
    cell_formats = root.find(_MAIN + "cellXfs")
    dates, durations = set(), set()
    for index, xf in enumerate(cell_formats.findall(_MAIN + "xf") if cell_formats is not None else ()):
        number_format = int(xf.get("numFmtId", 0))
        code = custom[number_format] if number_format in custom else BUILTIN_FORMATS.get(number_format)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return frozenset(dates), frozenset(durations)


__all__ = ["NumberedRow", "UnreadableWorkbook", "Workbook", "Worksheet", "open_xlsx"]
