"""The settings dialog's 角色权限 tab (for accounts.manage): which role holds which permission.

One row per permission, grouped as app/accounts/permissions.py groups them (页面, 事件, 矛盾纠纷,
人员台账, 数据, 系统), one column per role, a check box where they meet. 保存 sends the roles
whose checks changed to app/accounts/role_admin.py, which audits each role's change. A changed
grant applies to an account at its next login.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.accounts.permissions import PERMISSIONS, Permission
from app.accounts.role_admin import MANAGE, RoleGrants, role_table, set_role_grants
from app.accounts.roles import ADMIN
from ui.accounts.form_bits import one_line, show_busy, show_error
from ui.context import UiContext
from ui.settings.cards import hint_label, settings_card
from ui.workers import run_in_background

GROUP_BACKGROUND = QColor("#eef2f7")


def grouped_rows() -> list[str | Permission]:
    """The table's rows: each group's name, then its permissions (in the order they are named)."""
    groups = list(dict.fromkeys(permission.group for permission in PERMISSIONS))
    return [row for group in groups for row in (group, *(p for p in PERMISSIONS if p.group == group))]


class RolesTab(QWidget):
    """The matrix; `wanted()` reads the checks back."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.roles: list[RoleGrants] = []
        self.rows = grouped_rows()
        self.table = QTableWidget(len(self.rows), 0, objectName="rolesTable")
        self.table.setVerticalHeaderLabels([row if isinstance(row, str) else row.label for row in self.rows])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存角色权限"))
        self.save_button.setProperty("primary", "true")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.result = QLabel(wordWrap=True)
        footer = QHBoxLayout()
        footer.addWidget(self.result, 1)
        footer.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(settings_card(self.tr("角色权限"), hint_label(self.tr(
            "勾选每个角色可以做的事。页面权限决定能否打开该页面；修改在账户下次登录时生效。"
            "系统管理员始终保留“管理账户与角色权限”。")), self.table, footer), 1)
        self.load()

    def load(self) -> None:
        run_in_background(self, lambda: role_table(self.ctx.database), self.show_roles, self._on_error)

    def show_roles(self, roles: list[RoleGrants]) -> None:
        self.roles = roles
        self.table.setColumnCount(len(roles))
        self.table.setHorizontalHeaderLabels([role.name for role in roles])
        bold = QFont()
        bold.setBold(True)
        for row, entry in enumerate(self.rows):
            for column, role in enumerate(roles):
                item = QTableWidgetItem()
                if isinstance(entry, str):
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setBackground(QBrush(GROUP_BACKGROUND))
                else:
                    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                    if role.code == ADMIN and entry.code == MANAGE:
                        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable)  # shown, never unticked
                    checked = entry.code in role.grants
                    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                    item.setToolTip(f"{role.name} · {entry.label}（{entry.code}）")
                self.table.setItem(row, column, item)
            if isinstance(entry, str):
                self.table.verticalHeaderItem(row).setFont(bold)

    def wanted(self) -> dict[str, frozenset[str]]:
        """Each role's permissions as the checks say now."""
        wanted = {}
        for column, role in enumerate(self.roles):
            wanted[role.code] = frozenset(
                entry.code for row, entry in enumerate(self.rows)
                if not isinstance(entry, str) and self.table.item(row, column).checkState() == Qt.CheckState.Checked)
        return wanted

    def _on_save_clicked(self) -> None:
        changed = {code: grants for code, grants in self.wanted().items()
                   if grants != next(role.grants for role in self.roles if role.code == code)}
        if not changed:
            self.result.setStyleSheet("color: #5f6b7a;")
            self.result.setText(self.tr("没有改动"))
            return
        by, database = self.ctx.principal, self.ctx.database
        self.save_button.setEnabled(False)
        show_busy(self.result, self.tr("正在保存…"))
        run_in_background(self, lambda: set_role_grants(database, changed, by), self._on_saved, self._on_error)

    def _on_saved(self, count: int) -> None:
        self.save_button.setEnabled(True)
        self.result.setStyleSheet("color: #1e8e3e; font-weight: bold;")
        self.result.setText(self.tr("✔ 已保存 {count} 个角色的权限（已记入审计日志）").format(count=count))
        self.load()

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        show_error(self.result, "✖ " + one_line(exc))
