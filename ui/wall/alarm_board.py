"""The red and yellow list as a scroll board: it moves on by itself a row at a time with a pause
(as the DataV scroll boards do: a few rows, two seconds), drawn in one widget (no widget per row,
so a long list costs nothing), cyclic, and new rows join without the scroll starting over: the
row at the top stays at the top.

A case that turned red or arrived urgent flashes (the wall drives the phase, at most 3 times a
second) until its time is up, then stays marked with a bar on its left while it is listed.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.wall.alarm_list import AlarmRow
from ui.wall import style
from ui.wall.style import wall_font
from ui.widgets.countdown_text import remaining_text

#: one scroll step: how long a row stays before the board moves on
STEP_MS = 2000
#: column shares of the width: light, number, category, grid, department, time
COLUMNS = (0.04, 0.2, 0.18, 0.2, 0.22, 0.16)
#: below this width (in body heights) a row takes two lines: number and time, then the rest
WIDE_EMS = 44
LIGHT_COLORS = {"red": style.RED, "yellow": style.YELLOW}


class AlarmBoard(QWidget):
    """`set_rows` to update; `flash(case_nos, until)` and `set_flash_phase` for the alarms."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[AlarmRow] = []
        self.top = 0
        self.day_seconds = 8 * 3600.0
        self.flashing: dict[str, datetime] = {}
        self.marked: set[str] = set()
        self.phase = False
        self._body_px = 20
        self.headers = (self.tr("编号"), self.tr("类别"), self.tr("网格"), self.tr("处置部门"), self.tr("时限"))
        self.scroll_timer = QTimer(self, interval=STEP_MS)
        self.scroll_timer.timeout.connect(self.step)

    # data ---------------------------------------------------------------------------------
    def set_rows(self, rows: tuple[AlarmRow, ...] | list[AlarmRow]) -> None:
        """New rows; the case at the top stays at the top if it is still listed."""
        current = self.rows[self.top].case_no if self.rows and self.top < len(self.rows) else None
        self.rows = list(rows)
        listed = {row.case_no for row in self.rows}
        self.marked &= listed
        self.flashing = {no: until for no, until in self.flashing.items() if no in listed}
        index = next((i for i, row in enumerate(self.rows) if row.case_no == current), None)
        self.top = index if index is not None else (min(self.top, len(self.rows) - 1) if self.rows else 0)
        if not self.scrolls:
            self.top = 0
        self.update()

    def set_body_px(self, px: int) -> None:
        self._body_px = px
        self.update()

    @property
    def wide(self) -> bool:
        """One line per row with every column (else two lines, no column heads)."""
        return self.width() >= WIDE_EMS * self._body_px

    @property
    def line_height(self) -> int:
        return round(self._body_px * 1.5)

    @property
    def row_height(self) -> int:
        return self.line_height if self.wide else round(self.line_height * 2.15)

    @property
    def head_height(self) -> int:
        return self.line_height if self.wide else 0

    @property
    def visible_rows(self) -> int:
        return max(1, (self.height() - self.head_height) // self.row_height)

    @property
    def scrolls(self) -> bool:
        """True when the list is longer than the board."""
        return len(self.rows) > self.visible_rows

    def shown(self) -> list[AlarmRow]:
        """The rows on the board now, top first (cyclic when it scrolls)."""
        if not self.scrolls:
            return list(self.rows)
        return [self.rows[(self.top + i) % len(self.rows)] for i in range(self.visible_rows)]

    def step(self) -> None:
        """Move on by one row (only when the list does not fit)."""
        if self.scrolls:
            self.top = (self.top + 1) % len(self.rows)
            self.update()

    # alarms -------------------------------------------------------------------------------
    def flash(self, case_nos, until: datetime) -> None:
        for case_no in case_nos:
            self.flashing[case_no] = until
            self.marked.add(case_no)
        self.update()

    def expire(self, now: datetime) -> None:
        """Stop the flashes whose time is up (the rows stay marked)."""
        done = [no for no, until in self.flashing.items() if until <= now]
        for case_no in done:
            del self.flashing[case_no]
        if done:
            self.update()

    def set_flash_phase(self, on: bool) -> None:
        if on != self.phase:
            self.phase = on
            if self.flashing:
                self.update()

    # painting -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.scroll_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.scroll_timer.stop()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, head = self.width(), self.head_height
        normal, bold = wall_font(self._body_px), wall_font(self._body_px, bold=True)
        if head:
            painter.setFont(bold)
            painter.setPen(QColor(style.MUTED))
            self._draw_cells(painter, 0, ("", *self.headers))
            painter.setPen(QPen(QColor(style.BORDER), 1))
            painter.drawLine(0, head - 1, width, head - 1)
        for index, row in enumerate(self.shown()):
            self._draw_row(painter, row, head + self.row_height * index, normal, bold)
        if not self.rows:
            painter.setFont(normal)
            painter.setPen(QColor(style.GREEN))
            painter.drawText(QRect(0, head, width, self.line_height * 2), Qt.AlignmentFlag.AlignCenter,
                             self.tr("当前没有红灯、黄灯案件"))
        painter.end()

    def _draw_row(self, painter: QPainter, row: AlarmRow, y: int, normal, bold) -> None:
        height, width = self.row_height, self.width()
        color = QColor(LIGHT_COLORS.get(row.light, style.MUTED))
        flashing_now = row.case_no in self.flashing and self.phase
        if flashing_now:
            painter.fillRect(0, y + 1, width, height - 2, color)
        elif row.case_no in self.marked:
            tint = QColor(color)
            tint.setAlpha(60)
            painter.fillRect(0, y + 1, width, height - 2, tint)
            painter.fillRect(0, y + 1, max(4, self._body_px // 4), height - 2, color)
        if not flashing_now:
            diameter = round(self._body_px * 0.7)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(round(width * COLUMNS[0] / 2 - diameter / 2) + 4,
                                y + (self.line_height - diameter) // 2, diameter, diameter)
        time_text = remaining_text(row.remaining, row.limit_unit, self.day_seconds)
        painter.setFont(bold if row.urgent or flashing_now else normal)
        text_color = QColor("#10151c" if flashing_now else style.TEXT)
        time_color = text_color if flashing_now else color
        painter.setPen(text_color)
        if self.wide:
            self._draw_cells(painter, y, ("", row.case_no, row.category, row.grid, row.department, time_text),
                             time_color=time_color)
            return
        pad = max(4, self._body_px // 3)
        left = round(width * COLUMNS[0]) + pad
        line = self.line_height
        self._text(painter, QRect(left, y, width - left - pad, line), row.case_no, Qt.AlignmentFlag.AlignLeft)
        painter.save()
        painter.setPen(time_color)
        self._text(painter, QRect(left, y, width - left - pad, line), time_text, Qt.AlignmentFlag.AlignRight)
        painter.restore()
        if not flashing_now:
            painter.setPen(QColor(style.MUTED))
        details = " · ".join(part for part in (row.category, row.grid, row.department) if part)
        self._text(painter, QRect(left, y + line, width - left - pad, line), details, Qt.AlignmentFlag.AlignLeft)

    @staticmethod
    def _text(painter: QPainter, cell: QRect, text: str, align) -> None:
        elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, cell.width())
        painter.drawText(cell, Qt.AlignmentFlag.AlignVCenter | align, elided)

    def _draw_cells(self, painter: QPainter, y: int, texts, time_color: QColor | None = None) -> None:
        x = 0.0
        pad = max(4, self._body_px // 3)
        for index, (share, text) in enumerate(zip(COLUMNS, texts)):
            cell = QRect(round(x) + pad, y, round(self.width() * share) - pad, self.line_height)
            x += self.width() * share
            if not text:
                continue
            if index == len(COLUMNS) - 1 and time_color is not None:
                painter.save()
                painter.setPen(time_color)
                self._text(painter, cell, text, Qt.AlignmentFlag.AlignLeft)
                painter.restore()
            else:
                self._text(painter, cell, text, Qt.AlignmentFlag.AlignLeft)
