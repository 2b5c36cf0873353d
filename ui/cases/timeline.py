"""The history of a case as a vertical timeline: a dot per event, oldest at the top.

Each entry shows when, what (the action as a coloured label), who and which department, the
state it led to, and the note written with it; an offline action that was kept but not applied
when the desks' histories were merged is greyed and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.cases.states import CaseStatus
from app.cases.views import EventView
from app.rejections import not_applied_reason

GUTTER = 30
DOT_Y = 13
ACTION_COLORS = {
    "report": "#1f5fae", "verify": "#1f5fae", "register": "#1f5fae",
    "dispatch": "#0b7a8a", "accept": "#0b7a8a", "feedback": "#0b7a8a",
    "approve": "#1e8e3e", "reject": "#d66a00", "return": "#d66a00",
    "void": "#6b7785", "urge": "#c5221f", "supervise": "#c5221f", "escalate": "#8e24aa",
    "extend": "#b07d00", "park": "#b07d00", "resume": "#b07d00",
}


#: the dot of an offline action that was kept in the history but not applied (app.rejections)
NOT_APPLIED_COLOR = "#9aa5b1"


class TimelineEntry(QWidget):
    """One event; paints its dot and the line joining it to its neighbours."""

    def __init__(self, event: EventView, tz: ZoneInfo, *, first: bool, last: bool):
        super().__init__()
        self.case_event = event
        self.first, self.last = first, last
        self.color = QColor(ACTION_COLORS.get(event.action, "#1f5fae"))
        when = QLabel(event.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), objectName="eventTime")
        self.action_label = QLabel(event.action_label, objectName="eventAction")
        self.action_label.setStyleSheet(
            f"QLabel {{ color: white; background: {self.color.name()}; border-radius: 4px;"
            " padding: 1px 8px; font-weight: bold; }")
        who = " · ".join(part for part in (event.actor, event.department) if part)
        column = QVBoxLayout(self)
        column.setContentsMargins(GUTTER, 2, 4, 14)
        column.setSpacing(4)
        header = QHBoxLayout()
        column.addLayout(header)
        header.setSpacing(10)
        header.addWidget(when)
        header.addWidget(self.action_label)
        header.addWidget(QLabel(who, objectName="eventWho"))
        header.addStretch(1)
        header.addWidget(QLabel(_status_change(event), objectName="eventStatus"))
        if event.note:
            note = QLabel(event.note, objectName="eventNote", wordWrap=True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(note)
        set_aside = not_applied_reason(event.data)
        if set_aside:
            self.color = QColor(NOT_APPLIED_COLOR)
            self.set_aside = QLabel(set_aside, objectName="eventNotApplied", wordWrap=True)
            column.addWidget(self.set_aside)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = GUTTER / 2 - 2
        painter.setPen(QPen(QColor("#cfd8e3"), 2))
        if not self.first:
            painter.drawLine(QPointF(x, 0), QPointF(x, DOT_Y))
        if not self.last:
            painter.drawLine(QPointF(x, DOT_Y), QPointF(x, self.height()))
        painter.setPen(QPen(QColor("white"), 2))
        painter.setBrush(self.color)
        painter.drawEllipse(QPointF(x, DOT_Y), 7, 7)


class Timeline(QWidget):
    """The events of one case, in the order given (the service gives them oldest first)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[TimelineEntry] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 4, 0, 0)
        self._column.setSpacing(0)
        self._column.addStretch(1)
        self.setStyleSheet(
            "QLabel#eventTime { color: #5b6b7c; font-family: monospace; }"
            "QLabel#eventWho { color: #1a2b3c; }"
            "QLabel#eventStatus { color: #7b8794; }"
            "QLabel#eventNote { color: #33475b; background: #f5f7fa; border-radius: 4px; padding: 6px 8px; }"
            "QLabel#eventNotApplied { color: #8a4b00; background: #fff4d6; border-radius: 4px; padding: 6px 8px; }"
        )

    def set_events(self, events: Sequence[EventView], tz: ZoneInfo) -> None:
        """Show exactly these events."""
        for entry in self.entries:
            self._column.removeWidget(entry)
            entry.deleteLater()
        self.entries = []
        for n, event in enumerate(events):
            entry = TimelineEntry(event, tz, first=n == 0, last=n == len(events) - 1)
            self._column.insertWidget(n, entry)
            self.entries.append(entry)

    def action_labels(self) -> list[str]:
        """The action labels shown, top to bottom."""
        return [entry.action_label.text() for entry in self.entries]


def _status_change(event: EventView) -> str:
    to = CaseStatus(event.to_status).label
    if event.from_status is None or event.from_status == event.to_status:
        return to if event.from_status is None else ""
    return f"{CaseStatus(event.from_status).label} → {to}"
