"""The 离线同步 page: 冲突处理 (open conflicts, their three values, the three ways to settle them)
and 同步日志 (what each sync did, newest first). Reads and resolutions run in the background;
the rules are app.sync.conflicts'."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

import qtawesome as qta

from app.sync.conflict_view import ConflictView
from app.sync.conflicts import PERMISSION, ConflictService
from app.sync.settings import sync_log
from ui.widgets.row_table import row_table
from ui.context import UiContext
from ui.sync.merge_dialog import MergeDialog
from ui.workers import run_in_background


def _table(headers: list[str]) -> QTableWidget:
    return row_table(headers, wrap=True)


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeRowsToContents()


class ConflictsView(QWidget):
    """The list of conflicts on the left, the chosen one's detail and buttons on the right."""

    resolved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.conflicts: list[ConflictView] = []
        self.show_all = QCheckBox(self.tr("显示已处理的冲突"))
        self.show_all.toggled.connect(self.load)
        self.count = QLabel()
        self.list = _table([self.tr("类型"), self.tr("记录"), self.tr("数据"), self.tr("工作站"), self.tr("发现时间"),
                            self.tr("处理")])
        self.list.itemSelectionChanged.connect(self._show_selected)
        self.title = QLabel(objectName="conflictTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 15px; color: #1a2b3c;")
        self.detail = QLabel(wordWrap=True)
        self.detail.setStyleSheet("color: #5f6b7a;")
        self.fields = _table([self.tr("字段"), self.tr("原值"), self.tr("本机"), self.tr("服务器")])
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.server_button = QPushButton(qta.icon("mdi6.server", color="#1f5fae"), self.tr("采用服务器"))
        self.local_button = QPushButton(qta.icon("mdi6.laptop", color="#1f5fae"), self.tr("采用本机"))
        self.merge_button = QPushButton(qta.icon("mdi6.call-merge", color="#1f5fae"), self.tr("合并…"))
        self.server_button.clicked.connect(lambda: self.resolve("server"))
        self.local_button.clicked.connect(lambda: self.resolve("local"))
        self.merge_button.clicked.connect(self._merge)
        self.result = QLabel(wordWrap=True)
        self._layout()
        self._show_selected()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.show_all)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(top)
        left_column.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for button in (self.server_button, self.local_button, self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(8, 0, 0, 0)
        for widget in (self.title, self.detail):
            right_column.addWidget(widget)
        right_column.addWidget(self.fields, 1)
        right_column.addLayout(buttons)
        right_column.addWidget(self.result)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter)

    # ------------------------------------------------------------------ load
    def load(self) -> None:
        service, open_only = ConflictService(self.ctx.database, self.ctx.principal), not self.show_all.isChecked()
        run_in_background(self, lambda: service.list(open_only=open_only), self._on_loaded, self._on_error)

    def _on_loaded(self, conflicts: list[ConflictView]) -> None:
        chosen = self.selected()
        self.conflicts = conflicts
        open_count = sum(1 for c in conflicts if c.resolved_at is None)
        self.count.setText(self.tr("待处理冲突：{count}").format(count=open_count))
        tz = self.ctx.cases.config().tz
        _fill(self.list, [[c.kind_label, c.record, c.table_label, c.desk, f"{c.detected_at.astimezone(tz):%m-%d %H:%M}",
                           c.resolution_label] for c in conflicts])
        ids = [c.id for c in conflicts]
        if conflicts:
            self.list.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        self._show_selected()

    def selected(self) -> ConflictView | None:
        rows = self.list.selectionModel().selectedRows() if self.list.selectionModel() else []
        return self.conflicts[rows[0].row()] if rows and rows[0].row() < len(self.conflicts) else None

    def _show_selected(self) -> None:
        conflict = self.selected()
        may = self.ctx.may(PERMISSION)
        open_ = conflict is not None and conflict.resolved_at is None
        if conflict is None:
            self.title.setText(self.tr("没有需要处理的冲突"))
            self.detail.setText(self.tr("同步时无法自动合并的修改会列在这里，由有权限的人员决定保留哪一边。"))
            _fill(self.fields, [])
        else:
            self.title.setText(f"{conflict.kind_label} · {conflict.table_label} {conflict.record}")
            detail = conflict.detail
            if conflict.resolved_at is not None:
                detail += self.tr("（已由 {who} 处理：{how}）").format(who=conflict.resolved_by, how=conflict.resolution_label)
            self.detail.setText(detail)
            _fill(self.fields, [[f.label, f.base, f.local, f.server] for f in conflict.fields])
        self.server_button.setText(self.tr("确认") if conflict is not None and conflict.kind == "workflow" else self.tr("采用服务器"))
        self.server_button.setEnabled(open_ and may)
        self.local_button.setEnabled(open_ and may and conflict.kind != "workflow")
        self.merge_button.setEnabled(open_ and may and conflict.kind == "update_update")
        if not may:
            self.result.setText(self.tr("处理冲突需要“处理离线同步冲突”权限"))

    # --------------------------------------------------------------- resolve
    def _merge(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        dialog = MergeDialog(conflict, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.resolve("merged", dialog.values())

    def resolve(self, choice: str, merged: dict | None = None) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        service, actor = ConflictService(self.ctx.database, self.ctx.principal), self.ctx.user
        for button in (self.server_button, self.local_button, self.merge_button):
            button.setEnabled(False)
        run_in_background(self, lambda: service.resolve(conflict.id, choice, actor, merged),
                          self._on_resolved, self._on_error)

    def _on_resolved(self, outcome) -> None:
        self.result.setStyleSheet("color: #1e8e3e;")
        self.result.setText("✔ " + outcome.message)
        self.ctx.hub.notify_local()
        self.resolved.emit()
        self.load()

    def _on_error(self, exc: Exception) -> None:
        self.result.setStyleSheet("color: #d93025;")
        self.result.setText("✖ " + str(exc))
        self._show_selected()


class SyncLogView(QWidget):
    """Each sync's time, outcome and counts, newest first."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = _table([self.tr("时间"), self.tr("结果"), self.tr("推送"), self.tr("拉取"), self.tr("冲突"),
                             self.tr("用时（秒）"), self.tr("说明")])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.table)

    def load(self) -> None:
        database = self.ctx.database
        run_in_background(self, lambda: sync_log(database), self._on_loaded, lambda _exc: None)

    def _on_loaded(self, lines) -> None:
        tz = self.ctx.cases.config().tz
        _fill(self.table, [[f"{line.at.astimezone(tz):%Y-%m-%d %H:%M:%S}", line.outcome_label, str(line.pushed),
                            str(line.pulled), str(line.conflicts), "" if line.seconds is None else f"{line.seconds:.1f}",
                            line.message] for line in lines])


class SyncPage(QWidget):
    """The page: its two tabs reload when shown and after every sync."""

    def __init__(self, ctx: UiContext, window=None):
        super().__init__()
        self.ctx = ctx
        self.conflicts = ConflictsView(ctx, self)
        self.log = SyncLogView(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.conflicts, qta.icon("mdi6.call-split", color="#1f5fae"), self.tr("冲突处理"))
        self.tabs.addTab(self.log, qta.icon("mdi6.history", color="#1f5fae"), self.tr("同步日志"))
        title = QLabel(self.tr("离线同步"))
        title.setStyleSheet("font-weight: bold; font-size: 18px; color: #1a2b3c;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        ctx.hub.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.conflicts.load()
        self.log.load()

    def activate(self) -> None:
        self.reload()

    def show_log(self) -> None:
        self.tabs.setCurrentWidget(self.log)

    def show_conflicts(self) -> None:
        self.tabs.setCurrentWidget(self.conflicts)

