"""Dispute alerts for the dispatcher view: a red-warned, 民转刑- or 群体性-flagged dispute raises
the same alarm as a case turning red. What counts as an alert is app.mediation.alerts'; this
watcher reads it off the UI thread whenever the database changes and reports the disputes that
were not alerting at the previous look (the first look only takes note, as the case board does).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.mediation.alerts import DisputeAlert, dispute_alerts
from app.mediation.service import MediationService
from ui.workers import run_in_background


class DisputeAlertWatch(QObject):
    """`raised` carries the newly alerting disputes (a list of DisputeAlert, newest first)."""

    raised = Signal(list)

    def __init__(self, service: MediationService, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.seen: set[str] | None = None
        self._checking = self._pending = False

    def check(self) -> None:
        """Read the alerting disputes in the background (coalescing calls made meanwhile)."""
        if self._checking:
            self._pending = True
            return
        self._checking = True
        service = self.service
        run_in_background(self, lambda: dispute_alerts(service), self._read, lambda _exc: self._done())

    def _read(self, alerts: list[DisputeAlert]) -> None:
        numbers = {alert.dispute_no for alert in alerts}
        new = [] if self.seen is None else [a for a in alerts if a.dispute_no not in self.seen]
        self.seen = numbers
        self._done()
        if new:
            self.raised.emit(new)

    def _done(self) -> None:
        self._checking = False
        if self._pending:
            self._pending = False
            self.check()
