"""当事人 of a new dispute: typed particulars in a table, or a ledger person picked by name
(searched off the UI thread in the people ledger, linked by id, shown masked)."""

from __future__ import annotations

import uuid

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app.mediation.drafts import PartyDraft
from app.mediation.states import PARTY_ROLES
from app.people.ledger_filters import LedgerFilter
from app.people.ledger_query import fetch_page
from db.engine import Database
from ui.workers import run_in_background

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("role", "name", "sex", "age", "phone", "id_number", "address")


class PartyEditor(QWidget):
    """A table of parties (two blank rows to start) and a ledger search that adds a linked one."""

    def __init__(self, database: Database, today, parent: QWidget | None = None):
        super().__init__(parent)
        self.database, self.today = database, today
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("角色"), self.tr("姓名/名称"), self.tr("性别"),
                                              self.tr("年龄"), self.tr("联系电话"), self.tr("身份证号"),
                                              self.tr("住址")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((110, 130, 70, 70, 130, 180)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(150)
        self.search = QLineEdit(placeholderText=self.tr("在人口台账中按姓名查找"))
        self.search.setMinimumWidth(220)
        self.found = QComboBox()
        self.found.setMinimumWidth(260)
        find = QPushButton(qta.icon("mdi6.magnify"), self.tr("查找"))
        pick = QPushButton(qta.icon("mdi6.account-plus-outline"), self.tr("加为当事人"))
        add = QPushButton(self.tr("增加一行"))
        find.clicked.connect(self.find_people)
        self.search.returnPressed.connect(self.find_people)
        pick.clicked.connect(self.add_found)
        add.clicked.connect(lambda: self.add_row())
        tools = QHBoxLayout()
        for widget in (self.search, find, self.found, pick):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(tools)
        self.add_row(PARTY_ROLES[0])
        self.add_row(PARTY_ROLES[1])

    def add_row(self, role: str | None = None, name: str = "", person_id: uuid.UUID | None = None) -> int:
        """Add a party row (a ledger person's name is fixed: their particulars are in the ledger)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        roles = QComboBox()
        roles.addItems(PARTY_ROLES)
        roles.setCurrentText(role or PARTY_ROLES[min(row, 1)])
        self.table.setCellWidget(row, 0, roles)
        sex = QComboBox()
        sex.addItems(["", "男", "女"])
        self.table.setCellWidget(row, 2, sex)
        self.table.setCellWidget(row, 3, QSpinBox(maximum=120, specialValueText=" "))
        for column in (1, 4, 5, 6):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self.table.item(row, 1).setText(name)
        if person_id is not None:
            self._link(row, name, person_id)
        return row

    def find_people(self) -> None:
        """Search the ledger by name (masked rows; at most twenty) and offer the matches."""
        text, database, today = self.search.text().strip(), self.database, self.today
        if not text:
            return
        run_in_background(self, lambda: fetch_page(database, LedgerFilter(search=text), today=today, limit=20).rows,
                          self._offer, lambda _exc: self._offer([]))

    def _offer(self, rows) -> None:
        self.found.clear()
        for row in rows:
            self.found.addItem(f"{row.name}  {row.id_masked}  {row.grid}", (str(row.person_id), row.name))
        if not rows:
            self.found.addItem(self.tr("台账中没有找到"), None)

    def add_found(self) -> None:
        """Put the chosen ledger person in the first blank row (or a new one), linked by id."""
        chosen = self.found.currentData()
        if not chosen:
            return
        row = next((r for r in range(self.table.rowCount()) if not self.table.item(r, 1).text().strip()), None)
        if row is None:
            row = self.add_row()
        self._link(row, chosen[1], uuid.UUID(chosen[0]))

    def _link(self, row: int, name: str, person_id: uuid.UUID) -> None:
        item = self.table.item(row, 1)
        item.setText(name)
        item.setData(PERSON_ROLE, str(person_id))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setIcon(qta.icon("mdi6.link-variant", color="#1e7a3a"))

    def set_party(self, row: int, role: str, name: str) -> None:
        """Fill a typed row (tests)."""
        while self.table.rowCount() <= row:
            self.add_row()
        self.table.cellWidget(row, 0).setCurrentText(role)
        self.table.item(row, 1).setText(name)

    def value(self) -> tuple[PartyDraft, ...]:
        parties = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 1).text().strip()
            if not name:
                continue
            linked = self.table.item(row, 1).data(PERSON_ROLE)
            texts = {key: (self.table.item(row, c).text().strip() or None) for c, key in enumerate(COLUMNS)
                     if c in (4, 5, 6)}
            parties.append(PartyDraft(
                role=self.table.cellWidget(row, 0).currentText(), name=name,
                person_id=uuid.UUID(linked) if linked else None,
                sex=self.table.cellWidget(row, 2).currentText() or None,
                age=self.table.cellWidget(row, 3).value() or None, **texts))
        return tuple(parties)
