"""Excel in and out of the ledger: the import preview (a dry run first) and the export.

The import dialog runs app.people.importer.import_people with `dry_run=True` as soon as it opens
and shows what would happen — rows read, new, merged, unchanged, differing, rejected with their
Excel row and reason, category labels nothing matched — before the user presses "导入", which
runs the same file for real. The preview writes no file ("保存检查报告" writes the reports on
request); after the import, a report that could not be put in place is a warning beside the
success, and "映射类别…" opens the labels dialog for the labels the file brought. Both runs, and
the export, happen off the UI thread; a file that cannot be read says so in one line. While a
big sheet is read, a progress bar shows the rows read so far (the reader's progress callback,
called in the worker thread, reaches the bar through a queued signal).
"""

from __future__ import annotations

from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.people.exporter import ExportResult, export_people
from app.config.alias_admin import AliasService
from app.people.importer import ImportResult, import_people, save_import_reports
from app.people.service import PeopleService
from ui.people.labels_dialog import LabelsDialog
from ui.widgets import NoticeBar
from ui.workers import run_in_background


class ImportDialog(QDialog):
    """Preview of one ledger file, then the import; `imported(result)` after the real run."""

    imported = Signal(object)
    _rows_read = Signal(int, int)

    def __init__(self, people: PeopleService, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.people, self.path = people, Path(path)
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("导入人口台账：{name}").format(name=self.path.name))
        self.resize(760, 520)
        self.notice = NoticeBar()
        self.summary = QLabel(self.tr("正在检查文件（不写入数据库）…"), wordWrap=True)
        self.summary.setStyleSheet("font-size: 14px;")
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat(self.tr("已读取 %v / %m 行"))
        self.progress_bar.hide()
        self._rows_read.connect(self._on_rows_read)
        self.rejects = QTableWidget(0, 2)
        self.rejects.setHorizontalHeaderLabels([self.tr("Excel 行号"), self.tr("拒绝原因")])
        self.rejects.verticalHeader().setVisible(False)
        self.rejects.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejects.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.rejects.horizontalHeader().setStretchLastSection(True)
        self.import_button = QPushButton(qta.icon("mdi6.database-import-outline", color="white"), self.tr("导入"))
        self.import_button.setProperty("primary", "true")
        self.import_button.setEnabled(False)
        self.report_button = QPushButton(qta.icon("mdi6.file-document-outline", color="#33475b"),
                                         self.tr("保存检查报告"))
        self.report_button.setEnabled(False)
        self.labels_button = QPushButton(qta.icon("mdi6.tag-arrow-right-outline", color="#33475b"),
                                         self.tr("映射类别…"))
        self.labels_button.setVisible(False)
        self.close_button = QPushButton(self.tr("关闭"))
        self.import_button.clicked.connect(self.run_import)
        self.report_button.clicked.connect(self.save_reports)
        self.labels_button.clicked.connect(self.open_labels)
        self.close_button.clicked.connect(self.reject)
        self.labels_dialog: LabelsDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.labels_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.addWidget(self.notice)
        column.addWidget(self.summary)
        column.addWidget(self.progress_bar)
        column.addWidget(QLabel(self.tr("被拒绝的行")))
        column.addWidget(self.rejects, 1)
        column.addLayout(buttons)

    def preview(self) -> None:
        """Run the dry run in the background."""
        people, path, progress = self.people, self.path, self._report_progress
        run_in_background(self, lambda: import_people(people, path, dry_run=True, progress=progress),
                          self._on_preview, self._on_failed, long=True)

    def _on_preview(self, result: ImportResult) -> None:
        self.result = result
        self._show(result)
        self.import_button.setEnabled(result.imported + result.merged > 0)
        self.report_button.setEnabled(bool(result.rejects or result.conflicts or result.unmapped))

    def save_reports(self) -> None:
        """Write the preview's reports next to the file (the preview itself writes none)."""
        result, path = self.result, self.path
        self.report_button.setEnabled(False)
        run_in_background(self, lambda: save_import_reports(path, result), self._on_reports_saved, self._on_failed,
                          long=True)

    def _on_reports_saved(self, result: ImportResult) -> None:
        self._show(result)
        self.report_button.setEnabled(True)
        done = self.tr("检查报告已保存")
        if result.warnings:
            done += "\n" + self.tr("警告：{w}").format(w="；".join(result.warnings))
        self.notice.show_notice(done, "success")

    def open_labels(self) -> LabelsDialog:
        """The labels dialog, for mapping the category labels this file brought."""
        people = self.people
        aliases = AliasService(people.database, actor=people.actor, workstation=people.workstation,
                               principal=people.principal)
        self.labels_dialog = LabelsDialog(people, aliases, parent=self)
        self.labels_dialog.changed.connect(lambda: self.imported.emit(self.result))
        self.labels_dialog.show()
        self.labels_dialog.reload()
        return self.labels_dialog

    def run_import(self) -> None:
        """Import the file for real (one transaction: all of it or nothing)."""
        self.import_button.setEnabled(False)
        self.report_button.setEnabled(False)
        self.summary.setText(self.tr("正在导入…"))
        people, path, progress = self.people, self.path, self._report_progress
        run_in_background(self, lambda: import_people(people, path, progress=progress), self._on_imported,
                          self._on_failed, long=True)

    def _report_progress(self, done: int, total: int | None) -> None:
        """Called in the worker thread: hand the figures to the UI thread (a closed dialog is ignored)."""
        try:
            self._rows_read.emit(done, total or 0)
        except RuntimeError:  # the dialog was closed while the file was read
            pass

    def _on_rows_read(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, done))
        self.progress_bar.setValue(done)
        self.progress_bar.setVisible(done < total)

    def _on_imported(self, result: ImportResult) -> None:
        self.result = result
        self._show(result)
        done = self.tr("导入完成：新增 {a} 人，合并 {b} 人").format(a=result.imported, b=result.merged)
        if result.warnings:
            done += "\n" + self.tr("警告：{w}").format(w="；".join(result.warnings))
        self.notice.show_notice(done, "success")
        self.labels_button.setVisible(bool(result.unmapped))
        self.close_button.setText(self.tr("完成"))
        self.imported.emit(result)

    def _on_failed(self, exc: Exception) -> None:
        self.summary.setText("")
        self.notice.show_notice(str(exc), "error")

    def _show(self, result: ImportResult) -> None:
        what = self.tr("检查结果（尚未写入）") if result.dry_run else self.tr("导入结果")
        text = self.tr("{what}：工作表“{sheet}”共 {n} 行 —— 新增 {a}，合并 {b}，无变化 {c}，拒绝 {d}").format(
            what=what, sheet=result.sheet_name, n=result.rows_read, a=result.imported, b=result.merged,
            c=result.unchanged, d=len(result.rejects))
        if result.differing:
            text += self.tr("；已存在但内容不同（未更新）{n} 行").format(n=result.differing)
        if result.conflicts:
            text += self.tr("；另有 {n} 处与台账不一致的值未覆盖").format(n=len(result.conflicts))
        if result.unmapped:
            text += "\n" + self.tr("无法识别的人员类别（人员照常导入，写法原样保留）：{labels}").format(
                labels="、".join(f"{label}（{len(rows)}）" for label, rows in result.unmapped.items()))
        reports = [p.name for p in result.report_files.values()]
        if reports:
            text += "\n" + self.tr("明细已写入：{files}（与导入文件同一文件夹）").format(files="、".join(reports))
        self.summary.setText(text)
        self.rejects.setRowCount(len(result.rejects))
        for number, reject in enumerate(result.rejects):
            self.rejects.setItem(number, 0, QTableWidgetItem(str(reject.row_number)))
            self.rejects.setItem(number, 1, QTableWidgetItem(reject.reason))


def export_in_background(parent: QWidget, people: PeopleService, path: str, region: str | None,
                         category: str | None, on_done, on_error) -> None:
    """Write the ledger (of a region and category) to `path` off the UI thread."""
    run_in_background(parent, lambda: export_people(people, path, grid=region, category=category), on_done, on_error,
                      long=True)


__all__ = ["ExportResult", "ImportDialog", "export_in_background"]
