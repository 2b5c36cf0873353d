"""The case lists of the dispatcher view: the three light columns (红灯、黄灯、绿灯), each soonest
due first, and the strip of cases waiting for the dispatcher.

Both are redrawn from the loaded board every second: a case moves from green to yellow at its
`yellow_at` and the countdowns tick, all without a database query.
"""

from __future__ import annotations

from datetime import datetime

import qtawesome as qta
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from app.calendar import WorkingCalendar
from app.cases.board import BoardCase
from app.cases.countdown import remaining_seconds
from app.cases.lights import Light
from app.cases.views import CaseView
from ui.dispatch.card_rows import CardRowDelegate, card_list_view, draw_elided, sized_font
from ui.theme import LIGHT_COLORS
from ui.widgets.countdown_text import remaining_text

ROW_HEIGHT = 78
LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.GREEN)
TEXT_COLORS = {Light.RED: QColor("#c5221f"), Light.YELLOW: QColor("#a86b00"), Light.GREEN: QColor("#1e7e34")}
HEADER_TINTS = {Light.RED: "#fdecea", Light.YELLOW: "#fff5dc", Light.GREEN: "#e7f4ea"}


class Countdown:
    """Time left on a case as text, from the working calendar alone."""

    def __init__(self, calendar: WorkingCalendar):
        self.calendar = calendar
        self.day_seconds = calendar.office_hours.standard_day_seconds

    def text(self, view: CaseView, now: datetime) -> str:
        return remaining_text(remaining_seconds(view, self.calendar, now), view.limit_unit, self.day_seconds)


class CaseListModel(QAbstractListModel):
    """The cases of one column; the delegate reads them through `case_at` and `countdown_at`."""

    def __init__(self, light: Light, parent=None):
        super().__init__(parent)
        self.light = light
        self.cases: list[BoardCase] = []
        self.now: datetime | None = None
        self.countdown: Countdown | None = None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.cases)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        case = self.cases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return case.case_no
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{case.case_no} {case.view.title}\n{case.view.address or ''}"
        return None

    def case_at(self, row: int) -> BoardCase:
        return self.cases[row]

    def countdown_at(self, row: int) -> str:
        if self.countdown is None or self.now is None:
            return ""
        return self.countdown.text(self.cases[row].view, self.now)

    def set_cases(self, cases: list[BoardCase], now: datetime, countdown: Countdown) -> bool:
        """Show `cases` at `now`; True when other cases came or went (the model was reset)."""
        self.now, self.countdown = now, countdown
        if [c.view.id for c in cases] == [c.view.id for c in self.cases]:
            self.cases = cases
            return False
        self.beginResetModel()
        self.cases = cases
        self.endResetModel()
        return True

    def row_of(self, case_no: str) -> int:
        return next((i for i, c in enumerate(self.cases) if c.case_no == case_no), -1)


class CaseDelegate(CardRowDelegate):
    """Draws a case as a small card: light stripe, number, chips, countdown, title, where and who."""

    row_height = ROW_HEIGHT

    def paint_card(self, painter: QPainter, option, index, box: QRect) -> None:
        model: CaseListModel = index.model()
        case = model.case_at(index.row())
        light = model.light
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(LIGHT_COLORS[light.value])
        painter.drawRoundedRect(QRect(box.left(), box.top(), 5, box.height()), 2, 2)
        inner = box.adjusted(14, 7, -10, -6)
        self._first_line(painter, option.font, inner, case, model.countdown_at(index.row()), light)
        draw_elided(painter, sized_font(option.font, 10.5, False), "#1a2b3c",
                    QRect(inner.left(), inner.top() + 24, inner.width(), 20), case.view.title)
        draw_elided(painter, sized_font(option.font, 9, False), "#6b7b8c",
                    QRect(inner.left(), inner.top() + 45, inner.width(), 18), _where_and_who(case))

    def _first_line(self, painter, base: QFont, inner: QRect, case: BoardCase, countdown: str, light: Light):
        big = sized_font(base, 11.5, True)
        width = QFontMetrics(big).horizontalAdvance(countdown)
        painter.setFont(big)
        painter.setPen(TEXT_COLORS[light])
        painter.drawText(QRect(inner.right() - width, inner.top(), width, 22),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, countdown)
        x = draw_elided(painter, sized_font(base, 10, True), "#33475b", QRect(inner.left(), inner.top(), 150, 22),
                        case.case_no)
        for text, back, fore in _chips(case):
            x = _chip(painter, base, x + 8, inner.top() + 2, text, back, fore)


