"""The main window: header, navigation, the pages, the connection banner and the status bar.

It only assembles; every page is its own widget (ui/cases, ui/dispatch, …) and every rule
lives in app/.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from functools import partial

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QToolButton,
    QVBoxLayout, QWidget,
)

import qtawesome as qta

from app.accounts.principal import SYSTEM
from ui.context import UiContext
from ui.help_menu import help_button
from ui.status_bar import StatusBar
from ui.workers import run_in_background

#: How long after the window appears the pages asked for by `build_after_show` are built: long
#: enough for the first page to be painted and read its first rows.
BUILD_AFTER_SHOW_MS = 800
#: The share of the screen a first window takes when the user un-maximizes it
NORMAL_SHARE = 0.8


class LazyPages(Mapping):
    """The window's pages by key, each built the first time it is asked for.

    A page costs its imports and its first database read; building only the page the user
    sees keeps the start under two seconds. `key in pages` tells whether the window has such
    a page at all (built or not); `pages[key]` and `pages.get(key)` build it when needed.
    """

    def __init__(self, on_built: Callable[[str, QWidget], None]):
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._built: dict[str, QWidget] = {}
        self._on_built = on_built

    def register(self, key: str, factory: Callable[[], QWidget]) -> None:
        self._factories[key] = factory

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._built:
            widget = self._factories[key]()
            self._built[key] = widget
            self._on_built(key, widget)
        return self._built[key]

    def __contains__(self, key: object) -> bool:
        return key in self._factories  # Mapping's own would build the page to find out

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def built(self) -> dict[str, QWidget]:
        """The pages built so far (closing the window saves only their layout)."""
        return dict(self._built)


class MainWindow(QMainWindow):
    """Pages are added with `add_page`; `open_case` shows one case in the detail page.

    `logout_requested` asks whoever started the window (ui/accounts/session.py) for the login
    again; `idle_lock` (ui/accounts/lock_screen.py) is set when a person is logged in.
    """

    logout_requested = Signal()

    def __init__(self, ctx: UiContext, settings: QSettings):
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        self.pages = LazyPages(self._on_page_built)
        self._after_show: list[str] = []
        self._imports_after_show: list[str] = []
        self._nav_rows: dict[str, int] = {}
        self.idle_lock = None
        self._connection_lost = self._sync_offline = False
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
        wall_button = QToolButton(objectName="headerButton")
        wall_button.setIcon(qta.icon("mdi6.monitor-dashboard", color="white"))
        wall_button.setToolTip(self.tr("打开大屏（在设置中选择显示器和观看距离）"))
        wall_button.setAutoRaise(True)
        wall_button.clicked.connect(self.open_wall)
        layout.addSpacing(12)
        layout.addWidget(wall_button)
        settings_button = QToolButton(objectName="headerButton")
        settings_button.setIcon(qta.icon("mdi6.cog-outline", color="white"))
        settings_button.setToolTip(self.tr("设置"))
        settings_button.setAutoRaise(True)
        settings_button.clicked.connect(self.open_settings)
        layout.addSpacing(12)
        layout.addWidget(help_button(self.ctx, self.settings, self))
        layout.addWidget(settings_button)
        if self.ctx.principal is not SYSTEM:
            from ui.accounts.account_menu import account_button
            layout.addWidget(account_button(self.ctx, self))
        return header

    def lock_screen(self) -> None:
        """Cover the window until the account's password is given again (账户 → 锁定屏幕)."""
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def open_settings(self) -> None:
        """The settings dialog (database, office hours, calendar, language)."""
        from ui.settings.settings_dialog import SettingsDialog
        SettingsDialog(self.ctx, self.settings, self).exec()

    def open_wall(self) -> None:
        """The wall display on its screen (brought to the front if it is already open)."""
        wall = getattr(self, "wall_window", None)
        if wall is not None and wall.isVisible():
            wall.raise_()
            return
        from ui.wall.launch import open_wall
        self.wall_window = open_wall(self.ctx, self.settings)

    # pages ---------------------------------------------------------------
    def add_page(self, key: str, build: Callable[[], QWidget], title: str | None = None,
                 icon: str | None = None, *, permission: str | None = None) -> None:
        """Add a page, built by `build` when first shown or asked for; with a title it also
        gets a navigation entry. A page whose `permission` the logged-in account lacks is not
        added at all (the service would refuse its reads anyway)."""
        if permission is not None and not self.ctx.may(permission):
            return
        self.pages.register(key, build)
        if title:
            item = QListWidgetItem(qta.icon(icon, color="#dfe7f2"), title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._nav_rows[key] = self.nav.count() - 1

    def build_after_show(self, key: str) -> None:
        """Build page `key` shortly after the window first appears, even if it is not shown
        (nothing when the account has no such page)."""
        if key in self.pages:
            self._after_show.append(key)

    def import_after_show(self, module: str) -> None:
        """Import `module` in the background shortly after the window first appears, so the page
        that needs it opens without the wait (a failure is left for that page to report)."""
        self._imports_after_show.append(module)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._after_show or self._imports_after_show:
            keys, self._after_show = self._after_show, []
            modules, self._imports_after_show = self._imports_after_show, []
            QTimer.singleShot(BUILD_AFTER_SHOW_MS, self, lambda: self._after_first_show(keys, modules))

    def _after_first_show(self, keys: list[str], modules: list[str]) -> None:
        for key in keys:
            self.pages[key]  # asking for a page builds it
        for module in modules:
            run_in_background(self, partial(importlib.import_module, module), lambda _module: None, lambda _exc: None)

    def _on_page_built(self, key: str, widget: QWidget) -> None:
        self.stack.addWidget(widget)
        restore = getattr(widget, "restore_layout", None)
        if restore:
            restore(self.settings)

    def show_page(self, key: str) -> None:
        """Bring a page to the front (and select its navigation entry, if it has one); nothing
        for a page the logged-in account does not have (a link from another page)."""
        if key not in self.pages:
            return
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
        return next((k for k, w in self.pages.built().items() if w is widget), "")

    def open_case(self, case_no: str) -> None:
        """Show one case in the detail page."""
        self.pages["case"].load(case_no)
        self.show_page("case")

    def open_dispute(self, dispute_no: str) -> None:
        """Show one dispute's card on its own page."""
        self.pages["dispute"].load(dispute_no)
        self.show_page("dispute")

    def open_person(self, person_id) -> None:
        """Show one person's card in the people ledger (if the account has the ledger)."""
        if "people" not in self.pages:
            return
        self.show_page("people")
        self.pages["people"].open_person(person_id)

    def open_person_disputes(self, person_id, name: str) -> None:
        """Show the docket filtered to one party (from a person's card)."""
        if "docket" not in self.pages:
            return
        self.pages["docket"].show_person(person_id, name)
        self.show_page("docket")

    def register_dispute_from_case(self, case_no: str, facts: str = "", place: str = "") -> None:
        """Open the register form prefilled from a case and linked to it (from a case's detail)."""
        if "docket" not in self.pages:
            return
        self.show_page("docket")
        self.pages["docket"].register_from_case(case_no, facts, place)

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
        self._connection_lost = True
        self.banner.setText(self.tr("与数据库的连接已断开，正在自动重连……已填写的内容不会丢失。") + (f"（{reason}）" if reason else ""))
        self.banner.setVisible(True)

    def _on_hub_connection_restored(self) -> None:
        self._connection_lost = False
        self.banner.setVisible(False)
        self.set_sync_offline(self._sync_offline)

    def set_sync_offline(self, offline: bool, reason: str = "") -> None:
        """On a replica (ui/sync): say the desk works on its own copy while the server is away.
        The local database's own connection banner, when shown, stays in front."""
        self._sync_offline = offline
        if self._connection_lost:
            return
        if offline:
            self.banner.setText(self.tr("服务器暂时无法连接：本机正在离线副本上工作，修改会保存在本机，恢复连接后自动同步。"))
            self.banner.setToolTip(reason)
        self.banner.setVisible(offline)

    # persistence ---------------------------------------------------------
    def restore_layout(self) -> None:
        """Window geometry and page as the user left them; the first time, maximized on the
        primary screen (un-maximizing then gives a window of most of that screen, centred)."""
        geometry = self.settings.value("main/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._open_maximized_on_primary_screen()
        last = self.settings.value("main/page", "")
        if last in self._nav_rows:
            self.show_page(last)
        elif self._nav_rows:
            self.nav.setCurrentRow(0)

    def _open_maximized_on_primary_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            normal = QRect(0, 0, round(area.width() * NORMAL_SHARE), round(area.height() * NORMAL_SHARE))
            normal.moveCenter(area.center())
            self.setGeometry(normal)
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.settings.setValue("main/geometry", self.saveGeometry())
        if self.current_page() in self._nav_rows:
            self.settings.setValue("main/page", self.current_page())
        for widget in self.pages.built().values():
            save = getattr(widget, "save_layout", None)
            if save:
                save(self.settings)
        wall = getattr(self, "wall_window", None)
        if wall is not None:
            wall.close()
        for name in ("watcher", "sync_worker"):
            running = getattr(self, name, None)
            if running is not None:
                running.stop()
        super().closeEvent(event)
