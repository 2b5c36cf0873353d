"""The header's 账户 button: who is logged in, and 修改密码… / 锁定屏幕 / 注销.

The window says what locking and logging out mean (its `lock_screen` and `logout_requested`);
this module only offers them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

import qtawesome as qta

from app.accounts.principal import Principal
from app.accounts.service import AccountService
from ui.context import UiContext


def principal_line(principal: Principal) -> str:
    """张三 · 派遣员 · 全区: how the logged-in account is shown."""
    return " · ".join(part for part in (principal.name, principal.role_name, principal.scope.label) if part)


def account_button(ctx: UiContext, window: QWidget) -> QToolButton:
    """The white account button of the header with its menu."""
    button = QToolButton(window, objectName="headerButton")
    button.setIcon(qta.icon("mdi6.account-circle-outline", color="white"))
    button.setToolTip(QCoreApplication.translate("AccountMenu", "账户：") + principal_line(ctx.principal))
    button.setAutoRaise(True)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
    menu = QMenu(QCoreApplication.translate("AccountMenu", "账户"), button)
    who = menu.addAction(principal_line(ctx.principal))
    who.setEnabled(False)
    menu.addSeparator()
    change = QAction(QCoreApplication.translate("AccountMenu", "修改密码…"), menu, objectName="changePassword")
    change.triggered.connect(lambda: change_password(ctx, window))
    lock = QAction(QCoreApplication.translate("AccountMenu", "锁定屏幕"), menu, objectName="lockScreen")
    lock.triggered.connect(lambda: window.lock_screen())
    logout = QAction(QCoreApplication.translate("AccountMenu", "注销"), menu, objectName="logout")
    logout.triggered.connect(lambda: window.logout_requested.emit())
    for action in (change, lock, logout):
        menu.addAction(action)
    button.setMenu(menu)
    return button


def change_password(ctx: UiContext, window: QWidget) -> None:
    """The account's own password change (the old one is asked for)."""
    from ui.accounts.password_dialog import ChangePasswordDialog
    dialog = ChangePasswordDialog(AccountService(ctx.database), ctx.principal.login, ctx.principal.workstation,
                                  parent=window)
    if dialog.exec() == dialog.DialogCode.Accepted:
        window.statusBar().showMessage(QCoreApplication.translate("AccountMenu", "密码已修改"), 5000)
