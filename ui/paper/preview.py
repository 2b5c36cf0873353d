"""The print preview: zoom, page by page, print to any installed printer, save as PDF.

The document is read and built off the UI thread (database reads, audit entries, QR codes);
the preview then paints it with the same function that writes PDF files, so the preview, the
printer and the file agree. Qt's preview dialog brings zoom, page navigation and the printer
choice; a 保存为 PDF button is added for offices without a PDF printer driver.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QToolBar, QWidget

from app.paper.document import PaperDocument
from ui.paper.engine import a4_layout, paint_document, write_pdf
from ui.workers import run_in_background

Build = Callable[[], PaperDocument]


def show_print_preview(parent: QWidget, build: Build,
                       on_open: Callable[[QPrintPreviewDialog], None] | None = None) -> None:
    """Build the document in the background, then open the preview over `parent`."""
    def opened(document: PaperDocument) -> None:
        dialog = preview_dialog(parent, document)
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    run_in_background(parent, build, opened, lambda exc: _failed(parent, exc))


def preview_dialog(parent: QWidget | None, document: PaperDocument) -> QPrintPreviewDialog:
    """A preview of `document` on A4 (deleted when closed)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(a4_layout(document.landscape))
    printer.setDocName(document.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ = printer  # the dialog does not own its printer
    dialog.setWindowTitle(QCoreApplication.translate("PrintPreview", "打印预览 - {0}").format(document.title))
    dialog.resize(1000, 900)
    dialog.paintRequested.connect(lambda device: _paint(device, document))
    _add_save_button(dialog, document)
    return dialog


def preview_widget(dialog: QPrintPreviewDialog) -> QPrintPreviewWidget:
    """The page view inside the dialog (tests read its page count)."""
    return dialog.findChild(QPrintPreviewWidget)


def _paint(printer: QPrinter, document: PaperDocument) -> None:
    painter = QPainter()
    if painter.begin(printer):
        try:
            paint_document(painter, printer, document)
        finally:
            painter.end()


def _add_save_button(dialog: QPrintPreviewDialog, document: PaperDocument) -> None:
    toolbar = dialog.findChild(QToolBar)
    button = QPushButton(qta.icon("mdi6.file-pdf-box", color="#b3261e"),
                         QCoreApplication.translate("PrintPreview", "保存为 PDF…"))
    button.setObjectName("savePdf")
    button.clicked.connect(lambda: save_pdf(dialog, document))
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addWidget(button)


def save_pdf(dialog: QWidget, document: PaperDocument, path: str | None = None) -> None:
    """Ask for a file name (unless given) and write the PDF in the background."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            dialog, QCoreApplication.translate("PrintPreview", "保存为 PDF"), f"{document.title}.pdf",
            QCoreApplication.translate("PrintPreview", "PDF 文件 (*.pdf)"))
    if not path:
        return
    target = Path(path)
    run_in_background(dialog, lambda: write_pdf(document, target),
                      lambda pages: dialog.setWindowTitle(
                          QCoreApplication.translate("PrintPreview", "已保存 {0}（共 {1} 页）").format(target.name, pages)),
                      lambda exc: _failed(dialog, exc), long=True)


def _failed(parent: QWidget, exc: Exception) -> None:
    QMessageBox.warning(parent, QCoreApplication.translate("PrintPreview", "无法打印"), str(exc))
