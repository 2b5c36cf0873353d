"""Syncing a replica in the background: on a timer, shortly after a local change, and when the
server announces another desk's change.

Every sync runs off the UI thread (ui.workers' long-work pool), one at a time; a request made
while one runs is remembered and done right after. Triggers:
- every `interval_s` seconds (the replica's own setting, app.sync.state);
- ≈2 s after the desk's own change (the ChangeHub's `changed`, debounced), and only when the
  outbox holds something — a sync's own writes also move the file, and must not start another;
- when the server's NOTIFY (db.notify, channel gridcc_changes) says another desk committed, so an
  online replica shows it within about two seconds. The server is watched with a ChangeHub of its
  own (its connection state is the server's, not the local file's) and through the same Database
  object the sync writes with, so the desk's own pushes are not heard back.
After a sync that pulled rows the main hub is told, and the pages reload.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.sync.engine import SyncEngine, SyncReport
from app.sync.errors import ServerUnreachable, SyncBusy, SyncError
from app.sync.replica import open_server
from app.sync.state import SyncStatus, sync_status
from db.engine import Database
from ui.changes import ChangeHub
from ui.watching import DatabaseWatcher
from ui.workers import run_in_background

LOCAL_DEBOUNCE_MS = 2000
SERVER_DEBOUNCE_MS = 300


class SyncWorker(QObject):
    """Drives the syncs of one replica; `status_changed` carries the SyncStatus after each one.

    `synced(report)` after a sync that worked, `failed(line, offline)` after one that did not
    (offline: the server did not answer and the desk keeps working on its replica).
    """

    status_changed = Signal(object)
    synced = Signal(object)
    failed = Signal(str, bool)

    def __init__(self, replica: Database, hub: ChangeHub, parent: QObject | None = None, *,
                 watch_server: bool = True, local_debounce_ms: int = LOCAL_DEBOUNCE_MS):
        super().__init__(parent)
        self.replica, self.hub = replica, hub
        self.server = open_server(replica)
        self.status: SyncStatus = sync_status(replica)
        self._running = self._again = False
        self._stopped = False
        self.timer = QTimer(self, timeout=self.sync_now)
        self.timer.setInterval(self.status.interval_s * 1000)
        self.local_timer = QTimer(self, singleShot=True, timeout=self._after_local_change)
        self.local_timer.setInterval(local_debounce_ms)
        self.server_timer = QTimer(self, singleShot=True, timeout=self.sync_now)
        self.server_timer.setInterval(SERVER_DEBOUNCE_MS)
        hub.changed.connect(self.local_timer.start)
        self.server_hub = ChangeHub(self)
        self.server_hub.changed.connect(self.server_timer.start)
        self.server_hub.connection_restored.connect(self.server_timer.start)
        self.server_watcher = DatabaseWatcher(self.server, self.server_hub, parent=self) if watch_server else None

    def start(self) -> None:
        """Sync now, then on the timer; listen to the server."""
        self.timer.start()
        if self.server_watcher is not None:
            self.server_watcher.start()
        self.sync_now()

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        self.local_timer.stop()
        self.server_timer.stop()
        if self.server_watcher is not None:
            self.server_watcher.stop()

    @property
    def running(self) -> bool:
        return self._running

    def set_interval(self, seconds: int) -> None:
        self.timer.setInterval(seconds * 1000)

    def sync_now(self) -> None:
        """Start a sync in the background (or once more after the one running)."""
        if self._stopped:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        run_in_background(self, self._sync, self._on_synced, self._on_failed, long=True)

    def refresh(self) -> None:
        """Read the status again (after a conflict was settled) without syncing."""
        run_in_background(self, lambda: sync_status(self.replica), self._show_status, lambda _exc: None)

    def _sync(self) -> tuple[SyncReport, SyncStatus]:
        """In the worker thread: one sync and the status after it."""
        try:
            report = SyncEngine(self.replica, self.server).sync_once()
        except SyncError as exc:  # the server is down, or the two sides cannot sync: one line each
            return exc, sync_status(self.replica)
        return report, sync_status(self.replica)

    def _on_synced(self, result) -> None:
        outcome, status = result
        self._finish(status)
        if isinstance(outcome, SyncBusy):
            return  # another sync of this replica (`gridcc sync` in a terminal) is doing the work
        if isinstance(outcome, SyncError):
            self.failed.emit(str(outcome), isinstance(outcome, ServerUnreachable))
            return
        self.synced.emit(outcome)
        if outcome.pulled or outcome.deleted:
            self.hub.notify_remote()

    def _on_failed(self, exc: Exception) -> None:
        self._finish(None)
        self.failed.emit(str(exc), False)
        self.refresh()

    def _finish(self, status: SyncStatus | None) -> None:
        self._running = False
        if status is not None:
            self._show_status(status)
        if self._again:
            self._again = False
            self.sync_now()

    def _show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _after_local_change(self) -> None:
        """The desk changed something: sync when the outbox holds it (not for a sync's own writes)."""
        run_in_background(self, lambda: sync_status(self.replica).pending,
                          lambda pending: self.sync_now() if pending else None, lambda _exc: None)
