"""Every permission the program checks, named once.

A permission is a code ("case.dispatch", "people.reveal", "pane.reports") with a label a person
reads. The codes of case and dispute actions come from the workflows' own action lists, so a new
action cannot exist without its permission. Which role holds which permission is data
(`role_permissions`, seeded from app/accounts/roles.py); this module only says what exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.states import Action
from app.mediation.states import DisputeAction


@dataclass(frozen=True)
class Permission:
    """One thing a role may be allowed to do; `group` orders the administrator's table."""

    code: str
    label: str
    label_en: str
    group: str


def _pane(code: str, label: str, label_en: str) -> Permission:
    return Permission(f"pane.{code}", f"查看“{label}”页面", f"Open the {label_en} page", "页面")


PANES = (
    _pane("queue", "事件", "Cases"),
    _pane("dispatch", "调度", "Dispatch"),
    _pane("people", "人员台账", "People ledger"),
    _pane("docket", "矛盾纠纷", "Mediation docket"),
    _pane("map", "地图", "Map"),
    _pane("reports", "统计考核", "Reports"),
    _pane("wall", "大屏", "Wall display"),
    _pane("audit", "审计日志", "Audit log"),
)

CASE_ACTIONS = tuple(
    Permission(f"case.{action.value}", f"事件：{action.label}", f"Case: {action.value}", "事件") for action in Action
)
CASE_OTHER = (
    Permission("case.attach", "事件：添加附件", "Case: attach files", "事件"),
    Permission("case.import", "导入工单", "Import work orders", "事件"),
)
DISPUTE_ACTIONS = tuple(
    Permission(f"dispute.{action.value}", f"纠纷：{action.label}", f"Dispute: {action.value}", "矛盾纠纷")
    for action in DisputeAction
)
DISPUTE_OTHER = (
    Permission("dispute.edit", "纠纷：修改登记信息", "Dispute: edit the record", "矛盾纠纷"),
    Permission("dispute.import", "导入纠纷台账", "Import the dispute ledger", "矛盾纠纷"),
)
PEOPLE = (
    Permission("people.edit", "人员：新增、修改、注销", "People: add, edit, remove", "人员台账"),
    Permission("people.visit", "人员：登记走访", "People: record visits", "人员台账"),
    Permission("people.reveal", "查看完整身份证号、电话、敏感类别", "See ID numbers, phones, sensitive categories", "人员台账"),
    Permission("people.import", "导入人员台账", "Import the people ledger", "人员台账"),
)
DATA = (
    Permission("export.personal", "导出含个人信息的数据", "Export personal data", "数据"),
    Permission("print.personal", "打印含个人信息的文书", "Print personal data", "数据"),
    Permission("report.export", "导出统计报表", "Export reports", "数据"),
)
SYSTEM = (
    Permission("config.edit", "修改系统配置（日历、时限、分类、考核）", "Change the configuration", "系统"),
    Permission("accounts.manage", "管理账户与角色权限", "Manage accounts and roles", "系统"),
    Permission("audit.view", "查看与导出审计日志", "View and export the audit log", "系统"),
    Permission("backup.manage", "备份与恢复数据库", "Back up and restore", "系统"),
    Permission("sync.resolve", "处理离线同步冲突", "Resolve offline sync conflicts", "系统"),
)

PERMISSIONS: tuple[Permission, ...] = PANES + CASE_ACTIONS + CASE_OTHER + DISPUTE_ACTIONS + DISPUTE_OTHER + PEOPLE + DATA + SYSTEM
BY_CODE: dict[str, Permission] = {p.code: p for p in PERMISSIONS}
ALL_CODES: frozenset[str] = frozenset(BY_CODE)


def permission(code: str) -> Permission:
    """The permission named `code`; KeyError for a code the program does not know."""
    return BY_CODE[code]


def case_action(action: Action | str) -> str:
    """The permission code of a case action."""
    return f"case.{Action(action).value}"


def dispute_action(action: DisputeAction | str) -> str:
    """The permission code of a dispute action."""
    return f"dispute.{DisputeAction(action).value}"
