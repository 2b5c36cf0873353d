"""The person card beside the ledger: facts, household, building, categories, visits, history, cases.

It shows a PersonCard read by app.people.person_card (masked there, the birth date as the age).
"显示完整号码" asks app.people.privacy.reveal off the UI thread for the ID number, phone, birth
date and sensitive categories; the reveal is audited, and a refusal (also audited)
is shown in the card's notice bar. Other panes react to the signals: edit, visit, open a person
(a household member), open a case.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.people.person_card import PersonCard
from app.people.privacy import RevealDenied, Viewer, reveal_many
from db.engine import Database
from ui.widgets.row_table import row_table
from ui.people.card_texts import birth_text, change_text, facts_of
from ui.widgets import Badge, FactGrid, NoticeBar
from ui.workers import run_in_background

_ID_ROLE = Qt.ItemDataRole.UserRole


def _table(headers: list[str]) -> QTableWidget:
    table = row_table(headers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    return table


def _fill(table: QTableWidget, rows: list[tuple], keys: list | None = None) -> None:
    table.setRowCount(len(rows))
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if keys is not None:
                item.setData(_ID_ROLE, keys[number])
            table.setItem(number, column, item)


class PersonCardView(QFrame):
    """The card of one person (or a hint to pick one); `show_card(card)` fills it."""

    edit_requested = Signal()
    visit_requested = Signal()
    person_requested = Signal(object)
    """A person id: open that person's card (a household member, a neighbour)."""
    case_requested = Signal(str)
    disputes_requested = Signal(object, str)
    """A person id and name: open the mediation docket filtered to their disputes."""

    def __init__(self, database: Database, actor: str, workstation: str | None, tz: ZoneInfo,
                 parent: QWidget | None = None, *, viewer: Viewer | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.database, self.actor, self.workstation, self.tz = database, actor, workstation, tz
        self.viewer = viewer  # the logged-in account: its people.reveal and scope decide a reveal
        self.card: PersonCard | None = None
        self.labels: dict[str, dict[str, str]] = {}
        self.hint = QLabel(self.tr("在左侧列表中选择一个人员，查看详情"), alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #7b8794; font-size: 15px;")
        self.name = QLabel(objectName="pageTitle")
        self.badges = [Badge(), Badge()]
        self.edit_button = QPushButton(qta.icon("mdi6.pencil-outline", color="#33475b"), self.tr("编辑"))
        self.visit_button = QPushButton(qta.icon("mdi6.home-search-outline", color="#33475b"), self.tr("登记走访"))
        self.disputes_button = QPushButton(qta.icon("mdi6.scale-balance", color="#33475b"), self.tr("纠纷"))
        self.disputes_button.setToolTip(self.tr("此人作为当事人的矛盾纠纷"))
        self.reveal_button = QPushButton(qta.icon("mdi6.eye-outline", color="#33475b"), self.tr("显示完整号码"))
        self.reveal_button.setToolTip(self.tr("显示完整的身份证号、电话、出生日期和敏感类别；需要权限，并记入审计日志"))
        self.notice = NoticeBar()
        self.facts = FactGrid(columns=2)
        self.tabs = QTabWidget()
        self.household = _table([self.tr("姓名"), self.tr("与户主关系"), self.tr("性别"), self.tr("年龄"),
                                 self.tr("身份证号")])
        self.building = QTreeWidget()
        self.building.setHeaderLabels([self.tr("房号/姓名"), self.tr("关系"), self.tr("性别"), self.tr("年龄")])
        self.categories = QTreeWidget()
        self.categories.setHeaderLabels([self.tr("类别/项目"), self.tr("内容")])
        self.visits = _table([self.tr("走访日期"), self.tr("类别"), self.tr("走访人"), self.tr("内容"),
                              self.tr("发现问题")])
        self.history = _table([self.tr("时间"), self.tr("操作人"), self.tr("来源"), self.tr("变更内容")])
        self.cases = _table([self.tr("案件编号"), self.tr("状态"), self.tr("上报时间"), self.tr("标题")])
        self._lay_out()
        self._connect()
        self.show_card(None)

    def _lay_out(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.name)
        for badge in self.badges:
            head.addWidget(badge)
        head.addStretch(1)
        head.addWidget(self.reveal_button)
        head.addWidget(self.disputes_button)
        head.addWidget(self.visit_button)
        head.addWidget(self.edit_button)
        self.facts.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.building.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.categories.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for widget, title in ((self.household, self.tr("同户成员")), (self.building, self.tr("楼栋住户")),
                              (self.categories, self.tr("类别")), (self.visits, self.tr("走访")),
                              (self.history, self.tr("变更")), (self.cases, self.tr("案件"))):
            self.tabs.addTab(widget, title)
        self.content = QWidget()
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(10)
        inner.addLayout(head)
        inner.addWidget(self.notice)
        inner.addWidget(self.facts)
        inner.addSpacing(4)
        inner.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.addWidget(self.hint)
        layout.addWidget(self.content)

    def _connect(self) -> None:
        self.edit_button.clicked.connect(self.edit_requested)
        self.visit_button.clicked.connect(self.visit_requested)
        self.disputes_button.clicked.connect(
            lambda: self.card and self.disputes_requested.emit(self.card.person.id, self.card.person.name))
        self.reveal_button.clicked.connect(self.reveal)
        self.household.itemActivated.connect(lambda item: self.person_requested.emit(item.data(_ID_ROLE)))
        self.building.itemActivated.connect(self._on_building_item_activated)
        self.cases.itemActivated.connect(lambda item: self.case_requested.emit(item.data(_ID_ROLE)))

    def set_category_labels(self, labels: dict[str, dict[str, str]]) -> None:
        """Labels of each category's own fields ({category code: {key: label}})."""
        self.labels = labels

    # showing -------------------------------------------------------------
    def show_card(self, card: PersonCard | None) -> None:
        """Show a person's card, or the hint when None."""
        self.card = card
        self.hint.setVisible(card is None)
        self.content.setVisible(card is not None)
        self.notice.clear()
        if card is None:
            return
        person = card.person
        self.name.setText(person.name)
        age = self.tr("{n}岁").format(n=card.age) if card.age is not None else ""
        self.badges[0].set_badge(" ".join(p for p in (person.sex or "", age) if p), "#5b6b7c")
        self.badges[1].set_badge(person.residence_type, "#1f5fae")
        self.reveal_button.setEnabled(bool(person.id_number or person.phone or card.age is not None
                                           or any(m.sensitive for m in card.categories)))
        self.facts.set_facts(facts_of(card), wide=frozenset({"registered_address", "current_address", "note"}))
        self._fill_tabs(card)

    def _fill_tabs(self, card: PersonCard) -> None:
        _fill(self.household, [(r.name, r.relation, r.sex, r.age, r.id_masked) for r in card.household],
              [r.person_id for r in card.household])
        self.building.clear()
        rooms: dict[str, QTreeWidgetItem] = {}
        for resident in card.building:
            room = rooms.get(resident.room)
            if room is None:
                room = rooms[resident.room] = QTreeWidgetItem(self.building, [resident.room or self.tr("（未填房号）")])
                room.setExpanded(True)
            item = QTreeWidgetItem(room, [resident.name, resident.relation, resident.sex,
                                          "" if resident.age is None else str(resident.age)])
            item.setData(0, _ID_ROLE, resident.person_id)
        self.categories.clear()
        for membership in card.categories:
            top = QTreeWidgetItem(self.categories, [membership.name, self._since_text(membership)])
            labels = self.labels.get(membership.code, {})
            for key, value in membership.fields.items():
                QTreeWidgetItem(top, [labels.get(key, key), str(value)])
            top.setExpanded(True)
        names = {m.code: m.name for m in card.categories}
        _fill(self.visits, [(f"{v.visited_on:%Y-%m-%d}", names.get(v.category_code, self.tr("一般走访")),
                             v.visitor, v.content, v.findings) for v in card.visits])
        _fill(self.history, [(f"{c.at.astimezone(self.tz):%Y-%m-%d %H:%M}", c.actor, c.source or "",
                              change_text(c.changes)) for c in reversed(card.history)])
        _fill(self.cases, [(c.case_no, c.status_label, f"{c.reported_at.astimezone(self.tz):%Y-%m-%d %H:%M}", c.title)
                           for c in card.cases], [c.case_no for c in card.cases])
        counts = (len(card.household), len(card.building), len(card.categories), len(card.visits),
                  len(card.history), len(card.cases))
        for index, count in enumerate(counts):
            title = self.tabs.tabText(index).split("（")[0]
            self.tabs.setTabText(index, f"{title}（{count}）")

    def _since_text(self, membership) -> str:
        if membership.since and membership.until:
            return self.tr("{a} 至 {b}").format(a=membership.since, b=membership.until)
        if membership.since:
            return self.tr("自 {a}").format(a=membership.since)
        return ""

    def _on_building_item_activated(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, _ID_ROLE)
        if person_id:
            self.person_requested.emit(person_id)

    # revealing -------------------------------------------------------------
    def reveal(self) -> None:
        """Ask for the full ID number, phone and categories (audited; refused without permission)."""
        if self.card is None:
            return
        person_id: uuid.UUID = self.card.person.id
        fields = ["id_number", "phone", "birth_date"] + (
            ["categories"] if any(m.sensitive for m in self.card.categories) else [])
        database, viewer = self.database, self.viewer or Viewer(self.actor, self.workstation)
        self.reveal_button.setEnabled(False)
        run_in_background(self, lambda: reveal_many(database, [person_id], fields, viewer.actor, viewer.workstation,
                                                    viewer.permission_check, principal=viewer.principal),
                          lambda revealed: self._on_revealed(person_id, revealed),
                          lambda exc: self._on_reveal_failed(person_id, exc))

    def _on_revealed(self, person_id: uuid.UUID, revealed) -> None:
        if self.card is None or self.card.person.id != person_id:
            return
        values = {r.field: r.value for r in revealed}
        birth = values.get("birth_date")
        shown = {"id_number": values.get("id_number") or "", "phone": values.get("phone") or "",
                 "birth_date": birth_text(f"{birth:%Y-%m-%d}", self.card.age) if birth else ""}
        for key, value in shown.items():
            if key in self.facts.values and value:
                self.facts.values[key].setText(value)
        if values.get("categories"):
            shown_names = "、".join(values["categories"])
            self.notice.show_notice(self.tr("人员类别：{names}").format(names=shown_names), "info")
        else:
            self.notice.show_notice(self.tr("已显示完整号码（已记入审计日志）"), "info")

    def _on_reveal_failed(self, person_id: uuid.UUID, exc: Exception) -> None:
        if self.card is None or self.card.person.id != person_id:
            return
        self.reveal_button.setEnabled(True)
        message = str(exc) if isinstance(exc, RevealDenied) else self.tr("无法显示完整号码：{e}").format(e=exc)
        self.notice.show_notice(message, "error")