def _chips(case: BoardCase) -> list[tuple[str, str, str]]:
    chips = []
    if case.is_urgent:
        chips.append((case.view.urgency, "#d93025", "white"))
    chips.append((case.view.status_label, "#e8eef6" if case.is_waiting else "#eef1f4",
                  "#1f5fae" if case.is_waiting else "#4a5a6a"))
    return chips


def _chip(painter: QPainter, base: QFont, x: int, y: int, text: str, back: str, fore: str) -> int:
    font = QFont(base)
    font.setPointSizeF(8.5)
    width = QFontMetrics(font).horizontalAdvance(text) + 12
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(back))
    painter.drawRoundedRect(QRect(x, y, width, 18), 3, 3)
    painter.setFont(font)
    painter.setPen(QColor(fore))
    painter.drawText(QRect(x, y, width, 18), Qt.AlignmentFlag.AlignCenter, text)
    return x + width


def _where_and_who(case: BoardCase) -> str:
    view = case.view
    if view.department:
        who = view.department
    elif case.suggested_department:
        who = QCoreApplication.translate("LightColumns", "建议派往 {0}").format(case.suggested_department)
    else:
        who = QCoreApplication.translate("LightColumns", "未派遣")
    return " · ".join(part for part in (view.category, view.grid, who) if part)


