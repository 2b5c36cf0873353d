"""Putting the main window together: which pages exist, in which order, and the watcher."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings

from ui.cases.detail_page import CaseDetailPage
from ui.cases.intake_page import IntakePage
from ui.cases.queue_page import QueuePage
from ui.context import UiContext
from ui.dispatch.dispatch_page import DispatchPage
from ui.main_window import MainWindow
from ui.map.map_page import MapPage
from ui.people.people_page import PeoplePage
from ui.watching import DatabaseWatcher


def build_main_window(ctx: UiContext, settings: QSettings) -> MainWindow:
    """The main window with every page, watching the database for other workstations."""
    window = MainWindow(ctx, settings)
    window.add_page("queue", QueuePage(ctx, window), QCoreApplication.translate("MainWindow", "案件队列"),
                    "mdi6.format-list-bulleted")
    window.add_page("dispatch", DispatchPage(ctx, window), QCoreApplication.translate("MainWindow", "调度台"),
                    "mdi6.traffic-light")
    window.add_page("people", PeoplePage(ctx, window), QCoreApplication.translate("MainWindow", "人口台账"),
                    "mdi6.account-group")
    window.add_page("map", MapPage(ctx, window), QCoreApplication.translate("MainWindow", "一张图"), "mdi6.map-outline")
    window.add_page("intake", IntakePage(ctx, window), QCoreApplication.translate("MainWindow", "受理登记"),
                    "mdi6.file-document-edit-outline")
    window.add_page("case", CaseDetailPage(ctx, window))
    for page in window.pages.values():
        restore = getattr(page, "restore_layout", None)
        if restore:
            restore(settings)
    window.watcher = DatabaseWatcher(ctx.database, ctx.hub, parent=window)
    window.watcher.start()
    return window
