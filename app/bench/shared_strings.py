"""Turning an openpyxl-written .xlsx into the shape Excel and WPS save: text in a shared table.

openpyxl writes every text cell as an inline string (`<c t="inlineStr"><is><t>…</t></is></c>`);
Excel and WPS write an index into xl/sharedStrings.xml instead (`<c t="s"><v>17</v></c>`). The
two read at different speeds, so the import benchmark measures both, and tests use the shared
form to check that the readers handle what real ledgers contain.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', re.S)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def to_shared_strings(source: Path, target: Path) -> int:
    """Copy `source` to `target` with every plain inline string moved to a shared-strings part.

    Returns how many distinct strings the table holds. `source` must not have a shared-strings
    part already (openpyxl never writes one).
    """
    table: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        index = table.setdefault(match.group(3), len(table))
        return b'<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), index)

    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data)
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_TYPE}"/></Types>').encode())
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rIdShared" Type="{_SHARED_REL}" Target="sharedStrings.xml"/>'
                    "</Relationships>").encode())
            out.writestr(item.filename, data)
        out.writestr("xl/sharedStrings.xml", _table_xml(table))
    return len(table)


def _table_xml(table: dict[bytes, int]) -> bytes:
    items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in table)  # already escaped in the sheet
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(table)}" uniqueCount="{len(table)}">'
    return head.encode() + items + b"</sst>"

