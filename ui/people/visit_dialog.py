"""登记走访: recording one follow-up visit through PeopleService.add_visit (append-only)."""

from __future__ import annotations

import uuid
from datetime import date

import qtawesome as qta
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.people.service import PeopleService
from ui.widgets import NoticeBar
from ui.workers import run_in_background


class VisitDialog(QDialog):
    """Date, category (one of the person's or a general visit), visitor, content and findings."""

    saved = Signal(object)
    """The person id, after the visit was recorded."""

    def __init__(self, people: PeopleService, person_id: uuid.UUID, name: str,
                 categories: list[tuple[str, str]], chosen: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.people, self.person_id = people, person_id
        self.setWindowTitle(self.tr("登记走访：{name}").format(name=name))
        self.setMinimumWidth(480)
        today = people.today()
        self.visited_on = QDateEdit(QDate(today.year, today.month, today.day), calendarPopup=True,
                                    displayFormat="yyyy-MM-dd")
        self.visited_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.category = QComboBox()
        self.category.addItem(self.tr("一般走访（不限类别）"), "")
        for key, label in categories:
            self.category.addItem(label, key)
        if chosen:
            self.category.setCurrentIndex(max(self.category.findData(chosen), 0))
        self.visitor = QLineEdit(people.actor)
        self.content = QPlainTextEdit(placeholderText=self.tr("走访了解的情况"))
        self.findings = QPlainTextEdit(placeholderText=self.tr("发现的问题、需要跟进的事项（可不填）"))
        for edit in (self.content, self.findings):
            edit.setFixedHeight(70)
        self.notice = NoticeBar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setIcon(qta.icon("mdi6.content-save-outline"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(QLabel(self.tr("走访日期")), self.visited_on)
        form.addRow(QLabel(self.tr("类别")), self.category)
        form.addRow(QLabel(self.tr("走访人")), self.visitor)
        form.addRow(QLabel(self.tr("走访内容")), self.content)
        form.addRow(QLabel(self.tr("发现问题")), self.findings)
        column = QVBoxLayout(self)
        column.addWidget(self.notice)
        column.addLayout(form)
        column.addWidget(self.buttons)

    def save(self) -> None:
        """Record the visit off the UI thread; a refusal stays in the dialog."""
        day = self.visited_on.date()
        visited_on = date(day.year(), day.month(), day.day())
        people, person_id = self.people, self.person_id
        category = self.category.currentData() or None
        visitor, content = self.visitor.text(), self.content.toPlainText().strip()
        findings = self.findings.toPlainText().strip()
        self.notice.clear()
        self.buttons.setEnabled(False)
        run_in_background(self, lambda: people.add_visit(person_id, category, visited_on, visitor, content, findings),
                          self._on_saved, self._on_failed)

    def _on_saved(self, _visit_id) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(self.person_id)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.notice.show_notice(str(exc), "error")
