"""The administrator's 账户 and 角色权限 tabs: the list, a new account, disable/enable, unlock,
reset; the role matrix saved through the audited service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.accounts.role_admin import role_table
from tests.ui.accounts.conftest import PASSWORD, settle
from ui.settings.account_dialogs import NewAccountDialog, ResetPasswordDialog
from ui.settings.accounts_tab import AccountsTab
from ui.settings.roles_tab import RolesTab


def shown_rows(tab: AccountsTab) -> list[tuple[str, ...]]:
    return [tuple(tab.table.item(r, c).text() for c in range(tab.table.columnCount()))
            for r in range(tab.table.rowCount())]


def accounts_tab(qtbot, ctx) -> AccountsTab:
    tab = AccountsTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() > 0 and bool(tab.roles))
    return tab


def select(tab: AccountsTab, login: str) -> None:
    tab.table.selectRow(next(i for i, a in enumerate(tab.accounts) if a.login == login))


def test_list_disable_enable_and_unlock(qtbot, accounts, admin, account_of, ctx_for):
    account_of("zhangsan", "dispatcher")
    tab = accounts_tab(qtbot, ctx_for(admin))
    assert shown_rows(tab) == [("admin", "王管理", "系统管理员", "全区", "正常"),
                               ("zhangsan", "zhangsan姓名", "派遣员", "全区", "正常，待修改密码")]
    select(tab, "zhangsan")
    assert tab.disable_button.text() == "停用"
    tab.disable_button.click()
    qtbot.waitUntil(lambda: ("zhangsan", "zhangsan姓名", "派遣员", "全区", "已停用") in shown_rows(tab))
    assert tab.disable_button.text() == "启用" and tab.result.text() == "✔ 已停用“zhangsan”"
    tab.disable_button.click()
    qtbot.waitUntil(lambda: not tab.accounts[1].disabled)
    for _ in range(5):
        try:
            accounts.authenticate("zhangsan", "wrong2025pw")
        except Exception:
            pass
    tab.load()
    qtbot.waitUntil(lambda: tab.table.item(1, 4).text().startswith("已锁定"))
    select(tab, "zhangsan")
    tab.unlock_button.click()
    qtbot.waitUntil(lambda: tab.table.item(1, 4).text() == "正常，待修改密码")
    assert accounts.authenticate("zhangsan", PASSWORD).login == "zhangsan"


def test_administrator_cannot_disable_own_account(qtbot, admin, ctx_for):
    tab = accounts_tab(qtbot, ctx_for(admin))
    select(tab, "admin")
    tab.disable_button.click()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✖"))
    assert tab.result.text() == "✖ 不能停用自己正在使用的账户"


def test_new_account_dialog_creates_and_shows_refusals(qtbot, accounts, admin, ctx_for):
    tab = accounts_tab(qtbot, ctx_for(admin))
    dialog = NewAccountDialog(tab.roles, lambda account, pw: tab.service.create(account, pw, admin))
    qtbot.addWidget(dialog)
    dialog.login.setText("lisi")
    dialog.name.setText("李四")
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.password.setText("short1")
    dialog.again.setText("short1")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled())
    assert dialog.error.text() == "密码太短：至少8个字符" and dialog.result() != QDialog.DialogCode.Accepted
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    principal = accounts.authenticate("lisi", PASSWORD)
    assert (principal.name, principal.role, principal.must_change_password) == ("李四", "viewer", True)


def test_reset_password_dialog(qtbot, accounts, admin, account_of):
    account_of("zhangsan", "dispatcher")
    dialog = ResetPasswordDialog("zhangsan", lambda pw: accounts.reset_password("zhangsan", pw, admin))
    qtbot.addWidget(dialog)
    dialog.password.setText("reset2025pw")
    dialog.again.setText("reset2025pw")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert accounts.authenticate("zhangsan", "reset2025pw").must_change_password


def test_role_matrix_saves_a_changed_grant(qtbot, database, admin, ctx_for):
    tab = RolesTab(ctx_for(admin))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.columnCount() > 0)
    column = [r.code for r in tab.roles].index("viewer")
    row = next(i for i, entry in enumerate(tab.rows) if getattr(entry, "code", None) == "pane.reports")
    assert tab.table.item(row, column).checkState() == Qt.CheckState.Checked
    admin_column = [r.code for r in tab.roles].index("admin")
    manage_row = next(i for i, entry in enumerate(tab.rows) if getattr(entry, "code", None) == "accounts.manage")
    assert not tab.table.item(manage_row, admin_column).flags() & Qt.ItemFlag.ItemIsEnabled
    tab.save_button.click()
    assert tab.result.text() == "没有改动"
    tab.table.item(row, column).setCheckState(Qt.CheckState.Unchecked)
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✔"))
    assert tab.result.text() == "✔ 已保存 1 个角色的权限（已记入审计日志）"
    assert "pane.reports" not in next(r.grants for r in role_table(database) if r.code == "viewer")
    settle()
