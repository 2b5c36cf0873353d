"""The login dialog: a right password logs in, a wrong one and a locked account say so in one
line, a database without accounts creates its first administrator, and an account that must
change its password does so before it is logged in."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from tests.ui.accounts.conftest import ADMIN_PASSWORD, PASSWORD
from ui.accounts.login_dialog import LoginDialog


def dialog_for(qtbot, accounts, **kwargs) -> LoginDialog:
    dialog = LoginDialog(accounts, "test", **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def submit(qtbot, dialog: LoginDialog, login: str, password: str) -> None:
    dialog.login.setText(login)
    dialog.password.setText(password)
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=10_000)


def test_right_password_logs_in(qtbot, accounts, admin):
    dialog = dialog_for(qtbot, accounts)
    submit(qtbot, dialog, "Admin ", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.principal.login == "admin" and dialog.principal.role == "admin"
    assert dialog.password.text() == ""  # never kept once used


def test_wrong_password_says_so_in_one_line_and_stays(qtbot, accounts, admin):
    dialog = dialog_for(qtbot, accounts)
    submit(qtbot, dialog, "admin", "wrong2025pw")
    assert dialog.error.text() == "登录名或密码不正确"
    assert dialog.principal is None and dialog.isVisible() and dialog.password.text() == ""
    submit(qtbot, dialog, "nobody", "wrong2025pw")
    assert dialog.error.text() == "登录名或密码不正确"  # a stranger learns nothing about which logins exist


def test_locked_account_is_refused_with_the_wait(qtbot, accounts, admin, account_of):
    account_of("zhangsan", "dispatcher")
    dialog = dialog_for(qtbot, accounts)
    for _ in range(5):  # the default policy locks after 5 wrong passwords
        submit(qtbot, dialog, "zhangsan", "wrong2025pw")
    assert "已因多次密码错误被锁定" in dialog.error.text() and "\n" not in dialog.error.text()
    submit(qtbot, dialog, "zhangsan", PASSWORD)  # even the right password waits for the lock
    assert "锁定" in dialog.error.text() and dialog.principal is None


def test_first_start_creates_the_administrator(qtbot, accounts):
    assert not accounts.has_accounts()
    dialog = dialog_for(qtbot, accounts, first_admin=True)
    assert dialog.name.isVisible() and dialog.again.isVisible()
    dialog.name.setText("王管理")
    dialog.again.setText("other2025pw")
    submit(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.error.text() == "两次输入的密码不一致" and not accounts.has_accounts()
    dialog.again.setText(ADMIN_PASSWORD)
    submit(qtbot, dialog, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert (dialog.principal.login, dialog.principal.name, dialog.principal.role) == ("admin", "王管理", "admin")
    assert dialog.principal.may("accounts.manage") and accounts.has_accounts()


def test_normal_login_hides_the_administrator_fields(qtbot, accounts, admin):
    dialog = dialog_for(qtbot, accounts)
    assert not dialog.name.isVisible() and not dialog.again.isVisible()


def test_new_account_changes_its_password_before_it_is_logged_in(qtbot, accounts, admin, account_of):
    account_of("zhangsan", "dispatcher")  # made by the administrator: must change at first login
    dialog = dialog_for(qtbot, accounts)
    submit(qtbot, dialog, "zhangsan", PASSWORD)
    qtbot.waitUntil(lambda: dialog.change_dialog is not None and dialog.change_dialog.isVisible())
    change = dialog.change_dialog
    assert dialog.result() != QDialog.DialogCode.Accepted
    change.new.setText("mine2025pw")
    change.again.setText("mine2025px")
    change.buttons.accepted.emit()
    assert change.error.text() == "两次输入的新密码不一致"
    change.again.setText("mine2025pw")
    change.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert dialog.principal.login == "zhangsan" and not dialog.principal.must_change_password
    assert not accounts.authenticate("zhangsan", "mine2025pw").must_change_password


def test_refusing_the_password_change_does_not_log_in(qtbot, accounts, admin, account_of):
    account_of("zhangsan", "dispatcher")
    dialog = dialog_for(qtbot, accounts)
    submit(qtbot, dialog, "zhangsan", PASSWORD)
    qtbot.waitUntil(lambda: dialog.change_dialog is not None and dialog.change_dialog.isVisible())
    dialog.change_dialog.reject()
    assert dialog.principal is None and dialog.error.text() == "必须先修改密码才能登录"
