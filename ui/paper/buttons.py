"""The 打印… buttons of the case detail, the supervision card list and the dispute card.

Each opens the print preview of its document; the pages call `print_*` with what they show,
so the large pages only gain one button and one connection.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from app.cases.service import CaseService
from app.mediation.service import MediationService
from app.paper.printing import agreement, card_notice, case_sheet
from app.people.privacy import Viewer
from ui.paper.preview import show_print_preview


def print_button(tooltip: str = "") -> QPushButton:
    """A 打印… button (disabled until there is something to print)."""
    button = QPushButton(qta.icon("mdi6.printer-outline", color="#1f5fae"),
                         QCoreApplication.translate("PrintButtons", "打印…"))
    button.setToolTip(tooltip)
    button.setEnabled(False)
    return button


def print_case(parent: QWidget, cases: CaseService, case_no: str, user: str, **kwargs) -> None:
    """Preview the case sheet (案件派遣单) of `case_no`."""
    viewer = Viewer.acting(cases.principal, user, cases.workstation)
    show_print_preview(parent, lambda: case_sheet(cases, case_no, viewer), **kwargs)


def print_card(parent: QWidget, cases: CaseService, card_id: str, user: str, **kwargs) -> None:
    """Preview the supervision notice (督办通知单) of a card."""
    viewer = Viewer.acting(cases.principal, user, cases.workstation)
    show_print_preview(parent, lambda: card_notice(cases, card_id, viewer), **kwargs)


def print_agreement(parent: QWidget, service: MediationService, dispute_no: str, user: str, **kwargs) -> None:
    """Preview the agreement (人民调解协议书 / 口头协议登记表) of a dispute."""
    viewer = Viewer.acting(service.principal, user, service.workstation)
    show_print_preview(parent, lambda: agreement(service, dispute_no, viewer), **kwargs)
