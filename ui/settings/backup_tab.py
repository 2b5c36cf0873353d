"""The settings dialog's 备份 tab: where and how often a local database is backed up, how many
copies are kept, a backup now, a restore, and the list of backups.

Everything that touches the database or the files runs in the background (app.backups). A
restore is checked before anything is asked; after it the program closes, so no pane keeps
showing data that is no longer there. On a server the tab only says how it is backed up
(pg_dump) and when the last backup the audit log knows of was made.
"""

from __future__ import annotations

from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.backup_settings import INTERVAL_RANGE, KEEP_RANGE, BackupSettings, set_backup_settings
from app.backups import MANUAL, BackupOverview, backup_overview, check_restorable, make_backup, restore_backup
from ui.context import UiContext
from ui.settings.cards import hint_label, settings_card
from ui.settings.retention_box import RetentionBox
from ui.workers import run_in_background

OK_COLOR, ERROR_COLOR, BUSY_COLOR = "#1e8e3e", "#d93025", "#5f6b7a"


def reason_name(reason: str) -> str:
    """How a backup's reason is shown."""
    names = {
        "manual": QCoreApplication.translate("BackupTab", "手动"),
        "scheduled": QCoreApplication.translate("BackupTab", "定时"),
        "before-upgrade": QCoreApplication.translate("BackupTab", "升级前"),
        "before-restore": QCoreApplication.translate("BackupTab", "恢复前"),
        "pg_dump": "pg_dump",
    }
    return names.get(reason, reason)


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class BackupTab(QWidget):
    """Backup settings, backup now, restore, and the backups made so far; `restored` once the
    data was replaced (the program then closes)."""

    restored = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.overview: BackupOverview | None = None
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(self.tr("默认：数据库文件旁的 backups 文件夹"))
        self.browse_button = QPushButton(qta.icon("mdi6.folder-open-outline", color="#1f5fae"), self.tr("选择…"))
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.interval = QSpinBox(minimum=INTERVAL_RANGE[0], maximum=INTERVAL_RANGE[1])
        self.interval.setSuffix(self.tr(" 小时"))
        self.keep = QSpinBox(minimum=KEEP_RANGE[0], maximum=KEEP_RANGE[1])
        self.keep.setSuffix(self.tr(" 份"))
        for spin in (self.interval, self.keep):
            spin.setMinimumWidth(120)
            spin.setMaximumWidth(160)
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存备份设置"))
        self.save_button.setProperty("primary", "true")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.last_label = QLabel(wordWrap=True)
        self.backup_button = QPushButton(qta.icon("mdi6.database-export", color="#1f5fae"), self.tr("立即备份"))
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button = QPushButton(qta.icon("mdi6.backup-restore", color="#b3261e"), self.tr("恢复…"))
        self.restore_button.setProperty("danger", "true")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.status = QLabel(wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = self._table()
        self.server_note = QLabel(wordWrap=True)
        self.server_note.setVisible(False)
        self._lay_out()
        self._set_busy(True)
        self.load()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("原因"), self.tr("大小"), self.tr("结构版本")])
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return table

    def _lay_out(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("备份文件夹"), folder_row)
        form.addRow(self.tr("定时备份间隔"), self.interval)
        form.addRow(self.tr("保留手动和定时备份"), self.keep)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        self.settings_card = settings_card(self.tr("本地备份"), form, save_row, hint_label(self.tr(
            "程序运行时按间隔自动备份；升级前和恢复前另存安全副本（各保留 3 份）。备份时其他工作站可照常写入。")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.server_note)
        layout.addWidget(self.settings_card)
        self.retention = RetentionBox(self.ctx)
        layout.addWidget(self.retention)
        layout.addWidget(settings_card(self.tr("备份与恢复"), self.last_label, actions, self.status, self.table), 1)



    # loading -------------------------------------------------------------
    def load(self) -> None:
        """Read the settings, the backups and the last recorded backup."""
        database = self.ctx.database
        run_in_background(self, lambda: backup_overview(database), self.show_overview, self._on_error)

    def show_overview(self, overview: BackupOverview) -> None:
        """Show what `backup_overview` read."""
        self.overview = overview
        self.folder_edit.setText(overview.settings.folder or "")
        self.folder_edit.setPlaceholderText(str(overview.folder) if overview.folder else "")
        self.interval.setValue(overview.settings.interval_hours)
        self.keep.setValue(overview.settings.keep)
        self.last_label.setText(self._last_text(overview))
        self.table.setRowCount(0)
        for backup in overview.backups:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (backup.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), reason_name(backup.reason),
                     size_text(backup.size), backup.revision or self.tr("无法读取"))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.server_note.setVisible(not overview.local)
        if not overview.local:
            self.server_note.setText(self.tr(
                "数据库在服务器上：由管理员用 pg_dump 备份、pg_restore 恢复（见说明书“备份”一节）。"
                "备份后可运行 gridcc db note-backup 文件 登记，各工作站在此看到最近备份时间。"))
        self._set_busy(False)

    def _last_text(self, overview: BackupOverview) -> str:
        last = overview.last
        if last is None:
            return self.tr("最近一次备份：尚无记录")
        return self.tr("最近一次备份：{when}（{reason}）").format(
            when=last.at.astimezone().strftime("%Y-%m-%d %H:%M"), reason=reason_name(last.reason))

    def _set_busy(self, busy: bool) -> None:
        local = self.overview is not None and self.overview.local
        for widget in (self.save_button, self.backup_button, self.restore_button, self.browse_button,
                       self.folder_edit, self.interval, self.keep):
            widget.setEnabled(local and not busy)

    # actions -------------------------------------------------------------
    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _on_save_clicked(self) -> None:
        settings = BackupSettings(folder=self.folder_edit.text(), keep=self.keep.value(),
                                  interval_hours=self.interval.value())
        database, principal = self.ctx.database, self.ctx.principal
        self._start(self.tr("正在保存……"))
        run_in_background(self, lambda: set_backup_settings(database, settings, principal=principal),
                          lambda _stored: self._done(self.tr("✔ 备份设置已保存")), self._on_error)

    def _on_backup_clicked(self) -> None:
        ctx = self.ctx
        self._start(self.tr("正在备份……"))
        run_in_background(self, lambda: make_backup(ctx.database, MANUAL, actor=ctx.user,
                                                            principal=ctx.principal),
                          lambda backup: self._done(self.tr("✔ 已备份到 {path}").format(path=backup.path)),
                          self._on_error, long=True)

    def _on_restore_clicked(self) -> None:
        start = str(self.overview.folder) if self.overview and self.overview.folder else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择要恢复的备份文件"), start,
                                              self.tr("数据库备份 (*.db);;所有文件 (*)"))
        if path:
            self.restore_file(Path(path))

    def restore_file(self, path: Path) -> None:
        """Check `path` in the background, then ask, then restore."""
        self._start(self.tr("正在检查备份文件……"))
        run_in_background(self, lambda: check_restorable(path), lambda _rev: self._confirm_restore(path),
                          self._on_error, long=True)

    def _confirm_restore(self, path: Path) -> None:
        answer = QMessageBox.question(self, self.tr("恢复数据库"), self.tr(
            "用备份“{name}”替换当前数据？\n当前数据会先另存为“恢复前”备份。恢复后程序将关闭，"
            "请重新启动；其他工作站也请重新启动。").format(name=path.name))
        if answer != QMessageBox.StandardButton.Yes:
            self._done(self.tr("未恢复"))
            return
        ctx = self.ctx
        self._start(self.tr("正在恢复……"))
        run_in_background(self, lambda: restore_backup(ctx.database, path, actor=ctx.user,
                                                               principal=ctx.principal),
                          lambda _safety: self._on_restored(), self._on_error, long=True)

    def _on_restored(self) -> None:
        QMessageBox.information(self, self.tr("恢复完成"), self.tr("数据已恢复。程序现在关闭，请重新启动。"))
        self.restored.emit()

    def _start(self, message: str) -> None:
        self._set_busy(True)
        self._show(message, BUSY_COLOR)

    def _done(self, message: str) -> None:
        self._show(message, OK_COLOR)
        self.load()

    def _on_error(self, exc: Exception) -> None:
        self._show("✖ " + str(exc), ERROR_COLOR)
        self._set_busy(False)

    def _show(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color}; font-weight: bold;")
