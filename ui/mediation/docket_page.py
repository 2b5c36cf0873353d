"""矛盾纠纷: the mediation docket pane.

Three tabs: 纠纷台账 (the paged list under its filters, the card of the dispute double-clicked
beside it, with its actions), 月度统计 (the monthly 排查调处情况表 and its export) and 排查 (the
communities missing this period's report, and the report form). 登记纠纷 opens the register
form. A person's card opens the docket filtered to that person (`show_person`); a case's detail
opens the register form linked to the case (`register_from_case`). After any change the page
tells the change hub, and every pane reloads.
"""

from __future__ import annotations

import uuid

import qtawesome as qta
from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.mediation.service import MediationService
from ui.accounts.permitted import offer_only_permitted
from ui.context import UiContext
from ui.mediation.card_panel import DisputePanel, showcase_number
from ui.mediation.choices import DocketChoices, read_choices
from ui.mediation.docket_model import DocketModel
from ui.mediation.docket_table import DocketTable
from ui.mediation.filter_bar import DocketFilterBar
from ui.mediation.register_form import RegisterForm
from ui.mediation.screening_view import ScreeningView
from ui.mediation.stats_view import StatsView
from ui.widgets import NoticeBar, page_header, plain_card
from ui.workers import run_in_background, wait_for_background_work

SETTINGS_PREFIX = "docket/"


def mediation_service(ctx: UiContext) -> MediationService:
    """The docket's service on the pane's database, clock and workstation."""
    return MediationService(ctx.database, now=ctx.now, workstation=ctx.cases.workstation, principal=ctx.principal)


