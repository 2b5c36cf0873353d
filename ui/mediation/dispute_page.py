"""One dispute's card on a page of its own (opened from a person's card or a case's detail, and
the `dispute.png` screenshot), with a way back to the docket."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import UiContext
from ui.mediation.card_panel import DisputePanel, showcase_number
from ui.mediation.choices import read_choices
from ui.mediation.docket_page import mediation_service
from ui.workers import run_in_background, wait_for_background_work


class DisputePage(QWidget):
    """The card of one dispute; `load(number)` shows it."""

    def __init__(self, ctx: UiContext, window):
        super().__init__()
        self.ctx, self.main_window = ctx, window
        self.service = mediation_service(ctx)
        self.panel = DisputePanel(self.service, ctx.user)
        back = QPushButton(qta.icon("mdi6.arrow-left", color="#33475b"), self.tr("返回纠纷台账"))
        back.clicked.connect(lambda: window.show_page("docket"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("纠纷详情"), objectName="pageTitle"))
        top.addStretch(1)
        top.addWidget(back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        self.panel.acted.connect(lambda _view: ctx.hub.notify_local())
        self.panel.card.case_requested.connect(window.open_case)
        self.panel.card.person_requested.connect(window.open_person)
        ctx.hub.changed.connect(lambda: self.panel.reload() if self.isVisible() else None)
        service = self.service
        run_in_background(self, lambda: read_choices(service), self.panel.set_choices, lambda _exc: None)

    def load(self, dispute_no: str) -> None:
        self.panel.load(dispute_no)

    def prepare_screenshot(self) -> bool:
        """Show a dispute in performance (agreement, countdown, obligations), else the newest."""
        number = showcase_number(self.service)
        if number is None:
            return False
        self.load(number)
        for _ in range(20):
            wait_for_background_work()
            QApplication.processEvents()
            if self.panel.detail is not None:
                break
        return True
