"""The accounts tab's dialogs: a new account, and a new password set by the administrator.

Both only collect values; the account service checks them (login rule, password rule, role and
scope exist) and the tab shows its one-line answer here, in the dialog, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.accounts.role_admin import RoleGrants
from app.accounts.views import NewAccount
from ui.accounts.form_bits import error_label, one_line, password_field, show_busy, show_error, text_field
from ui.workers import run_in_background


class SubmitDialog(QDialog):
    """A form whose 确定 runs `submit` in the background and closes only when it succeeded."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(QCoreApplication.translate("SubmitDialog", "确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("SubmitDialog", "取消"))
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def work(self) -> Callable[[], object] | None:
        """The service call to run, or None after showing why the form is not ready."""
        raise NotImplementedError

    def _on_ok_clicked(self) -> None:
        work = self.work()
        if work is None:
            return
        self.buttons.setEnabled(False)
        show_busy(self.error, QCoreApplication.translate("SubmitDialog", "正在保存…"))
        run_in_background(self, work, lambda _result: self.accept(), self._on_failed)

    def _on_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        show_error(self.error, one_line(exc))

    def _passwords(self, first, second) -> str | None:
        if first.text() != second.text():
            show_error(self.error, QCoreApplication.translate("SubmitDialog", "两次输入的密码不一致"))
            return None
        return first.text()


class NewAccountDialog(SubmitDialog):
    """登录名, 姓名, 角色, 区域编码 or 部门 (or neither: the whole district), the first password."""

    def __init__(self, roles: list[RoleGrants], create: Callable[[NewAccount, str], object],
                 parent: QWidget | None = None):
        super().__init__(self.tr("新建账户"), parent)
        self.create = create
        self.login = text_field(self, self.tr("小写字母、数字、. _ -，例如 zhangsan"))
        self.name = text_field(self, max_length=50)
        self.role = QComboBox()
        for role in roles:
            self.role.addItem(role.name, role.code)
        self.region = text_field(self, self.tr("区域编码（街道、社区或网格）；留空为全区"), max_length=32)
        self.department = text_field(self, self.tr("部门名称（部门处置人员填写）"), max_length=50)
        self.password = password_field(self, self.tr("至少 8 位，含字母和数字"))
        self.again = password_field(self)
        for label, widget in ((self.tr("登录名"), self.login), (self.tr("姓名"), self.name),
                              (self.tr("角色"), self.role), (self.tr("所属区域"), self.region),
                              (self.tr("所属部门"), self.department), (self.tr("初始密码"), self.password),
                              (self.tr("再次输入密码"), self.again)):
            self.form.addRow(label, widget)
        note = QLabel(self.tr("新账户首次登录时须修改密码。"))
        note.setStyleSheet("color: #5f6b7a;")
        self.form.addRow("", note)

    def work(self):
        password = self._passwords(self.password, self.again)
        if password is None:
            return None
        account = NewAccount(login=self.login.text().strip(), name=self.name.text().strip(),
                             role=self.role.currentData(), scope_region=self.region.text().strip() or None,
                             department=self.department.text().strip() or None)
        return lambda: self.create(account, password)


class ResetPasswordDialog(SubmitDialog):
    """A new password for `login`; the account must change it at its next login."""

    def __init__(self, login: str, reset: Callable[[str], object], parent: QWidget | None = None):
        super().__init__(self.tr("重置密码"), parent)
        self.reset = reset
        self.password = password_field(self, self.tr("至少 8 位，含字母和数字"))
        self.again = password_field(self)
        self.form.addRow(self.tr("账户"), QLabel(login))
        self.form.addRow(self.tr("新密码"), self.password)
        self.form.addRow(self.tr("再次输入新密码"), self.again)
        note = QLabel(self.tr("账户下次登录时须修改为只有本人知道的密码；锁定也一并解除。"), wordWrap=True)
        note.setStyleSheet("color: #5f6b7a;")
        self.form.addRow("", note)

    def work(self):
        password = self._passwords(self.password, self.again)
        return None if password is None else (lambda: self.reset(password))
