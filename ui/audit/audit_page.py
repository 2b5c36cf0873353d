"""审计日志: the audit viewer for administrators and auditors (the pane.audit permission).

Filters above (who, which kind, which record, which days), the entries newest first in a table
that grows as it scrolls, the selected entry in full beside it, and 导出… for an inspector (.xlsx
or .csv, written on a worker thread; the export is audited). Every read runs off the UI thread
and needs the audit.view permission, which the service checks.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QSplitter, \
    QVBoxLayout, QWidget

from app.audit.query import AuditFilter, AuditRow
from app.audit.service import AuditService
from app.audit.filters import describe
from ui.audit.audit_model import AuditModel, local_time
from ui.audit.filter_bar import AuditFilterBar
from ui.context import UiContext
from ui.widgets import NoticeBar
from ui.widgets.record_table import RecordTable
from ui.workers import run_in_background, wait_for_background_work

FILE_TYPES = "Excel 工作簿 (*.xlsx);;CSV 文件 UTF-8 (*.csv)"


class EntryPane(QFrame):
    """The selected entry in full: every field, the detail one part a line."""

    FIELDS = ("at", "actor", "workstation", "action", "entity", "record", "entity_id", "detail")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="card")
        self.values = {key: QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
                       for key in self.FIELDS}
        titles = (self.tr("时间"), self.tr("登录名"), self.tr("工作站"), self.tr("操作"), self.tr("对象"),
                  self.tr("记录"), self.tr("记录 ID"), self.tr("详情"))
        form = QFormLayout(self)
        form.setContentsMargins(16, 14, 16, 14)
        form.addRow(QLabel(self.tr("审计记录"), objectName="cardTitle"))
        for key, title in zip(self.FIELDS, titles):
            form.addRow(title, self.values[key])
        self.show_entry(None)

    def show_entry(self, row: AuditRow | None) -> None:
        """Show `row` (None: nothing selected)."""
        texts = {} if row is None else {
            "at": local_time(row.at), "actor": row.actor, "workstation": row.workstation or "—",
            "action": f"{row.action_label}（{row.action}）", "entity": row.entity_label, "record": row.record or "—",
            "entity_id": str(row.entity_id) if row.entity_id else "—", "detail": row.detail.replace("；", "\n") or "—"}
        for key, label in self.values.items():
            label.setText(texts.get(key, ""))


class AuditPage(QWidget):
    """The audit viewer page."""

    def __init__(self, ctx: UiContext, window=None):
        super().__init__()
        self.ctx, self.main_window = ctx, window
        self.service = AuditService(ctx.database, ctx.principal)
        self.model = AuditModel(self.service, self)
        self.filters = AuditFilterBar()
        self.table = RecordTable(self.model, self.model.columns)
        self.pane = EntryPane()
        self.title = QLabel(self.tr("审计日志"), objectName="pageTitle")
        self.counts = QLabel()
        self.notice = NoticeBar()
        self.refresh_button = QPushButton(qta.icon("mdi6.refresh", color="#33475b"), self.tr("刷新"))
        self.export_button = QPushButton(qta.icon("mdi6.file-export-outline", color="white"), self.tr("导出…"))
        self.export_button.setProperty("primary", "true")
        self.record_text = ""
        self.exporting = self._started = False
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.counts)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        filters_card = QFrame(objectName="card")
        QVBoxLayout(filters_card).addWidget(self.filters)
        filters_card.layout().setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1200, 420])
        page = QVBoxLayout(self)
        page.setContentsMargins(18, 14, 18, 14)
        page.setSpacing(10)
        page.addLayout(top)
        page.addWidget(self.notice)
        page.addWidget(filters_card)
        page.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.filters.applied.connect(self.apply_filters)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_export)
        self.model.loaded.connect(self._show_counts)
        self.model.rowsInserted.connect(lambda *_: self._show_counts())
        self.model.failed.connect(lambda text: self.notice.show_notice(text, "error"))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.pane.show_entry(self.model.entry(current.row())))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.refresh()

    def refresh(self) -> None:
        """Read the kinds present and the entries of the filters again."""
        run_in_background(self, self.service.kinds, self.filters.set_kinds,
                          lambda exc: self.notice.show_notice(str(exc), "error"))
        self.apply_filters()

    def apply_filters(self) -> None:
        """Turn the filters into a query (a typed record is looked up first) and show its entries."""
        values, service = self.filters.values(), self.service
        self.record_text = values["record"].strip()
        run_in_background(self, lambda: service.filter_for(**values), self._on_filter_ready,
                          lambda exc: self.notice.show_notice(str(exc), "error"))

    def _on_filter_ready(self, flt: AuditFilter) -> None:
        self.notice.clear()
        self.pane.show_entry(None)
        self.model.set_filter(flt)
        if not self.model.started:
            self.model.reload()

    def _show_counts(self) -> None:
        shown = self.model.rowCount()
        self.counts.setText(self.tr("共 {n} 条").format(n=f"{shown:,}") if self.model.complete
                            else self.tr("已载入 {n} 条，向下滚动载入更早的").format(n=f"{shown:,}"))

    def prepare_screenshot(self) -> bool:
        """Read the first entries and show the first one in full before the screenshot."""
        if not self._started:
            self._started = True
            self.refresh()
        for _ in range(50):
            wait_for_background_work()
            QApplication.processEvents()
            if self.model.started and not self.model.loading:
                break
        if self.model.rowCount():
            self.table.selectRow(0)
        return True

    # export ------------------------------------------------------------------
    def choose_export(self) -> None:
        """Ask where to export the entries of the current filter, then export there."""
        name = self.tr("审计日志-{day}.xlsx").format(day=QDate.currentDate().toString("yyyyMMdd"))
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("导出审计日志"), name, FILE_TYPES)
        if path:
            if not path.lower().endswith((".xlsx", ".csv")):
                path += ".csv" if "csv" in chosen.lower() else ".xlsx"
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Export the current filter's entries to `path` on a worker thread."""
        if self.exporting:
            return
        self.exporting = True
        self.export_button.setEnabled(False)
        service, flt = self.service, self.model.filter
        text = describe(flt, self.record_text or None)
        run_in_background(self, lambda: service.export(flt, path, filter_text=text), self._on_exported,
                          self._on_export_failed, long=True)

    def _on_exported(self, result) -> None:
        self.exporting = False
        self.export_button.setEnabled(True)
        self.notice.show_notice(self.tr("已导出 {n} 条审计记录：{path}").format(n=result.rows, path=str(result.path)),
                                "success")

    def _on_export_failed(self, exc: Exception) -> None:
        self.exporting = False
        self.export_button.setEnabled(True)
        self.notice.show_notice(str(exc), "error")
