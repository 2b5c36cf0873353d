"""登记纠纷: a new dispute — type, source (with the referring body and its number for a
referral), facts, request, place and time, parties (typed or picked from the ledger), amount,
risk flags and the committee — registered through MediationService off the UI thread.

Opened from a case's detail it is prefilled with the case's description and, once saved, the
dispute is linked to that case (app.mediation.links.open_from_case). The service's refusal is
shown in the form; nothing is written.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout,
    QLineEdit, QPlainTextEdit, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from app.cases.errors import CaseError
from app.mediation.drafts import DisputeDraft
from app.mediation.links import open_from_case
from app.mediation.service import MediationService
from app.mediation.states import REFERRAL_SOURCES, SOURCES, WARNING_COLORS
from ui.mediation.action_form import form_message
from ui.mediation.choices import DocketChoices
from ui.mediation.input_widgets import ChecksBox
from ui.mediation.party_editor import PartyEditor
from ui.widgets import NoticeBar
from ui.workers import run_in_background


class RegisterForm(QDialog):
    """The register form; `saved` carries the new dispute's view. `case_no` links it to a case."""

    saved = Signal(object)

    def __init__(self, service: MediationService, choices: DocketChoices, actor: str, *,
                 case_no: str | None = None, facts: str = "", place: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.actor, self.case_no = service, actor, case_no
        self.setWindowTitle(self.tr("登记纠纷") + (self.tr("（关联案件 {no}）").format(no=case_no) if case_no else ""))
        self.resize(1000, 820)
        self.type = QComboBox()
        for info in choices.zz_types:
            self.type.addItem(info.name, info.code)
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        self.source.setCurrentText("网格员" if case_no else "申请")
        self.referring_body = QLineEdit(placeholderText=self.tr("移送、委派的单位"))
        self.referring_no = QLineEdit(placeholderText=self.tr("对方文号"))
        self.facts = QPlainTextEdit(facts)
        self.claims = QPlainTextEdit()
        for edit in (self.facts, self.claims):
            edit.setFixedHeight(66)
        self.location = QLineEdit(place)
        self.arose_known = QCheckBox(self.tr("已知"))
        now = service.now().astimezone(service.tz).replace(tzinfo=None)
        self.arose_at = QDateTimeEdit(QDateTime(now.date(), now.time().replace(second=0, microsecond=0)),
                                      calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.arose_at.setEnabled(False)
        self.arose_known.toggled.connect(self.arose_at.setEnabled)
        self.parties = PartyEditor(service.database, service.now().astimezone(service.tz).date())
        self.amount = QDoubleSpinBox(maximum=1e11, decimals=2, specialValueText=self.tr("无"))
        self.people = QSpinBox(maximum=100000, specialValueText=self.tr("未填"))
        self.flags = ChecksBox([(f.code, f.name) for f in choices.flags])
        self.warning = QComboBox()
        self.warning.addItem(self.tr("无"), None)
        for color in WARNING_COLORS:
            self.warning.addItem(self.tr("{c}色").format(c=color), color)
        self.committee = QComboBox()
        self.committee.addItem(self.tr("按社区自动确定"), None)
        for committee in choices.committees:
            self.committee.addItem(committee.name, committee.name)
        self.community = QComboBox()
        self.community.addItem(self.tr("（不指定）"), None)
        for region in choices.communities:
            self.community.addItem(region.name, region.code)
        self.notice = NoticeBar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setIcon(qta.icon("mdi6.content-save-outline"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.source.currentTextChanged.connect(self._on_source_changed)
        self._on_source_changed(self.source.currentText())
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setVerticalSpacing(10)
        referral = QHBoxLayout()
        referral.addWidget(self.referring_body, 2)
        referral.addWidget(self.referring_no, 1)
        arose = QHBoxLayout()
        arose.addWidget(self.arose_known)
        arose.addWidget(self.arose_at)
        arose.addStretch(1)
        figures = QHBoxLayout()
        figures.addWidget(self.amount)
        figures.addSpacing(12)
        figures.addWidget(self.people)
        figures.addStretch(1)
        for label, field in ((self.tr("纠纷类型"), self.type), (self.tr("来源"), self.source),
                             (self.tr("移送单位/文号"), referral), (self.tr("简要案情"), self.facts),
                             (self.tr("当事人请求"), self.claims), (self.tr("发生地点"), self.location),
                             (self.tr("发生时间"), arose), (self.tr("当事人"), self.parties),
                             (self.tr("涉及金额(元)/人数"), figures), (self.tr("风险标记"), self.flags),
                             (self.tr("预警等级"), self.warning), (self.tr("社区/村"), self.community),
                             (self.tr("调解组织"), self.committee)):
            form.addRow(label, field)
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)

    def _on_source_changed(self, source: str) -> None:
        referral = source in REFERRAL_SOURCES
        self.referring_body.setEnabled(referral)
        self.referring_no.setEnabled(referral)

    # saving --------------------------------------------------------------
    def draft(self) -> DisputeDraft:
        """The DisputeDraft the form describes (the service checks it)."""
        referral = self.source.currentText() in REFERRAL_SOURCES
        arose = None
        if self.arose_known.isChecked():
            arose = self.arose_at.dateTime().toPython().replace(tzinfo=self.service.tz)
        return DisputeDraft(
            type=self.type.currentData() or "", facts=self.facts.toPlainText().strip(),
            source=self.source.currentText(), claims=self.claims.toPlainText().strip() or None,
            referring_body=(self.referring_body.text().strip() or None) if referral else None,
            referring_no=(self.referring_no.text().strip() or None) if referral else None,
            committee=self.committee.currentData(), community=self.community.currentData(),
            location=self.location.text().strip() or None, arose_at=arose,
            people_involved=self.people.value() or None, amount=self.amount.value() or None,
            risk_flags=self.flags.value(), warning=self.warning.currentData(), parties=self.parties.value(),
            channel="案件转办" if self.case_no else "桌面登记")

    def save(self) -> None:
        """Register (and link to the case, when opened from one) in the background."""
        self.notice.clear()
        self.buttons.setEnabled(False)
        service, draft, actor, case_no = self.service, self.draft(), self.actor, self.case_no
        if case_no:
            work = lambda: open_from_case(service, case_no, draft, actor=actor)  # noqa: E731
        else:
            work = lambda: service.register(draft, actor)  # noqa: E731
        run_in_background(self, work, self._saved, self._refused)

    def _saved(self, view) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(view)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        text = form_message(exc) if isinstance(exc, CaseError) else self.tr("登记失败：{m}").format(m=str(exc)[:160])
        self.notice.show_notice(text, "error")
