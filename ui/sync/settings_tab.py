"""Settings → 同步: a replica's status, its sync interval and 立即同步; for a new local file, what
replica mode is and 设为离线副本 (only while the file holds no business data — app.sync.replica's
rule, its one line shown otherwise); for a server, that nothing needs syncing here."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

import qtawesome as qta

from app.config.connection import check_database_url
from app.sync.settings import MAX_INTERVAL_S, MIN_INTERVAL_S, replica_refusal, set_interval
from app.sync.replica import init_replica
from app.sync.state import SyncStatus, is_replica, sync_status
from ui.context import UiContext
from ui.settings.cards import hint_label, settings_card
from ui.workers import run_in_background

OK_COLOR, ERROR_COLOR, BUSY_COLOR = "#1e8e3e", "#d93025", "#5f6b7a"


def _say(label: QLabel, text: str, color: str) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {color}; font-weight: bold;")


def offers_sync_tab(ctx: UiContext, config_permission: str) -> bool:
    """A replica shows its status to everyone; a plain local file offers to become a replica to
    those who may change the configuration (the server's replaces the file's); a server has
    nothing to sync."""
    if ctx.database.kind != "sqlite":
        return False
    return ctx.may(config_permission) or is_replica(ctx.database)


class _Progress(QObject):
    """Carries init_replica's progress from the worker thread to the tab (a queued signal)."""

    moved = Signal(str, int)


