"""Watching the database for other workstations' changes and for the server going away.

A background thread runs db.notify.watch_changes (LISTEN/NOTIFY on PostgreSQL, data_version
polling on a SQLite file) and hands what it sees to the ChangeHub through queued signals, so
the hub is only ever touched in the UI thread. Nothing here closes or resets a page.
"""

from __future__ import annotations

import atexit
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from db.engine import Database
from db.notify import change_source_for, watch_changes
from ui.changes import ChangeHub

_running: set["_Runner"] = set()


class _Runner:
    """The thread and its stop flag: a plain object, so stopping never needs the Qt wrapper."""

    def __init__(self, target):
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=target, name="gridcc-watcher", daemon=True)

    def start(self) -> None:
        _running.add(self)
        self.thread.start()

    def stop(self, timeout: float) -> bool:
        self.stop_event.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(timeout)
        _running.discard(self)
        return not self.thread.is_alive()


@atexit.register
def _stop_all() -> None:
    """Last resort at interpreter exit (e.g. after `--screenshot`, which never runs the loop)."""
    for runner in list(_running):
        runner.stop(2.0)


class DatabaseWatcher(QObject):
    """Tells `hub` when another workstation committed, and when the database is lost or back.

    `start()` once; `stop()` joins the thread. It stops by itself when the application quits or
    its parent is destroyed.
    """

    _changed = Signal()
    _connection = Signal(bool, str)

    def __init__(self, database: Database, hub: ChangeHub, parent: QObject | None = None, *,
                 poll_seconds: float = 0.5, first_backoff: float = 1.0, max_backoff: float = 10.0):
        super().__init__(parent)
        self.hub = hub
        self._options = dict(poll_seconds=poll_seconds, first_backoff=first_backoff, max_backoff=max_backoff)
        self._runner = _Runner(self._run)
        self._source = change_source_for(database.url, self._runner.stop_event, own_sender=database.sender)
        self._changed.connect(self._on_watch_changed, Qt.ConnectionType.QueuedConnection)
        self._connection.connect(self._on_watch_connection, Qt.ConnectionType.QueuedConnection)
        runner = self._runner
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(lambda: runner.stop(5.0))
        if parent is not None:
            parent.destroyed.connect(lambda *_: runner.stop(5.0))

    @property
    def running(self) -> bool:
        """True while the watching thread is alive."""
        return self._runner.thread.is_alive()

    def start(self) -> None:
        """Start watching in the background (an in-memory database has nothing to watch)."""
        if self._source is not None and not self._runner.thread.is_alive():
            self._runner.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop watching and wait for the thread; True once it has ended."""
        return self._runner.stop(timeout)

    def _run(self) -> None:
        watch_changes(self._source, self._runner.stop_event, on_change=self._emit_changed,
                      on_connection=self._emit_connection, **self._options)

    def _emit_changed(self) -> None:
        if not self._runner.stop_event.is_set():
            _emit_safely(self._changed)

    def _emit_connection(self, connected: bool, reason: str) -> None:
        if not self._runner.stop_event.is_set():
            _emit_safely(self._connection, connected, reason)

    @Slot()
    def _on_watch_changed(self) -> None:
        self.hub.notify_remote()

    @Slot(bool, str)
    def _on_watch_connection(self, connected: bool, reason: str) -> None:
        self.hub.set_connected(connected, reason)


def _emit_safely(signal, *args) -> None:
    """Emit from the watcher thread; a watcher deleted meanwhile just stays silent."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass
