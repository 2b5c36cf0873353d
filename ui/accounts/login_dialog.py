"""The login at start: login name and password, or — on a database without accounts — the
first administrator.

Authentication runs off the UI thread (argon2 takes tens of milliseconds, a PostgreSQL round trip
more). The service's answer is shown in one line: a wrong login and a wrong password read the
same, a locked account says for how long. An account that must change its password (new,
or reset by an administrator) is asked to before the dialog accepts. `principal` holds the
logged-in account once the dialog is accepted.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

import qtawesome as qta

from app.accounts.principal import Principal
from app.accounts.service import AccountService
from ui.accounts.form_bits import error_label, password_field, show_busy, show_error, show_refusal, text_field
from ui.accounts.password_dialog import ChangePasswordDialog
from ui.workers import run_in_background


class LoginDialog(QDialog):
    """登录 / 退出; with `first_admin`, the form that creates the first administrator instead."""

    def __init__(self, accounts: AccountService, workstation: str | None, *, first_admin: bool = False,
                 login: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts, self.workstation, self.first_admin = accounts, workstation, first_admin
        self.principal: Principal | None = None
        self.change_dialog: ChangePasswordDialog | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 - 网格化管理指挥中心"))
        self.setWindowIcon(qta.icon("mdi6.radar", color="#1f5fae"))
        self.login = text_field(self, self.tr("例如 zhangsan"))
        self.login.setText(login)
        self.name = text_field(self, self.tr("管理员的姓名"), max_length=50)
        self.password = password_field(self)
        self.again = password_field(self)
        self.error = error_label(self)
        self.ok = QPushButton(self.tr("创建并登录") if first_admin else self.tr("登录"))
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._on_ok_clicked)
        self.quit = QPushButton(self.tr("退出"))
        self.quit.clicked.connect(self.reject)
        self._layout()
        if not first_admin:
            self.name.hide()  # only the first administrator's form has them
            self.again.hide()
        (self.password if login else self.login).setFocus()

    def _layout(self) -> None:
        title = QLabel(self.tr("网格化管理指挥中心"))
        title.setStyleSheet("font-size: 20px; font-weight: bold; color: #1a2b3c;")
        if self.first_admin:
            sub = self.tr("数据库中还没有账户：请创建第一个系统管理员账户。之后由管理员为其他人新建账户。")
        else:
            sub = self.tr("请输入登录名和密码")
        subtitle = QLabel(sub, wordWrap=True)
        subtitle.setStyleSheet("color: #5f6b7a;")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("登录名"), self.login)
        if self.first_admin:
            form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        if self.first_admin:
            form.addRow(self.tr("再次输入密码"), self.again)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        buttons.addWidget(self.quit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

    def _on_ok_clicked(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login or not password:
            show_error(self.error, self.tr("请输入登录名和密码"))
            return
        if self.first_admin:
            if password != self.again.text():
                show_error(self.error, self.tr("两次输入的密码不一致"))
                return
            name = self.name.text().strip()
            work = lambda: self._create_and_log_in(login, name, password)  # noqa: E731
        else:
            work = lambda: self.accounts.authenticate(login, password, self.workstation)  # noqa: E731
        self._busy(True)
        run_in_background(self, work, self._on_logged_in, self._on_failed)

    def _create_and_log_in(self, login: str, name: str, password: str) -> Principal:
        self.accounts.create_first_admin(login, name, password, self.workstation)
        return self.accounts.authenticate(login, password, self.workstation)

    def _on_logged_in(self, principal: Principal) -> None:
        self._busy(False)
        if not principal.must_change_password:
            self._finish(principal)
            return
        self.change_dialog = ChangePasswordDialog(self.accounts, principal.login, self.workstation, forced=True,
                                                  parent=self)
        self.change_dialog.old.setText(self.password.text())
        self.change_dialog.accepted.connect(lambda: self._finish(replace(principal, must_change_password=False)))
        self.change_dialog.rejected.connect(self._on_change_refused)
        self.change_dialog.open()

    def _on_change_refused(self) -> None:
        self.password.clear()
        show_error(self.error, self.tr("必须先修改密码才能登录"))

    def _finish(self, principal: Principal) -> None:
        self.principal = principal
        self.password.clear()
        self.again.clear()
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._busy(False)
        show_refusal(self.error, self.password, exc)

    def _busy(self, busy: bool) -> None:
        for widget in (self.login, self.name, self.password, self.again, self.ok):
            widget.setEnabled(not busy)
        if busy:
            show_busy(self.error, self.tr("正在验证…"))
