"""The dispute card: a dispute's particulars, parties, records, agreement and its judicial-
confirmation countdown, obligations and visits with their lights, transfers, linked cases and
persons, the file checklist and the history, with a button for each action its state allows.

The card only shows a DisputeDetail it is handed; the page reads it off the UI thread and opens
the action forms. Links ask the window to open a case or a person (`case_requested`,
`person_requested`).
"""

from __future__ import annotations

from collections.abc import Callable

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.accounts.permissions import dispute_action
from app.mediation.states import DisputeAction
from app.mediation.views import DisputeDetail
from ui.mediation import card_sections as sections
from ui.paper.buttons import print_button
from ui.widgets import Badge, FactGrid, LightBadge, make_card

STATUS_COLOR = "#1f5fae"
ALERT_COLOR = "#c5221f"
#: actions offered as buttons on the card's heading, the rest in the second row
MAIN_ACTIONS = ("notify", "accept", "investigate", "session", "agree_written", "agree_oral", "apply_confirmation",
                "confirm", "fulfil", "close", "file", "transfer_receipt", "transfer_outcome")
WIDE_FACTS = frozenset({"facts", "claims"})


class DisputeCardView(QScrollArea):
    """Shows one DisputeDetail; `action_requested` carries the action chosen on its buttons."""

    action_requested = Signal(str)
    print_requested = Signal()
    case_requested = Signal(str)
    person_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, may: Callable[[str], bool] = lambda _code: True):
        super().__init__(parent)
        self.detail: DisputeDetail | None = None
        self.tz = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(objectName="page")
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(0, 0, 6, 0)
        self.column.setSpacing(10)
        self.setWidget(body)
        self.number = QLabel(objectName="pageTitle")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.light = LightBadge()
        self.status = Badge()
        self.alert = Badge()
        self.countdown = QLabel()
        self.countdown.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.placeholder = QLabel(self.tr("在左侧列表中双击一起纠纷查看详情"))
        self.placeholder.setStyleSheet("color: #7b8794; font-size: 15px;")
        self.facts = FactGrid(columns=2)
        self.may = may  # the logged-in account's permissions: actions it may not take are not offered
        self.print_button = print_button(self.tr("打印人民调解协议书（口头协议打印口头协议登记表）"))
        self.print_button.clicked.connect(self.print_requested)
        self.buttons: dict[str, QPushButton] = {}
        self.main_row, self.more_row = QHBoxLayout(), QHBoxLayout()
        self.texts: dict[str, QLabel] = {}
        self._lay_out()

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.number)
        heading.addWidget(self.light)
        heading.addWidget(self.status)
        heading.addWidget(self.alert)
        heading.addStretch(1)
        heading.addWidget(self.countdown)
        heading.addWidget(self.print_button)
        self.column.addLayout(heading)
        self.column.addWidget(self.placeholder)
        self.frames = []
        actions, body, _ = make_card(self.tr("可办理的操作"), "mdi6.gesture-tap-button")
        body.addLayout(self.main_row)
        body.addLayout(self.more_row)
        self._add(actions)
        particulars, body, _ = make_card(self.tr("基本情况"), "mdi6.file-document-outline")
        body.addWidget(self.facts)
        self._add(particulars)
        grid = QGridLayout()
        grid.setSpacing(10)
        for n, (key, title, icon) in enumerate((
                ("parties", self.tr("当事人"), "mdi6.account-multiple-outline"),
                ("records", self.tr("调查与调解记录"), "mdi6.forum-outline"),
                ("agreement", self.tr("调解协议与司法确认"), "mdi6.handshake-outline"),
                ("obligations", self.tr("履行义务"), "mdi6.cash-check"),
                ("visits", self.tr("回访"), "mdi6.phone-check-outline"),
                ("transfers", self.tr("移交对接"), "mdi6.transit-transfer"),
                ("links", self.tr("关联案件与人员"), "mdi6.link-variant"),
                ("checklist", self.tr("卷宗材料"), "mdi6.folder-check-outline"))):
            frame, body, _ = make_card(title, icon)
            label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(self._on_link)
            body.addWidget(label, 1)
            self.texts[key] = label
            grid.addWidget(frame, n // 2, n % 2)
            self.frames.append(frame)
        self.grid_widget = QWidget()
        self.grid_widget.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.grid_widget)
        events, body, _ = make_card(self.tr("办理记录"), "mdi6.history")
        label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        body.addWidget(label)
        self.texts["history"] = label
        self._add(events)
        self.column.addStretch(1)
        self._set_visible(False)

    def _add(self, frame) -> None:
        self.frames.append(frame)
        self.column.addWidget(frame)

    def _set_visible(self, shown: bool) -> None:
        self.placeholder.setVisible(not shown)
        for widget in (*self.frames, self.grid_widget, self.light, self.status, self.alert, self.countdown):
            widget.setVisible(shown)

    # showing -------------------------------------------------------------
    def show_detail(self, detail: DisputeDetail, tz) -> None:
        """Show a dispute as read (its buttons are the actions its state allows)."""
        self.detail, self.tz = detail, tz
        view = detail.dispute
        self._set_visible(True)
        self.number.setText(view.dispute_no)
        self.light.set_light(view.light.value if view.light else None)
        if view.light is None and view.status not in ("closed", "filed"):
            self.light.setVisible(False)
        self.status.set_badge(view.status_label, STATUS_COLOR)
        self.alert.set_badge(self.tr("预警") if view.alert else "", ALERT_COLOR)
        text, color = sections.countdown(detail)
        self.countdown.setText(text)
        self.countdown.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {color};")
        self.facts.set_facts(sections.facts(detail, tz), WIDE_FACTS)
        agreement = sections.agreement(detail, tz)
        confirmation = sections.confirmation_text(detail)
        self.texts["agreement"].setText(agreement + (f"<br><b>{confirmation}</b>" if confirmation else "")
                                        or sections.EMPTY)
        for key, text in (("parties", sections.parties(detail)), ("records", sections.records(detail, tz)),
                          ("obligations", sections.obligations(detail)), ("visits", sections.visits(detail, tz)),
                          ("transfers", sections.transfers(detail, tz)), ("links", sections.links(detail)),
                          ("checklist", sections.checklist(detail)), ("history", sections.history(detail, tz))):
            self.texts[key].setText(text)
        self._set_buttons(detail.allowed_actions)
        self.print_button.setVisible(self.may("print.personal"))
        self.print_button.setEnabled(detail.agreement is not None)
        self.print_button.setToolTip(self.tr("打印人民调解协议书（口头协议打印口头协议登记表）") if detail.agreement
                                     else self.tr("尚未达成调解协议，没有协议书可打印"))

    def clear(self) -> None:
        self.detail = None
        self.number.setText("")
        self._set_visible(False)

    def text_of(self, section: str) -> str:
        """The text of a section as shown (tests)."""
        return self.texts[section].text()

    def _set_buttons(self, allowed: list[str]) -> None:
        for row in (self.main_row, self.more_row):
            while row.count():
                item = row.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        self.buttons = {}
        for action in [a for a in allowed if self.may(dispute_action(a))]:
            button = QPushButton(DisputeAction(action).label)
            if action in MAIN_ACTIONS:
                button.setProperty("primary", "true")
                button.setIcon(qta.icon("mdi6.arrow-right-circle-outline", color="white"))
                self.main_row.addWidget(button)
            else:
                self.more_row.addWidget(button)
            button.clicked.connect(lambda _checked=False, a=action: self.action_requested.emit(a))
            self.buttons[action] = button
        self.main_row.addStretch(1)
        self.more_row.addStretch(1)

    def _on_link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        (self.case_requested if kind == "case" else self.person_requested).emit(value)
