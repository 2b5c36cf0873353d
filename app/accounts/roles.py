"""The built-in roles and the permissions each holds on a new database.

These are defaults, written into `roles` and `role_permissions` once (app/accounts/seed.py);
afterwards the table is the administrator's. The split follows the case workflow's rule that
supervision and command are separate (监督、指挥相分离): grid workers and supervisors report and
check on site, dispatchers verify, register and dispatch, departments accept, return and give
feedback, the shift leader approves voiding and parking, leaders supervise.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.permissions import ALL_CODES, DISPUTE_ACTIONS, DISPUTE_OTHER, PANES


@dataclass(frozen=True)
class BuiltinRole:
    code: str
    name: str
    name_en: str
    grants: frozenset[str]


def _codes(*groups) -> frozenset[str]:
    codes: set[str] = set()
    for group in groups:
        codes |= {item if isinstance(item, str) else item.code for item in group}
    return frozenset(codes)


ADMIN = "admin"
PANES_ALL = _codes(PANES) - {"pane.audit"}
SITE = {"case.report", "case.approve", "case.reject", "case.attach"}
DISPATCH = {"case.verify", "case.register", "case.dispatch", "case.urge", "case.escalate", "case.extend",
            "case.resume", "case.import", "pane.queue", "pane.dispatch", "pane.map", "pane.people", "pane.docket",
            "pane.reports", "pane.wall"}
LEDGER = {"pane.people", "pane.map", "people.edit", "people.visit"}

BUILTIN_ROLES: tuple[BuiltinRole, ...] = (
    BuiltinRole("grid_worker", "网格员", "Grid worker",
                _codes(SITE, LEDGER, {"pane.queue", "pane.docket", "dispute.register", "dispute.link_case"})),
    BuiltinRole("part_time_grid_worker", "兼职网格员", "Part-time grid worker",
                _codes(SITE, {"pane.queue", "pane.map", "people.visit", "pane.people"})),
    BuiltinRole("grid_leader", "网格长", "Grid leader",
                _codes(SITE, LEDGER, {"pane.queue", "pane.docket", "dispute.register", "dispute.link_case"})),
    BuiltinRole("police", "社区民警", "Community police", _codes({"pane.queue", "pane.map", "case.report"})),
    BuiltinRole("supervisor", "监督员", "Supervisor", _codes(SITE, {"pane.queue", "pane.map"})),
    BuiltinRole("dispatcher", "派遣员", "Dispatcher", _codes(SITE, DISPATCH, {"sync.resolve"})),
    BuiltinRole("shift_leader", "值班长", "Shift leader",
                _codes(SITE, DISPATCH, {"case.void", "case.park", "case.supervise", "people.reveal", "sync.resolve",
                                        "report.export", "print.personal", "export.personal"})),
    BuiltinRole("handler", "部门处置人员", "Department handler",
                _codes({"pane.queue", "case.accept", "case.return", "case.feedback", "case.extend", "case.attach"})),
    BuiltinRole("leader", "领导", "Leader",
                _codes(PANES_ALL, {"case.supervise", "case.urge", "people.reveal", "report.export", "dispute.urge"})),
    BuiltinRole("ledger_clerk", "台账管理员", "Ledger clerk",
                _codes(LEDGER, {"people.import", "export.personal", "print.personal"})),
    BuiltinRole("mediator", "调解员", "Mediator",
                _codes(DISPUTE_ACTIONS, DISPUTE_OTHER, {"pane.docket", "pane.people", "pane.map", "print.personal",
                                                      "pane.reports"})),
    BuiltinRole(ADMIN, "系统管理员", "Administrator", ALL_CODES),
    BuiltinRole("viewer", "只读用户", "Read-only viewer",
                _codes({"pane.queue", "pane.dispatch", "pane.map", "pane.reports", "pane.wall"})),
)
BUILTIN_BY_CODE = {role.code: role for role in BUILTIN_ROLES}
#: Roles that may reveal sensitive personal information by default (before accounts, the
#: setting `people_reveal_roles` said this; its value, where set, is carried into the table)
DEFAULT_REVEAL_ROLES = tuple(role.code for role in BUILTIN_ROLES if "people.reveal" in role.grants)
