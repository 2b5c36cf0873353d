"""Putting the main window together: which pages exist, in which order, and the watcher.

Pages are registered with a factory and built when first shown (see `LazyPages`); their modules
are imported then too, so the map's web engine, the ledger's Excel code and so on cost nothing
until they are used. The dispatcher view is built shortly after the window appears whatever page
is in front, because its sweep and its red-light alert must run from the start. A page whose
`pane.*` permission the logged-in account lacks is not added (nor its navigation entry).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from app.accounts.principal import SYSTEM
from app.accounts.service import AccountService
from ui.accounts.lock_screen import IdleLock
from ui.backup_schedule import BackupScheduler
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.retention_schedule import RetentionScheduler
from ui.sync.wiring import attach_sync
from ui.watching import DatabaseWatcher


def build_main_window(ctx: UiContext, settings: QSettings) -> MainWindow:
    """The main window with every page, watching the database for other workstations."""
    window = MainWindow(ctx, settings)

    def page(module: str, name: str) -> Callable[[], QWidget]:
        return lambda: getattr(importlib.import_module(module), name)(ctx, window)

    window.add_page("queue", page("ui.cases.queue_page", "QueuePage"),
                    QCoreApplication.translate("MainWindow", "案件队列"), "mdi6.format-list-bulleted",
                    permission="pane.queue")
    window.add_page("dispatch", page("ui.dispatch.dispatch_page", "DispatchPage"),
                    QCoreApplication.translate("MainWindow", "调度台"), "mdi6.traffic-light",
                    permission="pane.dispatch")
    window.add_page("people", page("ui.people.people_page", "PeoplePage"),
                    QCoreApplication.translate("MainWindow", "人口台账"), "mdi6.account-group",
                    permission="pane.people")
    window.add_page("docket", page("ui.mediation.docket_page", "DocketPage"),
                    QCoreApplication.translate("MainWindow", "矛盾纠纷"), "mdi6.scale-balance",
                    permission="pane.docket")
    window.add_page("map", page("ui.map.map_page", "MapPage"),
                    QCoreApplication.translate("MainWindow", "一张图"), "mdi6.map-outline",
                    permission="pane.map")
    window.add_page("reports", page("ui.reports.reports_page", "ReportsPage"),
                    QCoreApplication.translate("MainWindow", "统计考核"), "mdi6.chart-box-outline",
                    permission="pane.reports")
    window.add_page("intake", page("ui.cases.intake_page", "IntakePage"),
                    QCoreApplication.translate("MainWindow", "受理登记"), "mdi6.file-document-edit-outline",
                    permission="case.report")
    window.add_page("audit", page("ui.audit.audit_page", "AuditPage"),
                    QCoreApplication.translate("MainWindow", "审计日志"), "mdi6.shield-search",
                    permission="pane.audit")
    window.add_page("case", page("ui.cases.detail_page", "CaseDetailPage"))
    window.add_page("dispute", page("ui.mediation.dispute_page", "DisputePage"))
    window.build_after_show("dispatch")
    window.import_after_show("ui.map.page_html")  # folium: half a second of the map's first opening
    window.watcher = DatabaseWatcher(ctx.database, ctx.hub, parent=window)
    window.watcher.start()
    attach_sync(window, ctx)  # the 离线同步 page; on a replica the sync worker, indicator and banner
    window.backup_scheduler = BackupScheduler(ctx, parent=window)
    window.backup_scheduler.backed_up.connect(lambda backup: window.status.showMessage(
        QCoreApplication.translate("MainWindow", "已自动备份数据库：{name}").format(name=backup.path.name), 15_000))
    window.backup_scheduler.failed.connect(lambda line: window.status.showMessage(
        QCoreApplication.translate("MainWindow", "自动备份未完成：{line}").format(line=line), 30_000))
    window.backup_scheduler.start()
    if ctx.principal is not SYSTEM:  # a person is logged in: lock when the desk is left alone
        window.idle_lock = IdleLock(window, AccountService(ctx.database), ctx.principal)
        window.idle_lock.switch_user.connect(window.logout_requested)
    window.retention_scheduler = RetentionScheduler(ctx, parent=window)
    window.retention_scheduler.cleared.connect(lambda count: window.status.showMessage(
        QCoreApplication.translate("MainWindow", "已按保留期清除 {count} 件结案案件的报告人电话").format(count=count), 15_000))
    window.retention_scheduler.start()
    return window
