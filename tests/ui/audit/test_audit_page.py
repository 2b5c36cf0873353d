"""The audit viewer page driven like a user: rows, filters, growing by pages, the entry pane, export."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QDate

from app.audit.query import AuditFilter
from app.audit.service import AuditService
from tests.app.audit.helpers import add_entries
from ui.audit import audit_model
from ui.audit.audit_page import AuditPage


@pytest.fixture
def page(qtbot, ui_ctx, monkeypatch):
    """The page on 30 entries by two people, pages of 12."""
    monkeypatch.setattr(audit_model, "PAGE_SIZE", 12)
    add_entries(ui_ctx.database, [(m, "zhang" if m % 2 else "li", "reveal" if m % 3 == 0 else "login", "person",
                                   None, {"field": "phone"} if m % 3 == 0 else None) for m in range(30)])
    widget = AuditPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and not widget.model.loading, timeout=10_000)
    return widget


def test_page_shows_the_newest_entries_first(page):
    """The first page is in, newest first, with the act in Chinese."""
    model = page.model
    assert model.rowCount() >= 12  # pages of 12; the tall view may have asked for the next already
    assert model.entry(0).at > model.entry(11).at
    assert model.index(0, 3).data() in ("登录", "查看完整证件号/电话")
    assert "已载入" in page.counts.text() or "共" in page.counts.text()


def test_scrolling_reads_the_next_pages(page, qtbot):
    """fetchMore grows the list until every entry is read."""
    for _ in range(5):  # the view itself may be fetching already: it shows more rows than a page
        qtbot.waitUntil(lambda: not page.model.fetching, timeout=10_000)
        page.model.fetchMore()
    assert page.model.rowCount() == 30 and page.model.complete
    assert page.counts.text().startswith("共 30 条")


def test_filters_narrow_the_rows(page, qtbot):
    """A login and a kind from the combo narrow the list."""
    qtbot.waitUntil(lambda: page.filters.kind.count() == 3, timeout=10_000)
    page.filters.actor.setText("zhang")
    page.filters.kind.setCurrentIndex(page.filters.kind.findData("reveal"))
    page.filters.apply_button.click()
    qtbot.waitUntil(lambda: page.model.filter.actor == "zhang" and not page.model.loading, timeout=10_000)
    rows = [page.model.entry(r) for r in range(page.model.rowCount())]
    assert rows and {(r.actor, r.action) for r in rows} == {("zhang", "reveal")}


def test_dates_and_an_unknown_record(page, qtbot):
    """A day before the entries shows none; an unknown record is a notice, not a crash."""
    page.filters.until.setDate(QDate(2025, 8, 31))
    page.filters.apply_button.click()
    qtbot.waitUntil(lambda: page.model.filter.until is not None and page.model.rowCount() == 0, timeout=10_000)
    page.filters.record.setText("没有这个")
    page.filters.apply_button.click()
    qtbot.waitUntil(lambda: page.notice.kind == "error", timeout=10_000)
    assert "没有编号为" in page.notice.text()


def test_selecting_a_row_fills_the_entry_pane(page, qtbot):
    page.table.selectRow(0)
    entry = page.model.entry(0)
    assert page.pane.values["actor"].text() == entry.actor
    assert entry.action in page.pane.values["action"].text()


def test_export_to_csv_is_written_and_audited(page, qtbot, tmp_path):
    """导出 writes the file of the current filter and the export appears in the log."""
    target = tmp_path / "audit.csv"
    page.export_to(str(target))
    qtbot.waitUntil(lambda: page.notice.kind == "success", timeout=10_000)
    lines = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0] == ["审计日志"] and len(lines) == 6 + 30
    assert AuditService(page.ctx.database).page(AuditFilter(action="audit_export")).rows


def test_prepare_screenshot_selects_the_newest_entry(qtbot, ui_ctx):
    """Before a screenshot the page reads its entries and shows the newest in full."""
    add_entries(ui_ctx.database, [(1, "zhang", "login", "account", None, None)])
    widget = AuditPage(ui_ctx)
    qtbot.addWidget(widget)
    assert widget.prepare_screenshot() is True
    assert widget.pane.values["actor"].text() == "zhang"
