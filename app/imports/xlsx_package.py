"""Where an .xlsx/.xlsm package keeps each sheet's XML, its shared strings, and which sheet is active.

calamine reads the cells; this only tells the measuring scan (sheet_limits) which part to scan
and the reader which sheet Excel would show on opening (workbookView activeTab), which calamine
does not report.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError, fromstring

_REL_ID = "id"
_USUAL_WORKBOOK = "xl/workbook.xml"


@dataclass(frozen=True)
class XlsxParts:
    """The sheet parts by sheet name, the shared-strings part, and the active sheet's index."""

    sheets: dict[str, str] = field(default_factory=dict)
    shared_strings: str | None = None
    active: int = 0


def xlsx_parts(path: Path) -> XlsxParts:
    """The parts of an .xlsx package; an empty XlsxParts when it cannot tell (calamine then
    reports the damage when it reads)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_parts(archive)
    except (OSError, zipfile.BadZipFile, KeyError, ParseError, ValueError):
        return XlsxParts()


def _read_parts(archive: zipfile.ZipFile) -> XlsxParts:
    names = set(archive.namelist())
    workbook = _USUAL_WORKBOOK
    if "_rels/.rels" in names:
        workbook = _target(_relations(archive, "_rels/.rels", ""), "officeDocument", names) or workbook
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    relations = _relations(archive, rels_part, folder) if rels_part in names else {}
    root = fromstring(archive.read(workbook))
    sheets = {}
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((value for key, value in element.attrib.items() if _local(key) == _REL_ID), "")
        kind, target = relations.get(rel_id, ("", ""))
        if target in names and kind.endswith("/worksheet"):
            sheets[element.get("name", "")] = target
    active = 0
    for element in root.iter():
        if _local(element.tag) == "workbookView":
            active = int(element.get("activeTab", "0") or 0)
            break
    return XlsxParts(sheets=sheets, shared_strings=_target(relations, "sharedStrings", names), active=active)


def _relations(archive: zipfile.ZipFile, part: str, folder: str) -> dict[str, tuple[str, str]]:
    """{id: (type, part)} of a relationships part, targets resolved against `folder`."""
    found = {}
    for element in fromstring(archive.read(part)).iter():
        if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[element.get("Id", "")] = (element.get("Type", ""), target)
    return found


def _target(relations: dict[str, tuple[str, str]], type_ending: str, names: set[str]) -> str | None:
    for kind, target in relations.values():
        if kind.endswith("/" + type_ending) and target in names:
            return target
    return None


def _local(tag: str) -> str:
    """A tag or attribute name without its namespace (Strict and transitional files differ there)."""
    return tag.rsplit("}", 1)[-1]
