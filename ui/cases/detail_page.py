"""One case in full: its facts, light and countdown, history, cards, attachments and actions.

Everything is read in the background (`load`); an action asks for its inputs in a small dialog
and is sent with the version shown, so a case someone else changed meanwhile is never
overwritten: the conflict is shown and the page reloads the case as it now is.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from app.accounts.permissions import case_action
from app.cases.attachments import AttachmentView, add_attachments, attachment_data, list_attachments
from app.cases.errors import CaseError, ConflictError
from app.cases.lights import Light
from app.cases.lookups import Choice, department_choices
from app.cases.queries import CaseFilter
from app.cases.states import ESCALATION_LEVELS, Action
from app.cases.views import CardView, CaseDetail
from ui.accounts.permitted import offer_only_permitted
from ui.cases.action_dialogs import DANGER_ACTIONS, ActionDialog, ActionRequest
from ui.cases.attachments_strip import FILE_FILTER, AttachmentsStrip, Tile, read_attachment_file
from ui.cases.timeline import Timeline
from ui.context import UiContext
from ui.paper.buttons import print_button, print_case
from ui.widgets import (
    CARD_STYLE, Badge, CountdownLabel, FactGrid, ImageViewer, LightBadge, NoticeBar, make_card,
    pixmap_from_bytes,
)
from ui.workers import run_in_background, wait_for_background_work

#: the action that moves a case along the standard loop in each state (shown as the primary button)
MAIN_ACTIONS = frozenset({Action.VERIFY, Action.REGISTER, Action.DISPATCH, Action.ACCEPT,
                          Action.FEEDBACK, Action.APPROVE, Action.RESUME})
URGENCY_COLORS = {"一般": "#5b6b7c", "紧急": "#d66a00", "特急": "#c5221f"}
CARD_NAMES = {"yellow": QT_TRANSLATE_NOOP("CaseDetailPage", "黄牌督办"), "red": QT_TRANSLATE_NOOP("CaseDetailPage", "红牌督办"),
              "leader": QT_TRANSLATE_NOOP("CaseDetailPage", "领导督办")}
OTHER_CARD_NAME = QT_TRANSLATE_NOOP("CaseDetailPage", "督办")
CARD_COLORS = {"yellow": "#f2a600", "red": "#d93025", "leader": "#8e24aa"}


@dataclass(frozen=True, kw_only=True)
class LoadedCase:
    """What one background load brings: the case, its attachments and the department list."""

    detail: CaseDetail
    attachments: list[AttachmentView]
    departments: list[Choice]


class CaseDetailPage(QWidget):
    """The 'case' page; `load(case_no)` shows a case (MainWindow.open_case calls it)."""

    def __init__(self, ctx: UiContext, window):
        super().__init__()
        self.ctx = ctx
        self.main_window = window
        self.case_no: str | None = None
        self.loaded: LoadedCase | None = None
        self.back_to = "queue"
        self.busy = False
        self.action_buttons: dict[Action, QPushButton] = {}
        self.dialog: ActionDialog | None = None
        self._serial = 0
        self._departments: list[Choice] | None = None
        self._build()
        ctx.hub.changed.connect(self._on_hub_changed)

    # building ------------------------------------------------------------
    def _build(self) -> None:
        self.back = QPushButton(qta.icon("mdi6.arrow-left", color="#1a2b3c"), self.tr("返回"))
        self.back.clicked.connect(self.go_back)
        self.title = QLabel(self.tr("案件详情"), objectName="pageTitle")
        self.light = LightBadge()
        self.status = Badge()
        self.urgency = Badge()
        self.countdown = CountdownLabel(self.ctx.now)
        self.loading = QLabel(self.tr("正在载入……"), objectName="loading")
        self.reload_button = QPushButton(qta.icon("mdi6.refresh", color="#1a2b3c"), self.tr("刷新"))
        self.reload_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.setSpacing(12)
        for widget in (self.back, self.title, self.light, self.status, self.urgency, self.countdown):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.loading)
        self.map_button = QPushButton(qta.icon("mdi6.map-marker-radius-outline", color="#1f5fae"),
                                      self.tr("在地图上显示"))
        self.map_button.setEnabled(False)
        self.map_button.clicked.connect(self.show_on_map)
        top.addWidget(self.map_button)
        self.dispute_button = QPushButton(qta.icon("mdi6.scale-balance", color="#1f5fae"), self.tr("登记纠纷"))
        self.dispute_button.setToolTip(self.tr("由本案登记一起矛盾纠纷，并与本案关联"))
        self.dispute_button.setEnabled(False)
        self.dispute_button.clicked.connect(self.register_dispute)
        top.addWidget(self.dispute_button)
        self.print_button = print_button(self.tr("打印本案的案件派遣单：预览、选择打印机或保存为 PDF"))
        self.print_button.clicked.connect(self.print_sheet)
        top.addWidget(self.print_button)
        top.addWidget(self.reload_button)

        self.notice = NoticeBar()
        self.actions_frame, actions_layout, _ = make_card(self.tr("可执行操作"), "mdi6.gesture-tap-button")
        self.actions_row = QHBoxLayout()
        self.actions_row.setSpacing(8)
        self.no_actions = QLabel(self.tr("本案已办结，没有可执行的操作"), objectName="muted")
        actions_layout.addLayout(self.actions_row)
        actions_layout.addWidget(self.no_actions)

        self.heading = QLabel(objectName="caseHeading", wordWrap=True)
        self.description = QLabel(objectName="description", wordWrap=True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary, summary_layout, _ = make_card(self.tr("事件描述"), "mdi6.text-box-outline")
        summary_layout.addWidget(self.heading)
        summary_layout.addWidget(self.description)
        self.facts = FactGrid(columns=3)
        facts, facts_layout, _ = make_card(self.tr("基本信息"), "mdi6.card-account-details-outline")
        facts_layout.addWidget(self.facts)
        self.limits = FactGrid(columns=3)
        limits, limits_layout, _ = make_card(self.tr("时限"), "mdi6.timer-sand")
        limits_layout.addWidget(self.limits)
        self.cards_box = QVBoxLayout()
        self.no_cards = QLabel(self.tr("暂无督办"), objectName="muted")
        cards, cards_layout, _ = make_card(self.tr("督办"), "mdi6.card-account-mail-outline")
        cards_layout.addWidget(self.no_cards)
        cards_layout.addLayout(self.cards_box)
        self.attachments = AttachmentsStrip(editable=False, empty_text=self.tr("暂无附件"))
        self.attachments.open_requested.connect(self._on_attachment_open)
        files, files_layout, files_heading = make_card(self.tr("附件"), "mdi6.paperclip")
        self.add_files_button = QPushButton(qta.icon("mdi6.plus", color="#1f5fae"), self.tr("添加附件"))
        self.add_files_button.clicked.connect(self._on_add_files_clicked)
        files_heading.addWidget(self.add_files_button)
        offer_only_permitted(self.ctx.may, ((self.add_files_button, "case.attach"),
                                            (self.dispute_button, "dispute.register")))
        files_layout.addWidget(self.attachments)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(12)
        for widget in (summary, facts, limits, cards, files):
            left.addWidget(widget)
        left.addStretch(1)
        left_holder = QWidget(objectName="page")
        left_holder.setLayout(left)
        left_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        left_scroll.setWidget(left_holder)

        self.timeline = Timeline()
        history, history_layout, _ = make_card(self.tr("处置流程"), "mdi6.timeline-clock-outline")
        timeline_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        timeline_scroll.setWidget(self.timeline)
        timeline_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: white; }")
        history_layout.addWidget(timeline_scroll, 1)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(14)
        body.addWidget(left_scroll, 3)
        body.addWidget(history, 2)
        self.body = QWidget()
        self.body.setLayout(body)
        self.body.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.actions_frame)
        layout.addWidget(self.body, 1)
        self.setStyleSheet(
            CARD_STYLE +
            "QLabel#caseHeading { font-size: 17px; font-weight: bold; color: #10233a; }"
            "QLabel#description { font-size: 14px; color: #33475b; }"
            "QLabel#muted, QLabel#loading { color: #7b8794; }"
        )
        self.actions_frame.setVisible(False)

    # loading -------------------------------------------------------------
    def load(self, case_no: str) -> None:
        """Show the case numbered `case_no` (read in the background)."""
        previous = self.main_window.current_page() if self.main_window is not None else ""
        if previous and previous != "case":
            self.back_to = previous
        if case_no != self.case_no:
            self.notice.clear()
            self.body.setVisible(False)
            self.actions_frame.setVisible(False)
            self.title.setText(self.tr("案件 {no}").format(no=case_no))
        self.case_no = case_no
        self.reload()

    def show_on_map(self) -> None:
        """Show the map centred on this case."""
        if self.case_no and self.main_window is not None and "map" in self.main_window.pages:
            self.main_window.pages["map"].show_case(self.case_no)

    def register_dispute(self) -> None:
        """登记纠纷: the docket's register form, prefilled from this case and linked to it."""
        if self.loaded is not None and hasattr(self.main_window, "register_dispute_from_case"):
            detail = self.loaded.detail
            self.main_window.register_dispute_from_case(detail.case.case_no, detail.description,
                                                        detail.case.address or "")

    def print_sheet(self) -> None:
        """打印…: the case sheet in the print preview."""
        if self.case_no:
            print_case(self, self.ctx.cases, self.case_no, self.ctx.user)

    def reload(self) -> None:
        """Read the shown case again."""
        if self.case_no is None:
            return
        self._serial += 1
        serial, case_no = self._serial, self.case_no
        self.loading.setVisible(True)
        run_in_background(self, lambda: self._fetch(case_no),
                          lambda loaded: self._on_loaded(serial, loaded),
                          lambda exc: self._on_load_failed(serial, exc))

    def _fetch(self, case_no: str) -> LoadedCase:
        detail = self.ctx.cases.get(case_no)
        departments = self._departments if self._departments is not None else department_choices(self.ctx.cases)
        return LoadedCase(detail=detail, attachments=list_attachments(self.ctx.cases, case_no),
                          departments=departments)

    def _on_loaded(self, serial: int, loaded: LoadedCase) -> None:
        if serial != self._serial:
            return
        self.loading.setVisible(False)
        self.loaded = loaded
        self._departments = loaded.departments
        self._show(loaded)
        self._set_busy(False)

    def _on_load_failed(self, serial: int, exc: Exception) -> None:
        if serial != self._serial:
            return
        self.loading.setVisible(False)
        self._set_busy(False)
        self.notice.show_notice(self._message(exc, self.tr("无法载入案件")), "error")

    # showing -------------------------------------------------------------
    def _show(self, loaded: LoadedCase) -> None:
        detail, view = loaded.detail, loaded.detail.case
        config = self.ctx.cases.config()
        self.title.setText(self.tr("案件 {no}").format(no=view.case_no))
        self.light.set_light(view.light.value if view.light else None)
        self.status.set_badge(view.status_label, "#1f5fae" if view.light else "#6b7785")
        self.urgency.set_badge(view.urgency, URGENCY_COLORS.get(view.urgency, "#5b6b7c"))
        self.countdown.set_case(view, config.calendar)
        self.heading.setText(view.title)
        self.description.setText(detail.description)
        self.facts.set_facts(self._facts(detail), wide=frozenset({"address"}))
        self.limits.set_facts(self._limit_facts(detail, config.tz))
        located = detail.lon is not None and detail.lat is not None
        self.map_button.setEnabled(located and self.main_window is not None and "map" in self.main_window.pages)
        self.map_button.setToolTip("" if located else self.tr("本案没有登记坐标"))
        self.dispute_button.setEnabled(self.main_window is not None and "docket" in self.main_window.pages)
        self.print_button.setEnabled(True)
        self.timeline.set_events(detail.events, config.tz)
        self._show_cards(detail.cards, config.tz)
        self.attachments.set_tiles([Tile(key=a.id, file_name=a.file_name, thumbnail=a.thumbnail, size=a.size)
                                    for a in loaded.attachments])
        self._show_actions(detail)
        self.body.setVisible(True)

    def _facts(self, detail: CaseDetail) -> list[tuple[str, str, str | None]]:
        view = detail.case
        grid = f"{view.grid}（{view.grid_code}）" if view.grid else None
        return [
            ("case_no", self.tr("案件编号"), view.case_no),
            ("external_no", self.tr("外部编号"), view.external_no),
            ("status", self.tr("状态"), view.status_label),
            ("category", self.tr("事件类别"), f"{view.category_code} {view.category}"),
            ("urgency", self.tr("紧急程度"), view.urgency),
            ("source", self.tr("来源"), view.source),
            ("grid", self.tr("所属网格"), grid),
            ("department", self.tr("责任部门"), view.department or self.tr("未派遣")),
            ("escalation", self.tr("处置层级"), ESCALATION_LEVELS[min(detail.escalation_level, 3)]),
            ("reporter", self.tr("报告人"), detail.reporter_name),
            ("phone", self.tr("联系电话"), detail.reporter_phone),
            ("counts", self.tr("催办/返工"), self.tr("催办 {u} 次 · 返工 {r} 次").format(
                u=detail.urge_count, r=detail.rework_count)),
            ("address", self.tr("地址"), view.address),
        ]

    def _limit_facts(self, detail: CaseDetail, tz) -> list[tuple[str, str, str | None]]:
        view = detail.case

        def when(value):
            return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else None

        return [
            ("reported_at", self.tr("上报时间"), when(view.reported_at)),
            ("due_at", self.tr("办结时限"), when(view.due_at)),
            ("stage_due_at", self.tr("本环节时限"), when(detail.stage_due_at)),
            ("time_limit", self.tr("总时限"), detail.time_limit),
            ("light", self.tr("亮灯"), view.light.label if view.light else self.tr("已办结")),
            ("overdue", self.tr("是否超期"), self.tr("已超期") if view.overdue else self.tr("未超期")),
        ]

    def _show_cards(self, cards: list[CardView], tz) -> None:
        while self.cards_box.count():
            item = self.cards_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.no_cards.setVisible(not cards)
        for supervision in cards:
            self.cards_box.addWidget(self._card_widget(supervision, tz))

    def _card_widget(self, supervision: CardView, tz) -> QFrame:
        color = CARD_COLORS.get(supervision.color, "#8e24aa")
        frame = QFrame(objectName="supervisionCard")
        frame.setStyleSheet(f"QFrame#supervisionCard {{ border-left: 4px solid {color}; background: #fafbfd;"
                            " border-radius: 4px; }")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        name = self.tr(CARD_NAMES.get(supervision.color, OTHER_CARD_NAME))
        origin = self.tr("系统自动") if supervision.origin == "sweep" else supervision.issuer
        head = QLabel(f"<b style='color:{color}'>{name}</b>　{supervision.issued_at.astimezone(tz):%Y-%m-%d %H:%M}"
                      f"　{origin}" + (f"　→ {supervision.department}" if supervision.department else ""))
        layout.addWidget(head)
        layout.addWidget(QLabel(supervision.reason, wordWrap=True))
        if supervision.reply:
            layout.addWidget(QLabel(self.tr("回复：") + supervision.reply, wordWrap=True))
        return frame

    def _show_actions(self, detail: CaseDetail) -> None:
        for button in self.action_buttons.values():
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        while self.actions_row.count():
            self.actions_row.takeAt(0)
        offered = [value for value in detail.allowed_actions if self.ctx.may(case_action(value))]
        for value in offered:
            action = Action(value)
            button = QPushButton(action.label)
            button.setMinimumWidth(88)
            if action in MAIN_ACTIONS:
                button.setProperty("primary", "true")
            elif action in DANGER_ACTIONS or action == Action.VOID:
                button.setProperty("danger", "true")
            button.clicked.connect(lambda _=False, a=action: self.ask(a))
            button.setEnabled(not self.busy)
            self.actions_row.addWidget(button)
            self.action_buttons[action] = button
        self.actions_row.addStretch(1)
        if detail.allowed_actions and not offered:
            self.no_actions.setText(self.tr("您的角色不能对本案执行当前可做的操作"))
        else:
            self.no_actions.setText(self.tr("本案已办结，没有可执行的操作"))
        self.no_actions.setVisible(not offered)
        self.actions_frame.setVisible(True)

    # acting --------------------------------------------------------------
    def ask(self, action: Action) -> ActionDialog | None:
        """Open the dialog for `action`; it is done when the dialog is accepted."""
        if self.loaded is None or self.busy:
            return None
        self.dialog = ActionDialog(action, self.loaded.detail, self.loaded.departments, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda d=self.dialog: self.perform(d.request))
        self.dialog.open()
        return self.dialog

    def perform(self, request: ActionRequest) -> None:
        """Send the action with the version shown; a conflict reloads instead of overwriting."""
        if self.loaded is None or request is None:
            return
        case_no, version = self.loaded.detail.case.case_no, self.loaded.detail.case.version
        self._set_busy(True)

        def work():
            return self.ctx.cases.act(case_no, request.action, actor=self.ctx.user, note=request.note,
                                      department=request.department, limit=request.limit,
                                      expected_version=version)

        run_in_background(self, work, lambda _view: self._on_acted(request),
                          lambda exc: self._on_act_failed(request, exc))

    def _on_acted(self, request: ActionRequest) -> None:
        self.notice.show_notice(self.tr("已{action}").format(action=request.action.label), "success")
        self.reload()
        self.ctx.hub.notify_local()

    def _on_act_failed(self, request: ActionRequest, exc: Exception) -> None:
        self.notice.show_notice(self._message(exc, self.tr("“{a}”未能完成").format(a=request.action.label)),
                                "error")
        if isinstance(exc, ConflictError):
            self.reload()
        else:
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self.action_buttons.values():
            button.setEnabled(not busy)
        self.add_files_button.setEnabled(not busy)

    def _on_hub_changed(self) -> None:
        """Another write happened: reload when it was to the case shown."""
        if self.loaded is None or self.busy:
            return
        case_no, version = self.loaded.detail.case.case_no, self.loaded.detail.case.version
        run_in_background(self, lambda: self.ctx.cases.view(case_no),
                          lambda view: self._reload_if_changed(case_no, version, view.version),
                          lambda _exc: None)

    def _reload_if_changed(self, case_no: str, shown: int, current: int) -> None:
        if current != shown and case_no == self.case_no and not self.busy:
            self.reload()

    # attachments ---------------------------------------------------------
    def _on_add_files_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("添加附件"), "",
                                                QCoreApplication.translate("AttachmentsStrip", FILE_FILTER))
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Attach files from disk to the shown case (read, thumbnailed and stored in the background)."""
        if self.case_no is None:
            return
        case_no = self.case_no
        self._set_busy(True)

        def work():
            return add_attachments(self.ctx.cases, case_no, [read_attachment_file(p) for p in paths],
                                   self.ctx.user)

        run_in_background(self, work, self._on_files_added, self._on_files_failed)

    def _on_files_added(self, added: list[AttachmentView]) -> None:
        self.notice.show_notice(self.tr("已添加 {n} 个附件").format(n=len(added)), "success")
        self.reload()
        self.ctx.hub.notify_local()

    def _on_files_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.notice.show_notice(self._message(exc, self.tr("附件未能添加")), "error")

    def _on_attachment_open(self, key: str) -> None:
        found = next((a for a in (self.loaded.attachments if self.loaded else []) if a.id == key), None)
        if found is None:
            return
        run_in_background(self, lambda: attachment_data(self.ctx.cases, key),
                          lambda data: self._show_attachment(found, data),
                          lambda exc: self.notice.show_notice(self._message(exc, self.tr("无法打开附件")), "error"))

    def _show_attachment(self, attachment: AttachmentView, data: bytes) -> None:
        pixmap = pixmap_from_bytes(data) if attachment.is_image else None
        if pixmap is not None:
            self.viewer = ImageViewer(pixmap, attachment.file_name, self)
            self.viewer.open()
            return
        target = Path(tempfile.mkdtemp(prefix="gridcc-")) / attachment.file_name
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    # navigation and screenshots -----------------------------------------
    def go_back(self) -> None:
        """Back to the page the case was opened from."""
        if self.main_window is not None and self.back_to in self.main_window.pages:
            self.main_window.show_page(self.back_to)

    def prepare_screenshot(self) -> bool:
        """Show the first red case (else any open one) and wait until it is loaded."""
        cases = self.ctx.cases
        found = (cases.list(CaseFilter(light=Light.RED, open_only=True), limit=1, order="due")
                 or cases.list(CaseFilter(open_only=True), limit=1, order="due"))
        if not found:
            return False
        self.load(found[0].case_no)
        for _ in range(20):
            wait_for_background_work()
            QApplication.processEvents()
            if self.loaded is not None and self.loaded.detail.case.case_no == found[0].case_no:
                break
        return True

    def _message(self, exc: Exception, prefix: str) -> str:
        if isinstance(exc, CaseError):
            return str(exc)
        return f"{prefix}：{exc}"
