"""A printable document as plain data: what every builder returns and every renderer draws."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class Section:
    """One part of a document, e.g. one case sheet among many.

    `html` is a complete body fragment filled from a template (every datum escaped);
    `new_page` starts the section on a fresh page so sheets of several cases never share one.
    """

    html: str
    new_page: bool = False


@dataclass(frozen=True, kw_only=True)
class PaperDocument:
    """A document to print: its sections, the pictures they name, and the running header and footer.

    `images` maps the names used in <img src="..."> to PNG/JPEG bytes (QR codes, photo
    thumbnails) so the renderer needs no files. `header` and `footer_note` are printed on every
    page with the page number ("第 2 页 共 3 页"), the print time and who printed. A4 portrait
    unless `landscape` (wide tables of the reports).
    """

    title: str
    district: str
    printed_at: datetime
    printed_by: str
    sections: list[Section]
    images: dict[str, bytes] = field(default_factory=dict)
    stylesheet: str = ""
    footer_note: str = ""
    landscape: bool = False

    @property
    def header(self) -> str:
        """The running head: the district's name and the document's title."""
        return f"{self.district}　{self.title}" if self.district else self.title

    def printed_line(self) -> str:
        """打印时间 … 打印人 …: the footer's left part."""
        return f"打印时间 {self.printed_at:%Y-%m-%d %H:%M}　打印人 {self.printed_by}"

    @staticmethod
    def page_label(number: int, pages: int) -> str:
        """第 2 页 共 3 页: part of the printed form, so Chinese whatever the screen's language."""
        return f"第 {number} 页 共 {pages} 页"

