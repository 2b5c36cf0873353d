"""The retention rule while the desktop runs: once a day (and shortly after start) the reporter's
phones of cases closed longer ago than the setting are cleared on a worker thread.

The run is the program's own job (app.cases.retention, as SYSTEM at this workstation) and writes
its own audit entry when it cleared any; it runs on the wall clock, never on a fixed --now.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
from datetime import date, datetime, timezone

from PySide6.QtCore import QObject, QTimer, Signal

from app.accounts.principal import SYSTEM
from ui.context import UiContext
from ui.workers import run_in_background

#: How often the timer asks whether today's run is still to do.
CHECK_MS = 60 * 60 * 1000
#: The first run, once the window has settled after start (after the first backup check).
FIRST_CHECK_MS = 2 * 60 * 1000
_log = logging.getLogger(__name__)


class RetentionScheduler(QObject):
    """Runs the retention rule once a day; `cleared(int)` after a run that cleared phones."""

    cleared = Signal(int)

    def __init__(self, ctx: UiContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_run: date | None = None
        self._running = False
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check)

    def check(self) -> None:
        """Run the rule on a worker thread unless it ran today or runs now."""
        today = datetime.now(timezone.utc).date()
        if self._running or self.last_run == today:
            return
        self._running = True
        database, principal = self.ctx.database, dataclasses.replace(SYSTEM, workstation=socket.gethostname())

        def work():
            from app.cases.retention import clear_old_phones  # imported by the worker: no cost at start
            return clear_old_phones(database, datetime.now(timezone.utc), principal=principal)

        run_in_background(self, work, lambda result: self._on_done(result, today), self._on_failed, long=True)

    def _on_done(self, result, today: date) -> None:
        self._running = False
        self.last_run = today
        if result.cleared:
            self.cleared.emit(result.cleared)

    def _on_failed(self, exc: Exception) -> None:
        self._running = False
        _log.warning("报告人电话保留期清理未完成：%s", exc)