class LightColumn(QFrame):
    """One light's column: a tinted header with the count, and the case list."""

    case_selected = Signal(str)
    case_activated = Signal(str)

    def __init__(self, light: Light, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.light = light
        self.model = CaseListModel(light, self)
        self.view = card_list_view(self.model, CaseDelegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.empty = QLabel(self.tr("暂无{0}案件").format(light.label), alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #9aa5b1; font-size: 14px; padding: 30px;")
        self.count = QLabel("0")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)

    def _header(self) -> QWidget:
        header = QWidget()
        header.setStyleSheet(f"background: {HEADER_TINTS[self.light]}; border-top-left-radius: 6px;"
                             " border-top-right-radius: 6px;")
        dot = QLabel()
        dot.setPixmap(qta.icon("mdi6.circle", color=LIGHT_COLORS[self.light.value]).pixmap(18, 18))
        title = QLabel(self.light.label)
        title.setStyleSheet(f"font-size: 17px; font-weight: bold; color: {TEXT_COLORS[self.light].name()};")
        self.count.setStyleSheet(f"font-size: 22px; font-weight: bold; color: {TEXT_COLORS[self.light].name()};")
        unit = QLabel(self.tr("件"))
        unit.setStyleSheet("color: #6b7b8c;")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(dot)
        layout.addWidget(title)
        layout.addStretch(1)
        layout.addWidget(self.count)
        layout.addWidget(unit)
        return header

    def show_cases(self, cases: list[BoardCase], now: datetime, countdown: Countdown, selected: str | None) -> None:
        """Show the column's cases at `now`, keeping the selected case selected if it is here."""
        if not self.model.set_cases(cases, now, countdown):
            self.view.viewport().update()
        self.count.setText(str(len(cases)))
        self.view.setVisible(bool(cases))
        self.empty.setVisible(not cases)
        self.select(selected)

    def select(self, case_no: str | None) -> None:
        """Select `case_no` if it is in this column, else clear the selection."""
        row = self.model.row_of(case_no) if case_no else -1
        current = self.view.currentIndex()
        if row < 0:
            if current.isValid():
                self.view.selectionModel().clear()
            return
        if current.row() != row or not self.view.selectionModel().isSelected(current):
            self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(self.model.index(row))
            self.view.selectionModel().blockSignals(False)

    def case_numbers(self) -> list[str]:
        return [c.case_no for c in self.model.cases]

    def _on_view_double_clicked(self, index) -> None:
        self.case_activated.emit(self.model.case_at(index.row()).case_no)

    def _on_current_changed(self, current, _previous) -> None:
        if current.isValid():
            self.case_selected.emit(self.model.case_at(current.row()).case_no)


class LightColumns(QWidget):
    """红灯、黄灯、绿灯 side by side; forwards which case is selected or opened."""

    case_selected = Signal(str)
    case_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns = {light: LightColumn(light) for light in LIGHT_ORDER}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for column in self.columns.values():
            column.case_selected.connect(self.case_selected)
            column.case_activated.connect(self.case_activated)
            layout.addWidget(column, 1)

    def show_groups(self, groups: dict[Light, list[BoardCase]], now: datetime, countdown: Countdown,
                    selected: str | None) -> None:
        """Fill each column from the board grouped at `now`."""
        for light, column in self.columns.items():
            column.show_cases(groups.get(light, []), now, countdown, selected)

    def select(self, case_no: str | None) -> None:
        for column in self.columns.values():
            column.select(case_no)

    def counts(self) -> dict[Light, int]:
        """How many cases each column shows."""
        return {light: len(column.model.cases) for light, column in self.columns.items()}


class WaitingCard(QFrame):
    """A case waiting for the dispatcher: its stage, urgency, countdown and the one-key button.

    Only a registered case with a suggested department can be dispatched from here; a case still
    to be verified or registered offers to open it instead.
    """

    clicked = Signal(str)
    double_clicked = Signal(str)
    dispatch_clicked = Signal(str)

    def __init__(self, case: BoardCase, parent=None, *, may_dispatch: bool = True):
        super().__init__(parent)
        self.case, self.may_dispatch = case, may_dispatch
        self._light: Light | None = None
        self.setObjectName("waitingCard")
        self.setProperty("urgent", "true" if case.is_urgent else "false")
        self.setFixedSize(WAITING_CARD_SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        view = case.view
        stage = QLabel(view.status_label, objectName="stageChip")
        self.countdown = QLabel(alignment=Qt.AlignmentFlag.AlignRight)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(stage)
        if case.is_urgent:
            top.addWidget(QLabel(view.urgency, objectName="urgentChip"))
        top.addStretch(1)
        top.addWidget(self.countdown)
        title = QLabel(objectName="waitingTitle")
        title.setText(QFontMetrics(title.font()).elidedText(view.title, Qt.TextElideMode.ElideRight, 200))
        title.setToolTip(f"{view.title}\n{view.address or ''}")
        where = QLabel(f"{view.case_no} · {view.category}", objectName="waitingMeta")
        self.button = self._button()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 9, 12, 9)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addStretch(1)
        layout.addWidget(self.button)

    def _button(self) -> QPushButton:
        case = self.case
        if case.view.status == "registered" and case.suggested_department and self.may_dispatch:
            button = QPushButton(qta.icon("mdi6.send", color="white"), self.tr("派遣至 {0}").format(
                case.suggested_department))
            button.setProperty("primary", "true")
            button.setToolTip(self.tr("一键派遣至类别的默认部门（Ctrl+D）"))
            button.clicked.connect(lambda: self.dispatch_clicked.emit(case.case_no))
        else:
            text = {"reported": self.tr("打开核实"), "verified": self.tr("打开立案")}.get(
                case.view.status, self.tr("打开案件"))
            button = QPushButton(qta.icon("mdi6.open-in-app", color="#1f5fae"), text)
            button.clicked.connect(lambda: self.double_clicked.emit(case.case_no))
        return button

    def update_at(self, now: datetime, countdown: Countdown, selected: bool, busy: bool) -> None:
        light = self.case.light(now)
        self.countdown.setText(countdown.text(self.case.view, now))
        if light != self._light:
            self._light = light
            self.countdown.setStyleSheet(f"color: {TEXT_COLORS[light].name()}; font-weight: bold; font-size: 14px;")
        if self.property("selected") != ("true" if selected else "false"):
            self.setProperty("selected", "true" if selected else "false")
            self.style().unpolish(self)
            self.style().polish(self)
        if self.button.property("primary") == "true":
            self.button.setEnabled(not busy)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.clicked.emit(self.case.case_no)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.double_clicked.emit(self.case.case_no)
        super().mouseDoubleClickEvent(event)


WAITING_CARD_SIZE = QSize(268, 138)
MAX_WAITING_CARDS = 60
WAITING_STYLE = """
QFrame#waitingCard { background: white; border: 1px solid #dde3ea; border-radius: 6px; }
QFrame#waitingCard[urgent="true"] { border-left: 4px solid #d93025; }
QFrame#waitingCard[selected="true"] { background: #eef5fe; border: 2px solid #1f5fae; }
QLabel#stageChip { background: #e8eef6; color: #1f5fae; border-radius: 3px; padding: 1px 6px; font-size: 12px; }
QLabel#urgentChip { background: #d93025; color: white; border-radius: 3px; padding: 1px 6px; font-size: 12px; }
QLabel#waitingTitle { font-size: 14px; font-weight: bold; color: #1a2b3c; }
QLabel#waitingMeta { color: #6b7b8c; font-size: 12px; }
"""


class WaitingStrip(QFrame):
    """The cases waiting to be verified, registered or dispatched, in a row across the top."""

    case_selected = Signal(str)
    case_activated = Signal(str)
    dispatch_requested = Signal(str)

    def __init__(self, parent=None, *, may_dispatch: bool = True):
        super().__init__(parent)
        self.may_dispatch = may_dispatch  # without case.dispatch a card offers to open the case instead
        self.cases: list[BoardCase] = []
        self.cards: dict[str, WaitingCard] = {}
        self.setStyleSheet(WAITING_STYLE)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold; color: #1a2b3c;")
        self.more = QLabel()
        self.more.setStyleSheet("color: #6b7b8c;")
        self.empty = QLabel(self.tr("当前没有等待核实、立案或派遣的案件"))
        self.empty.setStyleSheet("color: #9aa5b1; font-size: 14px; padding: 10px;")
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 6)
        self.row.setSpacing(10)
        self.row.addStretch(1)
        holder = QWidget()
        holder.setLayout(self.row)
        self.scroll = QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFixedHeight(WAITING_CARD_SIZE.height() + 22)
        self.scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.more)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.scroll)
        layout.addWidget(self.empty)

    def show_cases(self, cases: list[BoardCase], now: datetime, countdown: Countdown, selected: str | None,
                   busy: set[str]) -> None:
        """Show the waiting cases at `now`; the cards are rebuilt only when the cases changed."""
        if [c.view for c in cases] != [c.view for c in self.cases]:
            self._rebuild(cases)
        for case_no, card in self.cards.items():
            card.update_at(now, countdown, case_no == selected, case_no in busy)

    def _rebuild(self, cases: list[BoardCase]) -> None:
        self.cases = cases
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        for case in cases[:MAX_WAITING_CARDS]:
            card = WaitingCard(case, may_dispatch=self.may_dispatch)
            card.clicked.connect(self.case_selected)
            card.double_clicked.connect(self.case_activated)
            card.dispatch_clicked.connect(self.dispatch_requested)
            self.row.insertWidget(self.row.count() - 1, card)
            self.cards[case.case_no] = card
        urgent = sum(1 for c in cases if c.is_urgent)
        self.title.setText(self.tr("待调度 {0} 件").format(len(cases)))
        extra = [self.tr("其中紧急/特急 {0} 件").format(urgent)] if urgent else []
        if len(cases) > MAX_WAITING_CARDS:
            extra.append(self.tr("此处显示前 {0} 件，其余见案件队列").format(MAX_WAITING_CARDS))
        self.more.setText("（" + "；".join(extra) + "）" if extra else "")
        self.scroll.setVisible(bool(cases))
        self.empty.setVisible(not cases)

    def select(self, case_no: str | None) -> None:
        """Mark `case_no` selected (and scroll to it) if it is in the strip."""
        for number, card in self.cards.items():
            card.setProperty("selected", "true" if number == case_no else "false")
            card.style().unpolish(card)
            card.style().polish(card)
        if case_no in self.cards:
            self.scroll.ensureWidgetVisible(self.cards[case_no])

    def set_busy(self, case_no: str, busy: bool) -> None:
        """Disable a card's dispatch button while its dispatch is being saved."""
        card = self.cards.get(case_no)
        if card is not None and card.button.property("primary") == "true":
            card.button.setEnabled(not busy)
