"""A label counting down the time a case has left ('剩3工作日2时15分' / '超45分'), every second.

It computes from the case's stored clock and the working calendar (app.cases.countdown), so the
ticking costs no database work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.calendar import WorkingCalendar
from app.cases.countdown import remaining_seconds
from app.cases.views import CaseView
from ui.widgets.countdown_text import remaining_text


class CountdownLabel(QLabel):
    """Shows the remaining time of one case; red once overdue, nothing for closed cases."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("countdown")
        self._now = now
        self._view: CaseView | None = None
        self._calendar: WorkingCalendar | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)

    def set_case(self, view: CaseView | None, calendar: WorkingCalendar | None) -> None:
        """Count down for `view` (None stops)."""
        self._view, self._calendar = view, calendar
        self.refresh()
        if view is not None and view.light is not None:
            self._timer.start(1000)
        else:
            self._timer.stop()

    def refresh(self) -> None:
        """Recompute the text for the current instant."""
        if self._view is None or self._calendar is None:
            self.setText("")
            return
        seconds = remaining_seconds(self._view, self._calendar, self._now())
        day = self._calendar.office_hours.standard_day_seconds
        self.setText(remaining_text(seconds, self._view.limit_unit, day))
        overdue = seconds is not None and seconds < 0
        color = "#c5221f" if overdue else "#1a2b3c"
        self.setStyleSheet(f"QLabel#countdown {{ color: {color}; font-size: 17px; font-weight: bold; }}")
