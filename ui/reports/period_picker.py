"""Choosing the period of the assessment: a month, a quarter, a year or a range of days.

The periods themselves are computed in app/assessment/periods.py; this only offers the choice
and says when it changed (once per change, not once per widget touched).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from app.assessment import periods
from app.assessment.periods import Period

_KINDS = ("month", "quarter", "year", "custom")


class PeriodPicker(QWidget):
    """Kind, year, month or quarter, or two dates; `period()` is the chosen Period."""

    changed = Signal(object)

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        for key, text in zip(_KINDS, (self.tr("月度"), self.tr("季度"), self.tr("年度"), self.tr("自定义"))):
            self.kind.addItem(text, key)
        self.year = QSpinBox(minimum=2000, maximum=2100)
        self.year.setFixedWidth(90)
        self.part = QComboBox()
        self.first = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.last = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.to_label = QLabel(self.tr("至"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("统计期间")))
        for widget in (self.kind, self.year, self.part, self.first, self.to_label, self.last):
            layout.addWidget(widget)
        self._quiet = False
        self.set_period("month", periods.previous("month", today))
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        for signal in (self.year.valueChanged, self.part.currentIndexChanged, self.first.dateChanged,
                       self.last.dateChanged):
            signal.connect(self._emit)

    def set_period(self, kind: str, period: Period) -> None:
        """Show `period` as a period of `kind` (without announcing it)."""
        self._quiet = True
        self._current = period
        self.kind.setCurrentIndex(_KINDS.index(kind))
        self.year.setValue(period.start.year)
        self._fill_parts(kind)
        if kind == "month":
            self.part.setCurrentIndex(period.start.month - 1)
        elif kind == "quarter":
            self.part.setCurrentIndex((period.start.month - 1) // 3)
        self.first.setDate(QDate(period.start))
        self.last.setDate(QDate(period.last_day))
        self._show_fields(kind)
        self._quiet = False

    def period(self) -> Period:
        kind, year = self.kind.currentData(), self.year.value()
        if kind == "month":
            return periods.month(year, self.part.currentIndex() + 1)
        if kind == "quarter":
            return periods.quarter(year, self.part.currentIndex() + 1)
        if kind == "year":
            return periods.year(year)
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return periods.custom(first, max(first, last))

    def _fill_parts(self, kind: str) -> None:
        self.part.clear()
        if kind == "month":
            self.part.addItems([self.tr("{n} 月").format(n=n) for n in range(1, 13)])
        elif kind == "quarter":
            self.part.addItems([self.tr("第一季度"), self.tr("第二季度"), self.tr("第三季度"), self.tr("第四季度")])

    def _show_fields(self, kind: str) -> None:
        self.year.setVisible(kind != "custom")
        self.part.setVisible(kind in ("month", "quarter"))
        for widget in (self.first, self.to_label, self.last):
            widget.setVisible(kind == "custom")

    def _on_kind_changed(self, _index: int) -> None:
        if self._quiet:
            return
        kind, current = self.kind.currentData(), self._current
        self.set_period(kind, periods.containing(kind, current.start) if kind != "custom" else current)
        self.changed.emit(current if kind == "custom" else self._current)

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self._current = self.period()
            self.changed.emit(self._current)
