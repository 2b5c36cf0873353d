"""Drawing a PaperDocument page by page: PDF files, printers and the print preview.

QTextDocument.print_() would number nothing and put no running head, so the body is laid out
unpaginated, cut into pages between lines of text (page_cuts) and each page drawn by hand: the district's name and the
title at the top, "第 n 页 共 N 页", the print time and who printed at the bottom. The same
function paints a QPdfWriter and a QPrinter, so what the preview shows is what the file holds.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from app.paper.document import PaperDocument
from app.paper.templates import read_text, settings
from ui.paper.fonts import paper_family

#: Page margins in millimetres: inside what office printers can reach (they lose 4–6 mm).
MARGINS_MM = QMarginsF(20, 12, 15, 12)
#: Bands for the running head and foot, in millimetres, inside the margins.
HEAD_MM, FOOT_MM = 10.0, 9.0
PDF_DPI = 600
_application = []


def ensure_application() -> None:
    """A Qt application for a print from the command line (fonts and painting need one)."""
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        from ui.qt_runtime import require_sound_pyside
        require_sound_pyside()
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _application.append(QApplication([]))


def a4_layout(landscape: bool = False) -> QPageLayout:
    """A4 (portrait unless `landscape`) with the paper margins."""
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, MARGINS_MM, QPageLayout.Unit.Millimeter)


def write_pdf(document: PaperDocument, path: Path) -> int:
    """Write `document` as an A4 PDF with embedded fonts; the number of pages."""
    ensure_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(a4_layout(document.landscape))
    writer.setTitle(document.title)
    writer.setCreator("gridcc 网格化管理指挥中心")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(QCoreApplication.translate("Paper", "无法写入文件：%1").replace("%1", str(path)))
    try:
        return paint_document(painter, writer, document)
    finally:
        painter.end()


def paint_document(painter: QPainter, device: QPagedPaintDevice, document: PaperDocument) -> int:
    """Paint every page of `document` on `device` (already begun by `painter`); the page count."""
    mm = device.resolution() / 25.4
    page = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(page.width()), float(page.height())
    head, foot = HEAD_MM * mm, FOOT_MM * mm
    text = laid_out(document, device, width)
    pages = page_cuts(text, height - head - foot)
    for number, (start, end) in enumerate(pages):
        if number:
            device.newPage()
        _draw_body(painter, text, start, end, head, width)
        _draw_head(painter, document, width, head, mm)
        _draw_foot(painter, document, width, height, foot, mm, number + 1, len(pages))
    return len(pages)


def laid_out(document: PaperDocument, device, width: float) -> QTextDocument:
    """The whole body as one unpaginated QTextDocument `width` device pixels wide.

    One document, not one per section: Qt's fixed cost per QTextDocument is most of the time of a
    100-sheet print. A section with `new_page` is marked page-break-before, which page_cuts obeys.
    """
    parts = [f'<div style="page-break-before: always">{section.html}</div>' if section.new_page and index
             else section.html for index, section in enumerate(document.sections)]
    html = "".join(parts)
    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDocumentMargin(0)
    text.setDefaultFont(QFont(paper_family(), settings().get("font_point_size", 10.5)))
    text.setDefaultStyleSheet(document.stylesheet or read_text("paper.css"))
    for name, data in document.images.items():
        text.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(data))
    text.setHtml(html)
    text.setTextWidth(width)
    return text


def forced_breaks(text: QTextDocument) -> list[float]:
    """Where a new page must start: the tops of blocks (or tables) marked page-break-before."""
    layout = text.documentLayout()
    always = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    breaks = []
    block = text.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        starts_table = table is not None and table.firstPosition() == block.position()
        if block.blockFormat().pageBreakPolicy() & always:
            breaks.append(layout.blockBoundingRect(block).top())
        elif starts_table and table.format().pageBreakPolicy() & always:
            breaks.append(layout.frameBoundingRect(table).top())
        block = block.next()
    return sorted(set(y for y in breaks if y > 0.5))


def line_spans(text: QTextDocument) -> list[tuple[float, float]]:
    """Top and bottom of every line of text (table cells included) in document coordinates."""
    layout = text.documentLayout()
    spans = []
    block = text.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for index in range(lines.lineCount()):
            line = lines.lineAt(index)
            spans.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return spans


def page_cuts(text: QTextDocument, height: float) -> list[tuple[float, float]]:
    """Where each page of `text` starts and ends: at every forced break, and never through a line.

    Qt's own pagination lets a line in a table cell straddle the page edge (half on each page),
    so pages are cut here, each one ending above the first line that would cross its bottom.
    A single line taller than a page (a huge picture) is cut where the page ends.
    """
    spans = sorted(line_spans(text))
    total = text.size().height()
    edges = [0.0, *forced_breaks(text), total]
    cuts = []
    for first, last in zip(edges, edges[1:]):
        cuts += _cuts_between(spans, first, last, height)
    return cuts or [(0.0, total)]


def _cuts_between(spans: list[tuple[float, float]], first: float, last: float,
                  height: float) -> list[tuple[float, float]]:
    lo = bisect_left(spans, (first - height,))
    hi = bisect_left(spans, (last + 1,))
    nearby = spans[lo:hi]
    cuts, start = [], first
    while start < last - 0.5:
        end = start + height
        if end >= last:
            cuts.append((start, last))
            break
        while True:
            crossing = [top for top, bottom in nearby if start + 0.5 < top < end - 0.5 and bottom > end + 0.5]
            if not crossing:
                break
            end = min(crossing)
        cuts.append((start, end))
        start = end
    return cuts


def _draw_body(painter: QPainter, text: QTextDocument, start: float, end: float, top: float, width: float) -> None:
    painter.save()
    painter.translate(0, top - start)
    context = QAbstractTextDocumentLayout.PaintContext()
    painter.setClipRect(QRectF(0, start, width, end - start))
    # The painter clip hides what belongs to other pages; the layout's clip only saves work (Qt
    # still draws the line next to each edge, invisible, so a text extraction may repeat it).
    context.clip = QRectF(0, start + 1, width, end - start - 2)
    context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    text.documentLayout().draw(painter, context)
    painter.restore()


def _small_font(painter: QPainter, point_size: float) -> QFont:
    font = QFont(paper_family())
    font.setPointSizeF(point_size)
    painter.setFont(font)
    return font


def _draw_head(painter: QPainter, document: PaperDocument, width: float, head: float, mm: float) -> None:
    painter.save()
    _small_font(painter, 9)
    painter.setPen(QColor("#333333"))
    band = QRectF(0, 0, width, head - 2.5 * mm)
    painter.drawText(band, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), document.header)
    painter.setPen(QPen(QColor("#555555"), 0.25 * mm))
    painter.drawLine(QPointF(0, head - 1.5 * mm), QPointF(width, head - 1.5 * mm))
    painter.restore()


def _draw_foot(painter: QPainter, document: PaperDocument, width: float, height: float, foot: float,
               mm: float, number: int, pages: int) -> None:
    painter.save()
    top = height - foot + 1.5 * mm
    painter.setPen(QPen(QColor("#555555"), 0.25 * mm))
    painter.drawLine(QPointF(0, top), QPointF(width, top))
    _small_font(painter, 8.5)
    painter.setPen(QColor("#333333"))
    band = QRectF(0, top + 1 * mm, width, foot - 2.5 * mm)
    painter.drawText(band, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), document.printed_line())
    if document.footer_note:
        painter.drawText(band, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                         document.footer_note)
    painter.drawText(band, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     document.page_label(number, pages))
    painter.restore()
