"""Keeping the wall's snapshot fresh: on every change notification (a live read: what a change can
move), and in full once a minute (the 30-day ranking and breakdowns too).

A change notification (this workstation's write, another's through LISTEN/NOTIFY or the SQLite
poll: ui/watching.py) starts a read at once, so a change is on the wall within seconds. One read
runs at a time; notifications meanwhile make one more read afterwards, never a queue of them. A
single timer does the minute's full read, and after a failure the retries every few seconds
until the database answers again: no timer is ever added, only its interval changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.mediation.service import MediationService
from app.wall.snapshot import Snapshot, read_snapshot
from ui.context import UiContext
from ui.workers import run_in_background

FULL_MS = 60_000
RETRY_MS = 5_000


class WallRefresher(QObject):
    """`refreshed(Snapshot)` after each good read, `failed(str)` when a read fails or the server is lost."""

    refreshed = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None, *, full_ms: int = FULL_MS,
                 retry_ms: int = RETRY_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.mediation = MediationService(ctx.database, now=ctx.now, principal=ctx.principal)
        self.snapshot: Snapshot | None = None
        self.failing = False
        self.reads = 0
        self._busy = False
        self._again = False
        self._full_ms, self._retry_ms = full_ms, retry_ms
        self._full = True
        self.timer = QTimer(self, interval=full_ms)
        self.timer.timeout.connect(self.refresh)
        ctx.hub.changed.connect(self.refresh_live)
        ctx.hub.connection_lost.connect(self._on_connection_lost)

    def start(self) -> None:
        """Read now and then every minute."""
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read everything again in the background (once more afterwards if one is running)."""
        self._full = True
        self._read()

    @Slot()
    def refresh_live(self) -> None:
        """Read what a change can move (tiles, list, mediation, today's trend), keep the rest."""
        self._read()

    def _read(self) -> None:
        if self._busy:
            self._again = True
            return
        full = self._full or self.failing or self.snapshot is None
        self._busy, self._again, self._full = True, False, False
        cases, mediation, previous = self.ctx.cases, self.mediation, self.snapshot
        run_in_background(self, lambda: read_snapshot(cases, mediation, previous, full=full),
                          self._on_read, self._on_failed)

    def _on_read(self, snapshot: Snapshot) -> None:
        self._busy = False
        self.snapshot = snapshot
        self.reads += 1
        if self.failing:
            self.failing = False
            self.timer.setInterval(self._full_ms)
        self.refreshed.emit(snapshot)
        if self._again:
            self._read()

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self._mark_failing(str(exc))
        if self._again:
            self._again = False

    def _on_connection_lost(self, reason: str) -> None:
        self._mark_failing(reason)

    def _mark_failing(self, reason: str) -> None:
        self.failing = True
        self.timer.setInterval(self._retry_ms)
        self.failed.emit(reason)
