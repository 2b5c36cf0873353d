"""The docket's filters: search, state, light, level, committee, type, risk, community, mediator,
registration dates, and the party a person's card asked for.

`changed` fires whenever the filter changes (the search box after a short pause);
`current_filter()` is the DisputeFilter to show.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import qtawesome as qta
from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.cases.lights import Light
from app.mediation.queries import DisputeFilter
from app.mediation.states import LEVELS, WARNING_COLORS, DisputeStatus
from ui.cases.filter_bar import ChoiceCombo
from ui.mediation.choices import DocketChoices
from ui.theme import LIGHT_COLORS

OPEN = "open"
ALERT = "alert"
SEARCH_PAUSE_MS = 300
_NO_DATE = QDate(2000, 1, 1)


class DocketFilterBar(QWidget):
    """Two rows of filters above the docket; emits `changed`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz = None
        self.person_id: uuid.UUID | None = None
        self.search = QLineEdit(placeholderText=self.tr("搜索编号、案情、地点"), clearButtonEnabled=True)
        self.search.addAction(qta.icon("mdi6.magnify", color="#6b7a8c"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(240)
        self.state = ChoiceCombo(self.tr("全部状态"))
        self.state.insertItem(0, self.tr("未结案"), OPEN)
        self.state.insertSeparator(2)
        for status in DisputeStatus:
            self.state.addItem(status.label, status.value)
        self.state.setCurrentIndex(0)
        self.light = ChoiceCombo(self.tr("全部灯色"))
        for light in (Light.RED, Light.YELLOW, Light.GREEN):
            self.light.addItem(qta.icon("mdi6.circle", color=LIGHT_COLORS[light.value].name()),
                               light.label, light.value)
        self.level = ChoiceCombo(self.tr("全部层级"))
        for number, label in LEVELS.items():
            self.level.addItem(label, number)
        self.committee = ChoiceCombo(self.tr("全部调解组织"), searchable=True)
        self.type = ChoiceCombo(self.tr("全部类型"), searchable=True)
        self.risk = ChoiceCombo(self.tr("全部风险"))
        self.community = ChoiceCombo(self.tr("全部社区/村"), searchable=True)
        self.mediator = ChoiceCombo(self.tr("全部调解员"), searchable=True)
        self.registered_from = self._date_edit()
        self.registered_to = self._date_edit()
        self.person_chip = QPushButton(qta.icon("mdi6.close", color="#1f5fae"), "")
        self.person_chip.setVisible(False)
        self.person_chip.setToolTip(self.tr("不再只看此人"))
        self.person_chip.clicked.connect(lambda: self.set_person(None))
        self.clear_button = QPushButton(qta.icon("mdi6.filter-remove-outline", color="#33475b"), self.tr("清除筛选"))
        self.clear_button.clicked.connect(self.clear)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.changed)
        self._lay_out()
        self._connect()

    def _combos(self) -> tuple[ChoiceCombo, ...]:
        return (self.state, self.light, self.level, self.committee, self.type, self.risk, self.community,
                self.mediator)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(self.tr("不限"))
        edit.setDate(_NO_DATE)
        edit.setMinimumWidth(110)
        return edit

    def _lay_out(self) -> None:
        first = QHBoxLayout()
        first.addWidget(self.search, 3)
        for label, widget in ((self.tr("状态"), self.state), (self.tr("亮灯"), self.light),
                              (self.tr("风险"), self.risk), (self.tr("层级"), self.level)):
            first.addSpacing(6)
            first.addWidget(QLabel(label))
            first.addWidget(widget, 1)
        first.addSpacing(6)
        first.addWidget(QLabel(self.tr("登记日期")))
        first.addWidget(self.registered_from)
        first.addWidget(QLabel(self.tr("至")))
        first.addWidget(self.registered_to)
        second = QHBoxLayout()
        for label, widget in ((self.tr("类型"), self.type), (self.tr("调解组织"), self.committee),
                              (self.tr("社区/村"), self.community), (self.tr("调解员"), self.mediator)):
            second.addWidget(QLabel(label))
            second.addWidget(widget, 2)
            second.addSpacing(6)
        second.addWidget(self.person_chip)
        second.addStretch(1)
        second.addWidget(self.clear_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        column.setSpacing(8)
        column.addLayout(first)
        column.addLayout(second)

    def _connect(self) -> None:
        for combo in self._combos():
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.registered_from, self.registered_to):
            edit.dateChanged.connect(self.changed)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._search_now)

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.changed.emit()

    # choices -------------------------------------------------------------
    def set_choices(self, choices: DocketChoices) -> None:
        """Offer the docket's lists (the chosen entries stay chosen when still offered)."""
        self.tz = choices.tz
        self._fill(self.committee, [(str(c.id), c.name) for c in choices.committees])
        self._fill(self.type, [(str(t.id), t.name) for t in choices.types])
        self._fill(self.community, [(str(r.region_id), r.name) for r in choices.communities])
        self._fill(self.mediator, [(str(m.id), m.name) for m in choices.mediators])
        risks = [(ALERT, self.tr("需预警（红色/民转刑/群体性）"))]
        risks += [(color, self.tr("{c}色预警").format(c=color)) for color in WARNING_COLORS]
        risks += [(f.code, f.name) for f in choices.flags]
        self._fill(self.risk, risks)

    @staticmethod
    def _fill(combo: ChoiceCombo, entries: list[tuple[str, str]]) -> None:
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(combo.everything, "")
        for key, label in entries:
            combo.addItem(label, key)
        combo.setCurrentIndex(max(combo.findData(kept), 0))
        combo.blockSignals(False)

    def set_person(self, person: tuple[uuid.UUID, str] | None) -> None:
        """Show only the disputes of one party (id, name), or everyone's again; emits `changed`."""
        self.person_id = person[0] if person else None
        self.person_chip.setText(self.tr("当事人：{name}").format(name=person[1]) if person else "")
        self.person_chip.setVisible(person is not None)
        self.changed.emit()

    # the filter ----------------------------------------------------------
    def current_filter(self) -> DisputeFilter:
        """The DisputeFilter the widgets describe."""
        state, light, level = self.state.currentData(), self.light.currentData(), self.level.currentData()
        return DisputeFilter(
            status=(state,) if state and state != OPEN else (),
            open_only=state == OPEN,
            light=Light(light) if light else None,
            level=int(level) if level not in (None, "") else None,
            committee_id=_uuid(self.committee.currentData()),
            type_id=_uuid(self.type.currentData()),
            community_id=_uuid(self.community.currentData()),
            mediator_id=_uuid(self.mediator.currentData()),
            risk=self.risk.currentData() or None,
            registered_from=self._day_start(self.registered_from.date()),
            registered_to=self._day_start(self.registered_to.date(), days_after=1),
            person_id=self.person_id,
            search=self.search.text().strip() or None,
        )

    def _day_start(self, day: QDate, days_after: int = 0) -> datetime | None:
        if day == _NO_DATE or self.tz is None:
            return None
        local = date(day.year(), day.month(), day.day()) + timedelta(days=days_after)
        return datetime.combine(local, time(0, 0), tzinfo=self.tz)

    def clear(self) -> None:
        """Back to the default (open disputes, nothing else filtered); emits `changed` once."""
        self.blockSignals(True)
        try:
            self.search.clear()
            self._search_timer.stop()
            self.state.setCurrentIndex(0)
            for combo in self._combos()[1:]:
                combo.choose("")
            self.registered_from.setDate(_NO_DATE)
            self.registered_to.setDate(_NO_DATE)
            self.set_person(None)
        finally:
            self.blockSignals(False)
        self.changed.emit()


def _uuid(value) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None
