"""排查: the communities that have not reported for the current period (monthly by default; the
cadence is a setting) and the form a community's report is filed with — a zero report (零报告)
when nothing was found. Reads and writes go through app.mediation.screening off the UI thread."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.cases.errors import CaseError
from app.mediation.screening import MissingCommunity, file_report, missing_reports
from app.mediation.service import MediationService
from ui.mediation.choices import DocketChoices
from ui.widgets import NoticeBar, make_card
from ui.workers import run_in_background


class ScreeningView(QWidget):
    """Missing reports of this month's period and the report form; `filed` after a report is saved."""

    filed = Signal(object)

    def __init__(self, service: MediationService, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.actor = service, actor
        self.period = QLabel(objectName="cardTitle")
        self.missing = QTableWidget(0, 3)
        self.missing.setHorizontalHeaderLabels([self.tr("编码"), self.tr("社区/村"), self.tr("所属街道")])
        self.missing.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.missing.verticalHeader().setVisible(False)
        self.missing.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.missing.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.missing.itemSelectionChanged.connect(self._pick_selected)
        self.community = QComboBox()
        self.community.setMinimumWidth(260)
        self.found = QSpinBox(maximum=100000)
        self.prevented = QSpinBox(maximum=100000)
        for box in (self.found, self.prevented):
            box.setMaximumWidth(180)
        self.note = QLineEdit(placeholderText=self.tr("排查情况说明（可不填）"))
        self.file_button = QPushButton(qta.icon("mdi6.send-check-outline", color="white"), self.tr("提交排查报告"))
        self.file_button.setProperty("primary", "true")
        self.zero_button = QPushButton(qta.icon("mdi6.numeric-0-circle-outline"), self.tr("零报告"))
        self.notice = NoticeBar()
        self.file_button.clicked.connect(lambda: self.file(zero=False))
        self.zero_button.clicked.connect(lambda: self.file(zero=True))
        self._lay_out()

    def _lay_out(self) -> None:
        left, body, heading = make_card(self.tr("未报告的社区/村"), "mdi6.clipboard-alert-outline")
        heading.addWidget(self.period)
        body.addWidget(self.missing, 1)
        right, form_body, _ = make_card(self.tr("填报排查情况"), "mdi6.clipboard-edit-outline")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("社区/村"), self.community)
        form.addRow(self.tr("排查发现纠纷(件)"), self.found)
        form.addRow(self.tr("预防纠纷(件)"), self.prevented)
        form.addRow(self.tr("说明"), self.note)
        form_body.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.zero_button)
        buttons.addWidget(self.file_button)
        form_body.addLayout(buttons)
        form_body.addWidget(QLabel(self.tr("零报告：本期未发现矛盾纠纷，也须报告。同一期再次报告即更正。"),
                                   wordWrap=True))
        form_body.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(left, 3)
        row.addWidget(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(row, 1)

    def set_choices(self, choices: DocketChoices) -> None:
        self.community.clear()
        for region in choices.communities:
            self.community.addItem(region.name, region.code)

    def reload(self) -> None:
        """Read the communities missing this period's report."""
        service = self.service
        run_in_background(self, lambda: missing_reports(service, _month(service)), lambda result: self._show(*result),
                          lambda exc: self.notice.show_notice(str(exc), "error"))

    def _show(self, period: str, missing: list[MissingCommunity]) -> None:
        self.period.setText(self.tr("报告期 {period}：{n} 个未报告").format(period=period, n=len(missing)))
        self.missing.setRowCount(len(missing))
        for n, community in enumerate(missing):
            for column, text in enumerate((community.code, community.name, community.street or "")):
                self.missing.setItem(n, column, QTableWidgetItem(text))

    def missing_names(self) -> list[str]:
        return [self.missing.item(n, 1).text() for n in range(self.missing.rowCount())]

    def _pick_selected(self) -> None:
        rows = self.missing.selectionModel().selectedRows()
        if rows:
            code = self.missing.item(rows[0].row(), 0).text()
            self.community.setCurrentIndex(max(self.community.findData(code), 0))

    def file(self, *, zero: bool = False) -> None:
        """File the chosen community's report for this period (a zero report: nothing found)."""
        code = self.community.currentData()
        if not code:
            self.notice.show_notice(self.tr("请选择社区/村"), "error")
            return
        found, prevented = (0, 0) if zero else (self.found.value(), self.prevented.value())
        service, actor, note = self.service, self.actor, self.note.text().strip() or None
        run_in_background(self, lambda: file_report(service, code, _month(service), found=found,
                                                    prevented=prevented, note=note, actor=actor),
                          self._filed, self._refused)

    def _filed(self, result) -> None:
        text = self.tr("已更正 {c} {p} 的排查报告（发现 {n} 件）") if result.corrected else \
            self.tr("已提交 {c} {p} 的排查报告（发现 {n} 件）")
        self.notice.show_notice(text.format(c=result.community, p=result.period, n=result.found), "success")
        self.found.setValue(0)
        self.prevented.setValue(0)
        self.note.clear()
        self.filed.emit(result)
        self.reload()

    def _refused(self, exc: Exception) -> None:
        message = str(exc) if isinstance(exc, CaseError) else self.tr("提交失败：{m}").format(m=str(exc)[:160])
        self.notice.show_notice(message, "error")


def _month(service: MediationService) -> str:
    """This month in the district ('2026-11'; background work: the time zone may need a read)."""
    now = service.now().astimezone(service.tz)
    return f"{now.year}-{now.month:02d}"
