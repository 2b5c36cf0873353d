"""The settings dialog's 账户 tab (for accounts.manage): every account, and what an
administrator does to one — 新建…, 停用/启用, 重置密码…, 解锁.

The list and every change go through the account service in the background; each change is
audited there under the administrator's login. A refusal is one line under the table.
"""

from __future__ import annotations

from datetime import datetime, timezone

import qtawesome as qta
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.accounts.role_admin import RoleGrants, role_table
from app.accounts.service import AccountService
from app.accounts.views import AccountView
from ui.accounts.form_bits import one_line, show_busy, show_error
from ui.context import UiContext
from ui.settings.account_dialogs import NewAccountDialog, ResetPasswordDialog
from ui.settings.cards import hint_label, settings_card
from ui.workers import run_in_background

COLUMNS = (QT_TRANSLATE_NOOP("AccountsTab", "登录名"), QT_TRANSLATE_NOOP("AccountsTab", "姓名"),
           QT_TRANSLATE_NOOP("AccountsTab", "角色"), QT_TRANSLATE_NOOP("AccountsTab", "范围"),
           QT_TRANSLATE_NOOP("AccountsTab", "状态"))


class AccountsTab(QWidget):
    """The account list with its buttons; `accounts` holds the rows last shown."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = AccountService(ctx.database)
        self.accounts: list[AccountView] = []
        self.roles: list[RoleGrants] = []
        self.table = QTableWidget(0, len(COLUMNS), objectName="accountsTable")
        self.table.setHorizontalHeaderLabels([self.tr(text) for text in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.new_button = self._button("mdi6.account-plus-outline", self.tr("新建…"), self._on_new_clicked)
        self.disable_button = self._button("mdi6.account-off-outline", self.tr("停用"), self._on_disable_clicked)
        self.reset_button = self._button("mdi6.lock-reset", self.tr("重置密码…"), self._on_reset_clicked)
        self.unlock_button = self._button("mdi6.lock-open-variant-outline", self.tr("解锁"), self._on_unlock_clicked)
        self.result = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.disable_button, self.reset_button, self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(settings_card(self.tr("账户"), hint_label(self.tr(
            "每位工作人员用自己的账户登录；角色决定能做什么，所属区域或部门决定能看到哪些记录。"
            "停用的账户不能登录，其历史记录保留。")), buttons, self.table, self.result), 1)
        self._on_table_selection_changed()
        self.load()

    def _button(self, icon: str, text: str, slot) -> QPushButton:
        button = QPushButton(qta.icon(icon, color="#1f5fae"), text)
        button.clicked.connect(slot)
        return button

    def load(self) -> None:
        database = self.ctx.database
        run_in_background(self, lambda: (self.service.list_accounts(), role_table(database)),
                          self._on_loaded, self._on_error)

    def _on_loaded(self, loaded) -> None:
        accounts, self.roles = loaded
        self.show_accounts(accounts)

    def show_accounts(self, accounts: list[AccountView]) -> None:
        selected = self.selected()
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            values = (account.login, account.name, account.role_name, account.scope, self.state_text(account))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if selected is not None and account.login == selected.login:
                self.table.selectRow(row)
        self._on_table_selection_changed()

    def state_text(self, account: AccountView) -> str:
        """已停用 / 已锁定（至 10:30）/ 须修改密码 / 正常."""
        if account.disabled:
            return self.tr("已停用")
        if account.locked_until is not None and account.locked_until > datetime.now(timezone.utc):
            until = account.locked_until.astimezone(self.ctx.cases.config().tz)
            return self.tr("已锁定（至 {time}）").format(time=f"{until:%m-%d %H:%M}")
        if account.must_change:
            return self.tr("正常，待修改密码")
        return self.tr("正常")

    def selected(self) -> AccountView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows and rows[0].row() < len(self.accounts) else None

    def _on_table_selection_changed(self) -> None:
        account = self.selected()
        for button in (self.disable_button, self.reset_button, self.unlock_button):
            button.setEnabled(account is not None)
        self.disable_button.setText(self.tr("启用") if account is not None and account.disabled else self.tr("停用"))

    def _on_new_clicked(self) -> None:
        by, service = self.ctx.principal, self.service
        dialog = NewAccountDialog(self.roles, lambda account, password: service.create(account, password, by), self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self._done(self.tr("✔ 已新建账户，首次登录时须修改密码"))

    def _on_reset_clicked(self) -> None:
        account, by = self.selected(), self.ctx.principal
        if account is None:
            return
        dialog = ResetPasswordDialog(account.login, lambda password: self.service.reset_password(
            account.login, password, by), self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self._done(self.tr("✔ 已重置“{login}”的密码").format(login=account.login))

    def _on_disable_clicked(self) -> None:
        account, by = self.selected(), self.ctx.principal
        if account is not None:
            disable = not account.disabled
            self._run(lambda: self.service.set_disabled(account.login, disable, by),
                      self.tr("✔ 已停用“{login}”") if disable else self.tr("✔ 已启用“{login}”"), account.login)

    def _on_unlock_clicked(self) -> None:
        account, by = self.selected(), self.ctx.principal
        if account is not None:
            self._run(lambda: self.service.unlock(account.login, by), self.tr("✔ 已解锁“{login}”"), account.login)

    def _run(self, work, done_text: str, login: str) -> None:
        show_busy(self.result, self.tr("正在保存…"))
        run_in_background(self, work, lambda _none: self._done(done_text.format(login=login)), self._on_error)

    def _done(self, text: str) -> None:
        self.result.setStyleSheet("color: #1e8e3e; font-weight: bold;")
        self.result.setText(text)
        self.load()

    def _on_error(self, exc: Exception) -> None:
        show_error(self.result, "✖ " + one_line(exc))