class DocketPage(QWidget):
    """The docket page: list and card, monthly table, screening."""

    def __init__(self, ctx: UiContext, window):
        super().__init__()
        self.ctx, self.main_window = ctx, window
        self.service = mediation_service(ctx)
        self.choices: DocketChoices | None = None
        self.model = DocketModel(self.service, self)
        self.filters = DocketFilterBar()
        self.table = DocketTable(self.model)
        self.empty_note = QLabel(self.tr("没有符合条件的纠纷"), self.table.viewport())
        self.empty_note.setStyleSheet("color: #7b8794; font-size: 15px;")
        self.empty_note.hide()
        self.panel = DisputePanel(self.service, ctx.user)
        self.stats = StatsView(self.service, ctx.cases.config().tz)
        self.screening = ScreeningView(self.service, ctx.user)
        self.title = QLabel(self.tr("矛盾纠纷调解"), objectName="pageTitle")
        self.counts = QLabel()
        self.notice = NoticeBar()
        self.tabs = QTabWidget()
        self.refresh_button = QPushButton(qta.icon("mdi6.refresh", color="#33475b"), self.tr("刷新"))
        self.register_button = QPushButton(qta.icon("mdi6.file-document-edit-outline", color="white"),
                                           self.tr("登记纠纷"))
        self.register_button.setProperty("primary", "true")
        self.form: RegisterForm | None = None
        self._pending_register: tuple[str, str, str] | None = None
        self._started = self._dirty = False
        self._lay_out()
        self._connect()
        offer_only_permitted(ctx.may, ((self.register_button, "dispute.register"),
                                       (self.stats.export_button, "report.export")))

    def _lay_out(self) -> None:
        top = page_header(self.title, self.counts, actions=(self.refresh_button, self.register_button))
        filters_card = plain_card(self.filters)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([820, 900])
        docket = QWidget()
        column = QVBoxLayout(docket)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(10)
        column.addWidget(filters_card)
        column.addWidget(self.splitter, 1)
        self.tabs.addTab(docket, qta.icon("mdi6.scale-balance"), self.tr("纠纷台账"))
        self.tabs.addTab(self.stats, qta.icon("mdi6.table-large"), self.tr("月度统计"))
        self.tabs.addTab(self.screening, qta.icon("mdi6.clipboard-search-outline"), self.tr("排查报告"))
        page = QVBoxLayout(self)
        page.setContentsMargins(18, 14, 18, 14)
        page.setSpacing(10)
        page.addLayout(top)
        page.addWidget(self.notice)
        page.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.ctx.hub.changed.connect(self._on_hub_changed)
        self.model.loaded.connect(self._on_loaded)
        self.model.counted.connect(lambda n: self.counts.setText(self.tr("共 {n} 起").format(n=f"{n:,}")))
        self.model.failed.connect(self._on_read_failed)
        self.filters.changed.connect(lambda: self.model.set_filter(self.filters.current_filter()))
        self.table.activated.connect(self._on_activated)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.panel.acted.connect(lambda _view: self._changed())
        self.panel.loaded.connect(self._select_shown)
        self.panel.card.case_requested.connect(self.main_window.open_case)
        self.panel.card.person_requested.connect(self.main_window.open_person)
        self.screening.filed.connect(lambda _result: self._changed())
        self.refresh_button.clicked.connect(self.refresh)
        self.register_button.clicked.connect(lambda: self.open_register())

    # loading -------------------------------------------------------------
    def start(self) -> None:
        """Read the first page and the choice lists (once)."""
        if self._started:
            return
        self._started = True
        self.model.set_filter(self.filters.current_filter())
        self.counts.setText(self.tr("正在读取…"))
        self.model.reload()
        service = self.service
        run_in_background(self, lambda: read_choices(service), self._set_choices,
                          lambda exc: self.notice.show_notice(str(exc), "error"))

    def _set_choices(self, choices: DocketChoices) -> None:
        self.choices = choices
        self.filters.set_choices(choices)
        self.panel.set_choices(choices)
        self.screening.set_choices(choices)
        if self._pending_register is not None:
            (case_no, facts, place), self._pending_register = self._pending_register, None
            self.open_register(case_no=case_no, facts=facts, place=place)

    def refresh(self) -> None:
        """Read the list, the card and the shown tab again."""
        if not self._started:
            self.start()
            return
        self._dirty = False
        self.model.reload()
        self.panel.reload()
        self._on_tab_changed(self.tabs.currentIndex())

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.stats:
            self.stats.compute()
        elif widget is self.screening:
            self.screening.reload()

    def _on_hub_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _changed(self) -> None:
        self.ctx.hub.notify_local()
        if not self.isVisible():
            self.refresh()

    def _on_loaded(self) -> None:
        self.empty_note.setVisible(self.model.rowCount() == 0)
        self.empty_note.adjustSize()
        self.empty_note.move(max(self.table.viewport().width() - self.empty_note.width(), 0) // 2, 60)

    def _on_read_failed(self, message: str) -> None:
        self.counts.clear()
        self._on_loaded()
        self.notice.show_notice(self.tr("读取纠纷台账失败：{m}").format(
            m=message.splitlines()[0][:160] if message else ""), "error")

    # the card ------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        view = self.model.view_at(index.row())
        if view is not None:
            self.open_dispute(view.dispute_no)

    def open_dispute(self, dispute_no: str) -> None:
        """Show a dispute's card beside the list (on the docket tab)."""
        self.tabs.setCurrentIndex(0)
        self.start()
        self.panel.load(dispute_no)

    def _select_shown(self, detail) -> None:
        """Select the shown dispute's row when it is listed (the card and the list agree)."""
        row = self.model.row_of(detail.dispute.dispute_no)
        if row is not None and self.table.currentIndex().row() != row:
            self.table.selectRow(row)

    def show_person(self, person_id, name: str) -> None:
        """The docket of one party (a person's card asked): every state, only their disputes."""
        self.tabs.setCurrentIndex(0)
        self.start()
        self.filters.blockSignals(True)
        self.filters.state.choose("")
        self.filters.blockSignals(False)
        self.filters.set_person((uuid.UUID(str(person_id)), name))

    # registering ---------------------------------------------------------
    def open_register(self, *, case_no: str | None = None, facts: str = "", place: str = "") -> RegisterForm | None:
        """The register form (linked to a case when `case_no` is given); returned for tests."""
        if self.choices is None:
            self.start()
            self.notice.show_notice(self.tr("正在读取纠纷类型和调解组织，请稍候再试"), "info")
            return None
        form = RegisterForm(self.service, self.choices, self.ctx.user, case_no=case_no, facts=facts, place=place,
                            parent=self)
        form.saved.connect(self._registered)
        form.finished.connect(form.deleteLater)
        self.form = form
        form.open()
        return form

    def register_from_case(self, case_no: str, facts: str = "", place: str = "") -> None:
        """登记纠纷 from a case's detail: the form prefilled with the case and linked to it (opened
        as soon as the choice lists are in, when they are still being read)."""
        self.start()
        if self.choices is None:
            self._pending_register = (case_no, facts, place)
            return
        self.open_register(case_no=case_no, facts=facts, place=place)

    def _registered(self, view) -> None:
        self.notice.show_notice(self.tr("已登记纠纷 {number}").format(number=view.dispute_no), "success")
        self._changed()
        self.open_dispute(view.dispute_no)

    # the main window's hooks -------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.activate()

    def activate(self) -> None:
        """Shown by the main window: make sure the docket is read and current."""
        self.start()
        if self._dirty:
            self.refresh()

    def prepare_screenshot(self) -> bool:
        """Open the docket and the card of a dispute with an agreement (else the newest)."""
        self.start()
        number = showcase_number(self.service)
        if number is None:
            return True
        self.panel.load(number)
        for _ in range(20):
            wait_for_background_work()
            QApplication.processEvents()
            if self.panel.detail is not None and not self.model.loading:
                break
        return True

    def restore_layout(self, settings: QSettings) -> None:
        for key, target in (("header", self.table.horizontalHeader()), ("splitter", self.splitter)):
            state = settings.value(SETTINGS_PREFIX + key)
            if isinstance(state, QByteArray):
                target.restoreState(state)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_PREFIX + "header", self.table.horizontalHeader().saveState())
        settings.setValue(SETTINGS_PREFIX + "splitter", self.splitter.saveState())
