"""Scheduled backups while the desktop runs: a timer asks every few minutes whether a backup is
due (app.backups.backup_if_due) and makes it on a worker thread, never on the UI thread.

Only a local (SQLite) database is backed up, and never the demo database. The schedule runs on
the wall clock (backup files are named by it), not on a fixed --now. One check runs at a
time; a failed backup is logged and retried at the next check.
"""

from __future__ import annotations

import logging
import socket
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QTimer, Signal

from app.backups import backup_if_due
from ui.context import UiContext
from ui.workers import run_in_background

#: How often the timer asks whether a backup is due.
CHECK_MS = 5 * 60 * 1000
#: The first check, once the window has settled after start.
FIRST_CHECK_MS = 60 * 1000
_log = logging.getLogger(__name__)


class BackupScheduler(QObject):
    """Checks the schedule and backs up in the background; `backed_up(BackupFile)` when one was made."""

    backed_up = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._running = False
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)

    @property
    def active(self) -> bool:
        """Whether this database is backed up on a schedule at all."""
        return self.ctx.database.kind == "sqlite" and not self.ctx.demo

    def start(self) -> None:
        """Start the timer (nothing for a server or the demo)."""
        if not self.active:
            return
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check)

    def check(self) -> None:
        """Ask on a worker thread whether a backup is due, and make it if so."""
        if self._running or not self.active:
            return
        self._running = True
        ctx = self.ctx
        run_in_background(self, lambda: backup_if_due(ctx.database, datetime.now(timezone.utc), actor=ctx.user,
                                                      workstation=socket.gethostname()),
                          self._on_done, self._on_failed, long=True)

    def _on_done(self, backup) -> None:
        self._running = False
        if backup is not None:
            self.backed_up.emit(backup)

    def _on_failed(self, exc: Exception) -> None:
        self._running = False
        _log.warning("定时备份未完成：%s", exc)
        self.failed.emit(str(exc))