class SyncTab(QWidget):
    """`worker` is the window's SyncWorker on a replica (None elsewhere)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, worker=None):
        super().__init__(parent)
        self.ctx, self.worker = ctx, worker
        self.status_label = QLabel(wordWrap=True)
        self.result = QLabel(wordWrap=True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 16, 16, 16)
        self.layout_.setSpacing(12)
        self.replica_box = self._replica_card()
        self.init_box = self._init_card()
        self.server_box = settings_card(self.tr("离线同步"), hint_label(self.tr(
            "本机直接连接数据库服务器，修改即时保存在服务器上，无需同步。各离线副本的冲突在“离线同步”页面处理。")))
        for box in (self.replica_box, self.init_box, self.server_box):
            box.setVisible(False)
            self.layout_.addWidget(box)
        self.layout_.addWidget(self.result)
        self.layout_.addStretch(1)
        if worker is not None:
            worker.status_changed.connect(self.show_status)
            worker.synced.connect(lambda _report: _say(self.result, self.tr("✔ 同步完成"), OK_COLOR))
            worker.failed.connect(lambda line, _offline: _say(self.result, "✖ " + line, ERROR_COLOR))
        self.progress = _Progress(self)
        self.progress.moved.connect(self._on_progress)
        self.load()

    # ---------------------------------------------------------------- cards
    def _replica_card(self):
        self.interval = QSpinBox(minimum=MIN_INTERVAL_S, maximum=MAX_INTERVAL_S, suffix=self.tr(" 秒"))
        self.save_interval = QPushButton(qta.icon("mdi6.content-save", color="#1f5fae"), self.tr("保存间隔"))
        self.save_interval.clicked.connect(self._on_save_interval)
        self.sync_button = QPushButton(qta.icon("mdi6.cloud-sync-outline", color="white"), self.tr("立即同步"))
        self.sync_button.setProperty("primary", "true")
        self.sync_button.clicked.connect(self._on_sync_now)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("自动同步间隔：")))
        row.addWidget(self.interval)
        row.addWidget(self.save_interval)
        row.addStretch(1)
        row.addWidget(self.sync_button)
        return settings_card(self.tr("离线副本"), self.status_label, row, hint_label(self.tr(
            "本机在离线副本上工作：修改先保存在本机，与服务器连通时自动推送并拉取其他工作站的修改；"
            "本机有修改约 2 秒后、服务器上有其他工作站的修改时也会立即同步。")))

    def _init_card(self):
        self.url_edit = QLineEdit(placeholderText=self.tr("postgresql://用户:密码@服务器:5432/库名"))
        self.test_button = QPushButton(qta.icon("mdi6.lan-connect", color="#1f5fae"), self.tr("测试连接"))
        self.test_button.clicked.connect(self._on_test)
        self.init_button = QPushButton(qta.icon("mdi6.cloud-download-outline", color="white"), self.tr("设为离线副本"))
        self.init_button.setProperty("primary", "true")
        self.init_button.clicked.connect(self._on_init)
        self.refusal = QLabel(wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.init_button)
        row.addStretch(1)
        return settings_card(self.tr("设为离线副本"), hint_label(self.tr(
            "离线副本模式：本机的 SQLite 文件保存服务器数据的副本，网络中断时照常登记和办理，"
            "恢复连接后自动与服务器同步；同一字段两边都改过时列为冲突，由有权限的人员处理。"
            "只有尚无业务数据（案件、人员、纠纷）的新文件才能设为副本。")),
            self.url_edit, row, self.refusal, spacing=8)

    # ---------------------------------------------------------------- state
    def load(self) -> None:
        database = self.ctx.database

        def work():
            if database.kind != "sqlite":
                return "server", None
            status = sync_status(database)
            return ("replica", status) if status.replica else ("local", replica_refusal(database))

        run_in_background(self, work, self._on_loaded, lambda exc: _say(self.result, "✖ " + str(exc), ERROR_COLOR))

    def _on_loaded(self, result) -> None:
        mode, value = result
        self.replica_box.setVisible(mode == "replica")
        self.init_box.setVisible(mode == "local")
        self.server_box.setVisible(mode == "server")
        if mode == "replica":
            self.show_status(value)
        elif mode == "local":
            self.init_button.setEnabled(value is None)
            for widget in (self.url_edit, self.test_button, self.init_button):  # nothing to do with this file
                widget.setVisible(value is None)
            if value:
                _say(self.refusal, "✖ " + value, ERROR_COLOR)

    def show_status(self, status: SyncStatus) -> None:
        tz = self.ctx.cases.config().tz
        last = f"{status.last_sync_at.astimezone(tz):%Y-%m-%d %H:%M:%S}" if status.last_sync_at else self.tr("尚未同步")
        lines = [self.tr("服务器：{server}　本机工作站：{desk}").format(server=status.server, desk=status.desk),
                 self.tr("状态：{state}　上次同步：{last}").format(
                     state=self.tr("在线") if status.online else self.tr("离线"), last=last),
                 self.tr("待推送修改：{pending}　未处理冲突：{conflicts}").format(pending=status.pending,
                                                                    conflicts=status.conflicts)]
        if status.last_error:
            lines.append(status.last_error)
        self.status_label.setText("\n".join(lines))
        self.interval.setValue(status.interval_s)

    # -------------------------------------------------------------- actions
    def _on_save_interval(self) -> None:
        database, seconds = self.ctx.database, self.interval.value()
        run_in_background(self, lambda: set_interval(database, seconds), self._on_interval_saved,
                          lambda exc: _say(self.result, "✖ " + str(exc), ERROR_COLOR))

    def _on_interval_saved(self, seconds: int) -> None:
        if self.worker is not None:
            self.worker.set_interval(seconds)
        _say(self.result, self.tr("✔ 已保存：每 {seconds} 秒自动同步").format(seconds=seconds), OK_COLOR)

    def _on_sync_now(self) -> None:
        if self.worker is None:
            _say(self.result, self.tr("重新启动程序后开始同步"), BUSY_COLOR)
            return
        _say(self.result, self.tr("正在同步…"), BUSY_COLOR)
        self.worker.sync_now()

    def _on_test(self) -> None:
        typed = self.url_edit.text().strip()
        _say(self.refusal, self.tr("正在测试连接…"), BUSY_COLOR)
        run_in_background(self, lambda: check_database_url(typed),
                          lambda check: _say(self.refusal, ("✔ " if check.ok else "✖ ") + check.message,
                                             OK_COLOR if check.ok else ERROR_COLOR),
                          lambda exc: _say(self.refusal, "✖ " + str(exc), ERROR_COLOR))

    def _on_init(self) -> None:
        typed = self.url_edit.text().strip()
        if not typed:
            _say(self.refusal, self.tr("✖ 请填写服务器地址"), ERROR_COLOR)
            return
        self.init_button.setEnabled(False)
        _say(self.refusal, self.tr("正在从服务器复制数据…"), BUSY_COLOR)
        database, progress = self.ctx.database, self.progress
        run_in_background(self, lambda: init_replica(database, typed, progress=progress.moved.emit), self._on_made, self._on_init_failed, long=True)

    def _on_progress(self, table: str, rows: int) -> None:
        _say(self.refusal, self.tr("正在从服务器复制数据…已复制 {rows} 行（{table}）").format(rows=rows, table=table),
             BUSY_COLOR)

    def _on_made(self, made) -> None:
        _say(self.refusal, self.tr("✔ 已设为离线副本（本机工作站 {desk}，复制 {rows} 行）；重新启动程序后开始自动同步").format(
            desk=made.desk, rows=made.rows), OK_COLOR)

    def _on_init_failed(self, exc: Exception) -> None:
        self.init_button.setEnabled(True)
        _say(self.refusal, "✖ " + str(exc), ERROR_COLOR)
