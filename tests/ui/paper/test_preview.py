"""The print preview (offscreen): built off the UI thread, opened with its pages, reached from the
打印… button of the case detail; saving from it writes the same PDF the command line does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.paper.printing import case_sheet
from app.people.privacy import Viewer
from tests.ui.cases.test_detail_page import settle, show
from tests.ui.paper.pdf_tools import page_sizes, reported_case, squeezed, text
from ui.cases.detail_page import CaseDetailPage
from ui.main_window import MainWindow
from ui.paper.preview import preview_dialog, preview_widget, save_pdf, show_print_preview
from ui.workers import wait_for_background_work


def previews() -> list[QPrintPreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintPreviewDialog) and w.isVisible()]


def close(dialog: QPrintPreviewDialog) -> None:
    dialog.close()
    dialog.deleteLater()
    settle()


def test_preview_opens_with_every_page_of_a_long_sheet(qtbot, service):
    """A sheet whose description runs onto a second page shows two pages in the preview."""
    case_no = reported_case(service, description="居民反映路面塌陷严重影响通行。" * 300)
    opened, parent = [], QWidget()
    qtbot.addWidget(parent)
    show_print_preview(parent, lambda: case_sheet(service, case_no, Viewer("disp1", "ws1")), on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[0]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: preview_widget(dialog).pageCount() >= 2)
    assert dialog.findChild(QPushButton, "savePdf") is not None
    close(dialog)


def test_save_as_pdf_from_the_preview(qtbot, service, tmp_path):
    """保存为 PDF writes an A4 file holding the case number."""
    case_no = reported_case(service)
    dialog = preview_dialog(None, case_sheet(service, case_no, Viewer("disp1", "ws1")))
    qtbot.addWidget(dialog)
    target = tmp_path / "sheet.pdf"
    save_pdf(dialog, case_sheet(service, case_no, Viewer("disp1", "ws1")), str(target))
    wait_for_background_work()
    qtbot.waitUntil(target.exists)
    settle()
    assert set(page_sizes(target)) == {"595 x 842"} and case_no in squeezed(text(target))
    dialog.deleteLater()


@pytest.fixture
def detail_page(qtbot, ui_ctx, tmp_path):
    window = MainWindow(ui_ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.add_page("queue", QWidget, "案件队列", "mdi6.format-list-bulleted")
    window.add_page("case", lambda: CaseDetailPage(ui_ctx, window))
    window.show_page("queue")
    window.show()
    yield window.pages["case"]
    settle()


def test_print_button_of_the_case_detail_opens_the_preview(qtbot, detail_page, service):
    """打印… is enabled once the case is shown and opens the preview of its sheet."""
    case_no = reported_case(service)
    assert not detail_page.print_button.isEnabled()
    show(qtbot, detail_page, case_no)
    assert detail_page.print_button.isEnabled()
    detail_page.print_button.click()
    qtbot.waitUntil(lambda: bool(previews()))
    dialog = previews()[0]
    qtbot.waitUntil(lambda: preview_widget(dialog).pageCount() == 1)
    assert case_no in dialog.windowTitle() or "案件派遣单" in dialog.windowTitle()
    close(dialog)


def test_card_list_print_button_asks_for_the_selected_card(qtbot, service, clock):
    """打印… in the dispatcher's card list is enabled once a card is selected and names that card."""
    from app.cases.cards import awaiting_reply
    from tests.conftest import local
    from ui.dispatch.card_list import CardList

    reported_case(service)
    clock.set(local(2025, 9, 30, 14, 50))
    service.sweep()
    cards = CardList()
    qtbot.addWidget(cards)
    cards.show_cards(awaiting_reply(service), service.config().tz)
    asked = []
    cards.print_requested.connect(asked.append)
    assert not cards.print_button.isEnabled()
    cards.view.setCurrentIndex(cards.model.index(0))
    assert cards.print_button.isEnabled()
    cards.print_button.click()
    assert [card.label for card in asked] == ["黄牌督办"]
