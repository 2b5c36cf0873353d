"""Changing one's own password: the old one, the new one twice.

Asked after a login whose account must change its password (a new account, a reset), and from
the 账户 menu. The check itself (length, not the login, not the old one) is the account
service's; it runs off the UI thread because argon2 hashes twice (verify, then the new hash).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.accounts.service import AccountService
from ui.accounts.form_bits import error_label, one_line, password_field, show_busy, show_error
from ui.workers import run_in_background


class ChangePasswordDialog(QDialog):
    """Accepted once the service changed the password; `forced` says why it is asked."""

    def __init__(self, accounts: AccountService, login: str, workstation: str | None, *, forced: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts, self.login, self.workstation = accounts, login, workstation
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("修改密码"))
        self.old = password_field(self)
        self.new = password_field(self, self.tr("至少 8 位"))
        self.again = password_field(self)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("登录名"), QLabel(login))
        form.addRow(self.tr("原密码"), self.old)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再次输入新密码"), self.again)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(self.tr("这是新账户或管理员重置过的密码：请先设置只有您知道的新密码。"), wordWrap=True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_ok_clicked(self) -> None:
        old, new = self.old.text(), self.new.text()
        if new != self.again.text():
            show_error(self.error, self.tr("两次输入的新密码不一致"))
            return
        self._busy(True)
        run_in_background(self, lambda: self.accounts.change_password(self.login, old, new, self.workstation),
                          lambda _none: self.accept(), self._on_failed)

    def _on_failed(self, exc: Exception) -> None:
        self._busy(False)
        show_error(self.error, one_line(exc))

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            show_busy(self.error, self.tr("正在修改…"))
