"""The audit viewer's filters: who (login), which kind of act, which record, from and to which day.

Nothing is read while a person types: 查询 (or Enter in a text field) applies the filters.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

#: the earliest day the date fields offer; showing it means "no limit"
NO_LIMIT = QDate(2000, 1, 1)


class AuditFilterBar(QWidget):
    """`applied` when the person asks for the filters to be applied."""

    applied = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = QLineEdit(placeholderText=self.tr("登录名"), clearButtonEnabled=True)
        self.actor.setMaximumWidth(140)
        self.kind = QComboBox()
        self.kind.setMinimumWidth(170)
        self.kind.addItem(self.tr("全部类型"), None)
        self.record = QLineEdit(placeholderText=self.tr("案件编号、纠纷编号、登录名或记录 ID"), clearButtonEnabled=True)
        self.record.setMinimumWidth(240)
        self.since = self._date_edit()
        self.until = self._date_edit()
        self.apply_button = QPushButton(self.tr("查询"))
        self.apply_button.setProperty("primary", "true")
        self.clear_button = QPushButton(self.tr("清除"))
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        for label, widget in ((self.tr("操作人"), self.actor), (self.tr("类型"), self.kind),
                              (self.tr("记录"), self.record), (self.tr("从"), self.since), (self.tr("至"), self.until)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        row.addWidget(self.clear_button)
        self.apply_button.clicked.connect(self.applied)
        self.clear_button.clicked.connect(self.clear)
        self.actor.returnPressed.connect(self.applied)
        self.record.returnPressed.connect(self.applied)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(NO_LIMIT)
        edit.setSpecialValueText(self.tr("不限"))
        edit.setDate(NO_LIMIT)
        return edit

    def set_kinds(self, kinds: list[tuple[str, str]]) -> None:
        """Offer these (action, label) kinds, keeping the one chosen when it is still there."""
        chosen = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("全部类型"), None)
        for action, label in kinds:
            self.kind.addItem(label, action)
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen)) if chosen else 0)
        self.kind.blockSignals(False)

    def values(self) -> dict:
        """What the filters hold, as AuditService.filter_for takes it."""
        return {"actor": self.actor.text(), "kind": self.kind.currentData(), "record": self.record.text(),
                "since": _day(self.since), "until": _day(self.until)}

    def clear(self) -> None:
        """Every filter back to "all", and applied."""
        self.actor.clear()
        self.record.clear()
        self.kind.setCurrentIndex(0)
        self.since.setDate(NO_LIMIT)
        self.until.setDate(NO_LIMIT)
        self.applied.emit()


def _day(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_LIMIT else edit.date().toPython()
