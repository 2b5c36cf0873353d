"""Putting offline sync into the main window: the 离线同步 page, and on a replica the background
sync worker, the status bar's indicator and the banner while the server does not answer.

A database that takes no part in sync (a plain local file, a server no desk was registered with)
gets nothing of this; on a server the page is shown only to those who may settle conflicts
(sync.resolve). Asking costs one small read at start.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from app.sync.conflicts import PERMISSION as RESOLVE
from app.sync.settings import takes_part
from app.sync.state import SyncStatus, is_replica
from ui.context import UiContext

log = logging.getLogger(__name__)


def attach_sync(window, ctx: UiContext) -> None:
    """Add the page (and on a replica the worker, indicator and banner) to `window`."""
    try:
        if not takes_part(ctx.database):
            return
        replica = is_replica(ctx.database)
        if not replica and not ctx.may(RESOLVE):
            return  # on the server the page is the desks' conflicts: for those who settle them
    except Exception:  # an unreadable database is reported by the pages themselves
        log.warning("sync: could not tell whether the database takes part in sync", exc_info=True)
        return

    def build_page():
        from ui.sync.sync_page import SyncPage
        page = SyncPage(ctx, window)
        worker = getattr(window, "sync_worker", None)
        if worker is not None:
            page.conflicts.resolved.connect(worker.refresh)
            worker.synced.connect(lambda _report: page.reload())
        return page

    window.add_page("sync", build_page, QCoreApplication.translate("MainWindow", "离线同步"), "mdi6.cloud-sync-outline")
    if replica:
        _attach_worker(window, ctx)


def _attach_worker(window, ctx: UiContext) -> None:
    from ui.sync.indicator import SyncIndicator
    from ui.sync.worker import SyncWorker

    worker = SyncWorker(ctx.database, ctx.hub, parent=window)
    indicator = SyncIndicator(ctx.cases.config().tz, window.status)
    window.status.insertPermanentWidget(1, indicator)
    indicator.show_status(worker.status)
    indicator.open_log.connect(lambda: _open_log(window))

    def on_status(status: SyncStatus) -> None:
        indicator.show_status(status)
        window.set_sync_offline(not status.online and status.last_attempt_at is not None)

    worker.status_changed.connect(on_status)
    worker.failed.connect(lambda line, offline: window.set_sync_offline(offline, line))
    window.sync_worker, window.sync_indicator = worker, indicator
    worker.start()


def _open_log(window) -> None:
    window.show_page("sync")
    window.pages["sync"].show_log()
