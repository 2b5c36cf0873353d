"""Small dialogs asking what a workflow action needs: a reason, a department, extra time.

The dialog checks its fields inline (a reason where the workflow requires one, a time limit in
the case's own kind of units) and hands back an ActionRequest; the detail page does the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from app.calendar import parse_time_limit
from app.cases.lookups import Choice
from app.cases.states import Action, CaseStatus
from app.cases.views import CaseDetail
from app.cases.workflow import NOTE_REQUIRED, TRANSITIONS
from ui.widgets import INVALID_STYLE, FieldError, SearchableCombo

NOTE_LABELS = {
    Action.VOID: QT_TRANSLATE_NOOP("ActionDialog", "作废原因"),
    Action.RETURN: QT_TRANSLATE_NOOP("ActionDialog", "回退原因"),
    Action.REJECT: QT_TRANSLATE_NOOP("ActionDialog", "不通过原因"),
    Action.PARK: QT_TRANSLATE_NOOP("ActionDialog", "挂账原因"),
    Action.EXTEND: QT_TRANSLATE_NOOP("ActionDialog", "延期理由"),
    Action.FEEDBACK: QT_TRANSLATE_NOOP("ActionDialog", "处置情况"),
    Action.URGE: QT_TRANSLATE_NOOP("ActionDialog", "催办说明"),
    Action.SUPERVISE: QT_TRANSLATE_NOOP("ActionDialog", "督办意见"),
    Action.ESCALATE: QT_TRANSLATE_NOOP("ActionDialog", "上报说明"),
    Action.VERIFY: QT_TRANSLATE_NOOP("ActionDialog", "核实情况"),
    Action.APPROVE: QT_TRANSLATE_NOOP("ActionDialog", "核查意见"),
}
"""The label of the note field per action (source texts, translated when shown)."""
DEFAULT_NOTE_LABEL = QT_TRANSLATE_NOOP("ActionDialog", "备注")
DANGER_ACTIONS = frozenset({Action.VOID, Action.REJECT, Action.RETURN})


def note_label(action: Action) -> str:
    """The translated name of what the note field holds for `action` ('作废原因', or '备注')."""
    return QCoreApplication.translate("ActionDialog", NOTE_LABELS.get(action, DEFAULT_NOTE_LABEL))


@dataclass(frozen=True, kw_only=True)
class ActionRequest:
    """What the user asked for: the action and its inputs, ready for CaseService.act."""

    action: Action
    note: str | None = None
    department: str | None = None
    limit: str | None = None


def outcome_text(action: Action, status: CaseStatus) -> str:
    """'待派遣 → 待签收', or '状态不变' for side actions."""
    target = TRANSITIONS[action][1]
    if action == Action.RESUME:
        return QCoreApplication.translate("ActionDialog", "恢复到挂账前的状态，时限继续计算")
    if action == Action.PARK:
        return f"{status.label} → {CaseStatus.PARKED.label}" + QCoreApplication.translate("ActionDialog", "（时限暂停计算）")
    if target is None or target == status:
        return QCoreApplication.translate("ActionDialog", "状态不变")
    return f"{status.label} → {target.label}"


class ActionDialog(QDialog):
    """Asks for one action's inputs; after `accepted`, `request` holds them."""

    def __init__(self, action: Action, detail: CaseDetail, departments: Sequence[Choice],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.action = action
        self.detail = detail
        self.request: ActionRequest | None = None
        self.setWindowTitle(self.tr("{action} — 案件 {no}").format(action=action.label, no=detail.case.case_no))
        self.setMinimumWidth(460)
        self.setStyleSheet(INVALID_STYLE)
        status = CaseStatus(detail.case.status)
        heading = QLabel(self.tr("对案件 {no} 执行“{action}”").format(no=detail.case.case_no, action=action.label),
                         objectName="dialogTitle")
        heading.setStyleSheet("font-size: 15px; font-weight: bold; color: #1a2b3c;")
        outcome = QLabel(outcome_text(action, status), objectName="dialogOutcome")
        outcome.setStyleSheet("color: #5b6b7c;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(outcome)
        layout.addSpacing(6)
        form = QFormLayout()
        layout.addLayout(form)
        form.setVerticalSpacing(6)
        self.department = self.department_error = None
        if action == Action.DISPATCH:
            self.department = SearchableCombo(self.tr("输入部门名称搜索"))
            self.department.set_choices(departments)
            self._preselect(departments, detail.suggested_department)
            self.department_error = FieldError(self.department)
            form.addRow(self.tr("处置部门"), self.department)
            form.addRow("", self.department_error)
            if detail.suggested_department:
                hint = QLabel(self.tr("按事件类别建议：{dept}").format(dept=detail.suggested_department))
                hint.setStyleSheet("color: #5b6b7c;")
                form.addRow("", hint)
        self.limit = self.limit_error = None
        if action == Action.EXTEND:
            self.limit = QLineEdit(placeholderText=self._limit_example())
            self.limit_error = FieldError(self.limit)
            form.addRow(self.tr("延长时限"), self.limit)
            form.addRow("", self.limit_error)
            current = QLabel(self.tr("当前时限：{limit}").format(limit=detail.time_limit))
            current.setStyleSheet("color: #5b6b7c;")
            form.addRow("", current)
        self.note_required = action in NOTE_REQUIRED
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(90)
        self.note.setPlaceholderText(self.tr("必填") if self.note_required else self.tr("选填"))
        self.note_error = FieldError(self.note)
        label = note_label(action) + (" *" if self.note_required else "")
        form.addRow(label, self.note)
        form.addRow("", self.note_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(action.label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("danger" if action in DANGER_ACTIONS else "primary", "true")
        self.ok_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _preselect(self, departments: Sequence[Choice], suggested: str | None) -> None:
        key = next((c.key for c in departments if c.label == suggested), None)
        self.department.set_current_key(key)

    def _limit_example(self) -> str:
        return self.tr("如 2工作日、4工作时") if self.detail.limit_is_working_time else self.tr("如 2天、12小时")

    def _on_ok(self) -> None:
        request = self.collect()
        if request is not None:
            self.request = request
            self.accept()

    def collect(self) -> ActionRequest | None:
        """The request, or None after showing what is missing or wrong next to the field."""
        ok = True
        note = self.note.toPlainText().strip()
        self.note_error.clear_error()
        if self.note_required and not note:
            self.note_error.show_error(self.tr("“{action}”必须填写{what}").format(
                action=self.action.label, what=note_label(self.action)))
            ok = False
        department = None
        if self.department is not None:
            self.department_error.clear_error()
            department = self.department.current_key()
            if department is None:
                self.department_error.show_error(self.tr("请选择处置部门"))
                ok = False
        limit = None
        if self.limit is not None:
            limit = self._checked_limit()
            ok = ok and limit is not None
        if not ok:
            return None
        return ActionRequest(action=self.action, note=note or None, department=department, limit=limit)

    def _checked_limit(self) -> str | None:
        self.limit_error.clear_error()
        text = self.limit.text().strip()
        if not text:
            self.limit_error.show_error(self.tr("请填写延长的时限，") + self._limit_example())
            return None
        try:
            parsed = parse_time_limit(text)
        except ValueError as exc:
            self.limit_error.show_error(str(exc))
            return None
        if parsed.unit.is_working != self.detail.limit_is_working_time:
            kind = self.tr("工作时/工作日") if self.detail.limit_is_working_time else self.tr("小时/天/分钟")
            self.limit_error.show_error(self.tr("本案时限按{kind}计算，延期也应使用{kind}").format(kind=kind))
            return None
        return str(parsed)
