"""The dispute card with its behaviour: read a dispute off the UI thread, show it, open the
form of an action chosen on it, and reload after the action (or after another desk changed it
first, saying so). The docket page embeds one beside its list; the dispute page shows one alone."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.mediation.queries import DisputeFilter
from app.mediation.service import MediationService
from app.mediation.states import DisputeAction
from app.mediation.views import DisputeDetail
from ui.mediation.action_form import ActionForm
from ui.paper.buttons import print_agreement
from ui.mediation.choices import DocketChoices
from ui.mediation.dispute_card import DisputeCardView
from ui.widgets import NoticeBar
from ui.workers import run_in_background


class DisputePanel(QWidget):
    """`acted` fires after an action was saved (with the dispute's new view)."""

    acted = Signal(object)
    loaded = Signal(object)

    def __init__(self, service: MediationService, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.actor = service, actor
        self.choices: DocketChoices | None = None
        self.number: str | None = None
        self.form: ActionForm | None = None
        self.notice = NoticeBar()
        self.card = DisputeCardView(may=service.principal.may)
        self.card.action_requested.connect(self.open_action)
        self.card.print_requested.connect(self.print_agreement)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.card, 1)

    @property
    def detail(self) -> DisputeDetail | None:
        return self.card.detail

    def set_choices(self, choices: DocketChoices) -> None:
        self.choices = choices

    def load(self, dispute_no: str, *, keep_notice: bool = False) -> None:
        """Read a dispute's card in the background and show it."""
        self.number = dispute_no
        if not keep_notice:
            self.notice.clear()
        service = self.service
        run_in_background(self, lambda: (service.get(dispute_no), service.tz),
                          lambda result: self._show(dispute_no, *result),
                          lambda exc: self.notice.show_notice(str(exc), "error"))

    def reload(self, *, keep_notice: bool = True) -> None:
        if self.number:
            self.load(self.number, keep_notice=keep_notice)

    def _show(self, dispute_no: str, detail: DisputeDetail, tz) -> None:
        if dispute_no == self.number:
            self.card.show_detail(detail, tz)
            self.loaded.emit(detail)

    def print_agreement(self) -> None:
        """打印…: the agreement of the shown dispute in the print preview."""
        if self.number:
            print_agreement(self, self.service, self.number, self.actor)

    def open_action(self, action: str) -> ActionForm | None:
        """The form of an action on the shown dispute (returned for tests)."""
        if self.detail is None:
            return None
        form = ActionForm(self.service, self.detail, DisputeAction(action), self.choices, self.actor, self)
        form.done.connect(self._acted)
        form.conflict.connect(self._conflict)
        form.finished.connect(form.deleteLater)
        self.form = form
        form.open()
        return form

    def _acted(self, view) -> None:
        self.notice.show_notice(self.tr("已办理：{number} 现为“{state}”").format(
            number=view.dispute_no, state=view.status_label), "success")
        self.reload()
        self.acted.emit(view)

    def _conflict(self, message: str) -> None:
        self.notice.show_notice(message, "error")
        self.reload()


def showcase_number(service: MediationService) -> str | None:
    """The dispute the screenshots show: one being performed under a written agreement with
    obligations (its countdowns and lights on view), else any agreed one, else the newest."""
    agreed = service.list(DisputeFilter(status=("agreed",)), limit=30)
    for view in agreed:
        detail = service.get(view.dispute_no)
        if detail.obligations and detail.confirmation_days_left is not None:
            return view.dispute_no
    newest = agreed or service.list(DisputeFilter(), limit=1)
    return newest[0].dispute_no if newest else None

