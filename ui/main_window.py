"""The main window: header, navigation, the pages, the connection banner and the status bar.

It only assembles; every page is its own widget (ui/cases, ui/dispatch, …) and every rule
lives in app/.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QToolButton,
    QVBoxLayout, QWidget,
)

import qtawesome as qta

from ui.context import UiContext
from ui.status_bar import StatusBar


class MainWindow(QMainWindow):
    """Pages are added with `add_page`; `open_case` shows one case in the detail page."""

    def __init__(self, ctx: UiContext, settings: QSettings):
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        self.pages: dict[str, QWidget] = {}
        self._nav_rows: dict[str, int] = {}
        self.setWindowTitle(self.tr("网格化管理指挥中心") + (self.tr("（演示）") if ctx.demo else ""))
        self.setWindowIcon(qta.icon("mdi6.radar", color="#1f5fae"))
        self.setMinimumSize(1100, 680)

        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(self.nav.iconSize() * 1.3)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.stack = QStackedWidget()
        self.banner = QLabel(objectName="banner")
        self.banner.setVisible(False)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._header())
        column.addWidget(self.banner)
        column.addLayout(body, 1)
        central = QWidget(objectName="page")
        central.setLayout(column)
        self.setCentralWidget(central)

        self.status = StatusBar(ctx, self)
        self.setStatusBar(self.status)
        ctx.hub.connection_lost.connect(self._on_hub_connection_lost)
        ctx.hub.connection_restored.connect(self._on_hub_connection_restored)

    def _header(self) -> QWidget:
        header = QWidget(objectName="header")
        header.setFixedHeight(54)
        layout = QHBoxLayout(header)
        layout.setContentsMargins(18, 0, 18, 0)
        icon = QLabel()
        icon.setPixmap(qta.icon("mdi6.radar", color="white").pixmap(28, 28))
        title = QLabel(self.tr("网格化管理指挥中心"), objectName="headerTitle")
        layout.addWidget(icon)
        layout.addWidget(title)
        layout.addStretch(1)
        if self.ctx.demo:
            layout.addWidget(QLabel(self.tr("演示数据库：数据为虚构，不影响正式数据"), objectName="headerSub"))
        settings_button = QToolButton(objectName="headerButton")
        settings_button.setIcon(qta.icon("mdi6.cog-outline", color="white"))
        settings_button.setToolTip(self.tr("设置"))
        settings_button.setAutoRaise(True)
        settings_button.clicked.connect(self.open_settings)
        layout.addSpacing(12)
        layout.addWidget(settings_button)
        return header

    def open_settings(self) -> None:
        """The settings dialog (database, office hours, calendar, language)."""
        from ui.settings.settings_dialog import SettingsDialog
        SettingsDialog(self.ctx, self.settings, self).exec()

    # pages ---------------------------------------------------------------
    def add_page(self, key: str, widget: QWidget, title: str | None = None, icon: str | None = None) -> None:
        """Add a page; with a title it also gets a navigation entry."""
        self.pages[key] = widget
        self.stack.addWidget(widget)
        if title:
            item = QListWidgetItem(qta.icon(icon, color="#dfe7f2"), title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._nav_rows[key] = self.nav.count() - 1

    def show_page(self, key: str) -> None:
        """Bring a page to the front (and select its navigation entry, if it has one)."""
        widget = self.pages[key]
        if key in self._nav_rows and self.nav.currentRow() != self._nav_rows[key]:
            self.nav.setCurrentRow(self._nav_rows[key])
        else:
            if key not in self._nav_rows:
                self.nav.clearSelection()
            self.stack.setCurrentWidget(widget)
            activate = getattr(widget, "activate", None)
            if activate:
                activate()

    def current_page(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), "")

    def open_case(self, case_no: str) -> None:
        """Show one case in the detail page."""
        self.pages["case"].load(case_no)
        self.show_page("case")

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self.pages[key])
        activate = getattr(self.pages[key], "activate", None)
        if activate:
            activate()

    # connection banner ---------------------------------------------------
    def _on_hub_connection_lost(self, reason: str) -> None:
        self.banner.setText(self.tr("与数据库的连接已断开，正在自动重连……已填写的内容不会丢失。") + (f"（{reason}）" if reason else ""))
        self.banner.setVisible(True)

    def _on_hub_connection_restored(self) -> None:
        self.banner.setVisible(False)

    # persistence ---------------------------------------------------------
    def restore_layout(self) -> None:
        """Window geometry and dock state as the user left them."""
        geometry = self.settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        last = self.settings.value("main/page", "")
        if last in self._nav_rows:
            self.show_page(last)
        elif self._nav_rows:
            self.nav.setCurrentRow(0)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.settings.setValue("main/geometry", self.saveGeometry())
        if self.current_page() in self._nav_rows:
            self.settings.setValue("main/page", self.current_page())
        for widget in self.pages.values():
            save = getattr(widget, "save_layout", None)
            if save:
                save(self.settings)
        watcher = getattr(self, "watcher", None)
        if watcher is not None:
            watcher.stop()
        super().closeEvent(event)
