"""The form of one dispute action: the inputs the action reads, sent to MediationService.act
off the UI thread with the version the card showed.

A refusal (wrong state, missing input, an obligation not performed …) is the service's one
Chinese line, shown in the form under its fields; nothing is written and the form stays open.
A conflict (another desk changed the dispute first) closes the form and asks the card to reload.
"""

from __future__ import annotations

import re

import qtawesome as qta
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget,
)

from app.cases.errors import CaseError, ConflictError
from app.mediation.drafts import ActionInputs
from app.mediation.service import MediationService
from app.mediation.states import LEVELS, TRANSFER_KINDS, WARNING_COLORS, DisputeAction
from app.mediation.views import DisputeDetail
from ui.mediation.action_fields import fields_of
from ui.mediation.choices import DocketChoices
from ui.mediation.input_widgets import ChecksBox, ObligationsTable, make_combo, widget_value
from ui.widgets import NoticeBar
from ui.workers import run_in_background

_CLI_HINT = re.compile(r"（--[a-z-]+[^）]*）")


def form_message(text: str) -> str:
    """The service's message without its command-line hint ('（--term）'), which the form replaces."""
    return _CLI_HINT.sub("", str(text)).strip()



class ActionForm(QDialog):
    """One action on one dispute; `done` carries the dispute's new view, `conflict` the message."""

    done = Signal(object)
    conflict = Signal(str)

    def __init__(self, service: MediationService, detail: DisputeDetail, action: DisputeAction,
                 choices: DocketChoices | None, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.detail, self.action, self.actor = service, detail, action, actor
        self.choices = choices
        view = detail.dispute
        self.setWindowTitle(self.tr("{action}：{number}").format(action=action.label, number=view.dispute_no))
        self.setMinimumWidth(680)
        self.fields: dict[str, tuple[QWidget, str]] = {}
        form = QFormLayout()
        form.setVerticalSpacing(10)
        for spec in fields_of(action):
            widget = self._widget(spec.kind)
            self.fields[spec.key] = (widget, spec.kind)
            form.addRow(QCoreApplication.translate("ActionFields", spec.label), widget)
        self.error = NoticeBar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action.label)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setIcon(qta.icon("mdi6.check"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        heading = QLabel(self.tr("{number} · {state} · {type}").format(
            number=view.dispute_no, state=view.status_label, type=view.type), objectName="cardTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # building ------------------------------------------------------------
    def _widget(self, kind: str) -> QWidget:
        if kind == "long" or kind == "lines":
            edit = QPlainTextEdit()
            edit.setFixedHeight(90)
            return edit
        if kind == "int":
            return QSpinBox(maximum=99)
        if kind == "obligations":
            return ObligationsTable(self.service.now().astimezone(self.service.tz).date())
        if kind.startswith("choice:"):
            return make_combo(self._entries(kind.partition(":")[2]))
        if kind.startswith("checks:"):
            return ChecksBox([(str(k), label) for k, label in self._entries(kind.partition(":")[2])])
        return QLineEdit()

    def _entries(self, name: str) -> list[tuple[object, str]]:
        """The entries of a choice list (the first one of an optional list is blank)."""
        detail, choices = self.detail, self.choices
        blank = [(None, self.tr("（不指定）"))]
        if name == "decision":
            return [("confirmed", self.tr("确认有效")), ("rejected", self.tr("驳回申请"))]
        if name == "satisfied":
            return [(None, self.tr("未表态")), (True, self.tr("满意")), (False, self.tr("不满意"))]
        if name == "retention":
            return [("长期", self.tr("长期")), ("永久", self.tr("永久")), ("短期", self.tr("短期"))]
        if name == "levels":
            return [(n, label) for n, label in LEVELS.items() if n > detail.dispute.level]
        if name == "committees":
            return blank + [(c.name, c.name) for c in (choices.committees if choices else ())
                            if c.level > detail.dispute.level]
        if name == "transfer":
            return [(kind, f"{kind}（{body}）") for kind, body in TRANSFER_KINDS.items()]
        if name == "warning":
            return blank + [(c, self.tr("{c}色").format(c=c)) for c in WARNING_COLORS]
        if name == "flags":
            return [(f.code, f.name) for f in (choices.flags if choices else ())]
        if name == "mediators":
            return [(m.name, m.name + (f"（{m.committee}）" if m.committee else ""))
                    for m in (choices.mediators if choices else ())]
        if name == "items":
            return [(c.code, c.name) for c in detail.checklist]
        if name == "parties":
            return [(p.name, f"{p.role} {p.name}") for p in detail.parties if p.role != "第三人"]
        waiting = name == "waiting"
        entries = [(o["seq"], self.tr("第{n}项：{what}").format(n=o["seq"], what=o["what"]))
                   for o in detail.obligations if not (waiting and o["fulfilled_at"])]
        return entries if waiting else blank + entries

    def set_value(self, key: str, value) -> None:
        """Fill a field (tests, prefilled forms): text, a choice's key or check keys."""
        widget, _kind = self.fields[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText("\n".join(value) if isinstance(value, (list, tuple)) else str(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, ChecksBox):
            for box in widget.boxes:
                box.setChecked(box.property("key") in value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif hasattr(widget, "findData"):
            widget.setCurrentIndex(max(widget.findData(value), 0))

    # sending -------------------------------------------------------------
    def inputs(self) -> ActionInputs:
        """The ActionInputs the fields describe."""
        values = {key: widget_value(widget, kind) for key, (widget, kind) in self.fields.items()}
        return ActionInputs(**{k: v for k, v in values.items() if v is not None})

    def submit(self) -> None:
        """Ask the service to do the action; the answer comes back on the UI thread."""
        self.error.clear()
        self.buttons.setEnabled(False)
        service, number, action, actor = self.service, self.detail.dispute.dispute_no, self.action, self.actor
        inputs, version = self.inputs(), self.detail.dispute.version
        run_in_background(self, lambda: service.act(number, action, actor=actor, inputs=inputs,
                                                    expected_version=version),
                          self._acted, self._refused)

    def _acted(self, view) -> None:
        self.buttons.setEnabled(True)
        self.done.emit(view)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ConflictError):
            self.conflict.emit(str(exc))
            self.reject()
            return
        message = form_message(exc) if isinstance(exc, CaseError) else self.tr("操作失败：{m}").format(m=str(exc)[:160])
        self.error.show_notice(message, "error")
