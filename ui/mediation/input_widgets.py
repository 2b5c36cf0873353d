"""The input widgets an action form is made of: text boxes, choice lists, check lists and the
table of performance obligations, each able to say the value it holds."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLineEdit, QPlainTextEdit,
    QPushButton, QSpinBox, QTableWidget, QVBoxLayout, QWidget,
)

from app.mediation.drafts import ObligationDraft


class ChecksBox(QWidget):
    """A row of check boxes (key, label); `value()` is the tuple of checked keys."""

    def __init__(self, entries: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = []
        for key, label in entries:
            box = QCheckBox(label)
            box.setProperty("key", key)
            layout.addWidget(box)
            self.boxes.append(box)
        layout.addStretch(1)

    def value(self) -> tuple[str, ...]:
        return tuple(b.property("key") for b in self.boxes if b.isChecked())


class ObligationsTable(QWidget):
    """履行义务: who owes what, how much, by which day; blank rows are ignored."""

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("义务人"), self.tr("履行内容"), self.tr("金额(元)"),
                                              self.tr("履行期限")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(130)
        add = QPushButton(self.tr("增加一项"))
        add.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(add)
        self.add_row()

    def add_row(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCellWidget(row, 0, QLineEdit())
        self.table.setCellWidget(row, 1, QLineEdit())
        amount = QDoubleSpinBox(maximum=1e10, decimals=2)
        self.table.setCellWidget(row, 2, amount)
        due = QDateEdit(QDate(self.today.year, self.today.month, self.today.day), calendarPopup=True,
                        displayFormat="yyyy-MM-dd")
        self.table.setCellWidget(row, 3, due)

    def set_row(self, row: int, obligor: str, what: str, amount: float, due_on: date) -> None:
        """Fill a row (adding rows as needed): for tests and prefilled forms."""
        while self.table.rowCount() <= row:
            self.add_row()
        self.table.cellWidget(row, 0).setText(obligor)
        self.table.cellWidget(row, 1).setText(what)
        self.table.cellWidget(row, 2).setValue(amount)
        self.table.cellWidget(row, 3).setDate(QDate(due_on.year, due_on.month, due_on.day))

    def value(self) -> tuple[ObligationDraft, ...]:
        out = []
        for row in range(self.table.rowCount()):
            what = self.table.cellWidget(row, 1).text().strip()
            if not what:
                continue
            due = self.table.cellWidget(row, 3).date()
            amount = self.table.cellWidget(row, 2).value()
            out.append(ObligationDraft(what=what, due_on=date(due.year(), due.month(), due.day()),
                                       obligor=self.table.cellWidget(row, 0).text().strip() or None,
                                       amount=amount or None))
        return tuple(out)


def widget_value(widget: QWidget, kind: str):
    """The value a field's widget holds, typed for ActionInputs (None when left blank)."""
    if isinstance(widget, (ChecksBox, ObligationsTable)):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QSpinBox):
        return widget.value() or None
    if isinstance(widget, QPlainTextEdit):
        text = widget.toPlainText().strip()
        if kind == "lines":
            return tuple(line.strip() for line in text.splitlines() if line.strip())
        return text or None
    return widget.text().strip() or None


def make_combo(entries: list[tuple[object, str]]) -> QComboBox:
    combo = QComboBox()
    for key, label in entries:
        combo.addItem(label, key)
    return combo
