"""Case states and actions (the 数字城管 loop of GB/T 30428 practice).

The standard loop: reported 上报 → verify 核实 → verified → register 立案 → registered →
dispatch 派遣 → dispatched → accept 签收 → handling 处置中 → feedback 反馈 → feedback →
approve 核查通过 → closed 结案. `reject` 核查不通过 sends a case back to handling and counts as
rework; `return` 回退 sends a wrongly dispatched case back to registered; `void` 作废 ends a case
that should never have been one; `park` 挂账 stops the clock until `resume`. Urge, supervise,
escalate and extend can happen at any open stage without changing it.
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Where a case is in its life; the value is the code used in the database and the CLI."""

    REPORTED = "reported"
    VERIFIED = "verified"
    REGISTERED = "registered"
    DISPATCHED = "dispatched"
    HANDLING = "handling"
    FEEDBACK = "feedback"
    CLOSED = "closed"
    VOID = "void"
    PARKED = "parked"

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Open cases have a clock and a light; closed and void ones have neither."""
        return self not in (CaseStatus.CLOSED, CaseStatus.VOID)


STATUS_LABELS = {
    CaseStatus.REPORTED: "待核实",
    CaseStatus.VERIFIED: "待立案",
    CaseStatus.REGISTERED: "待派遣",
    CaseStatus.DISPATCHED: "待签收",
    CaseStatus.HANDLING: "处置中",
    CaseStatus.FEEDBACK: "待核查",
    CaseStatus.CLOSED: "已结案",
    CaseStatus.VOID: "已作废",
    CaseStatus.PARKED: "已挂账",
}

OPEN_STATUSES = tuple(s for s in CaseStatus if s.is_open)


class Action(StrEnum):
    """What a user (or the system) does to a case; each becomes one event."""

    REPORT = "report"
    VERIFY = "verify"
    REGISTER = "register"
    VOID = "void"
    DISPATCH = "dispatch"
    RETURN = "return"
    ACCEPT = "accept"
    FEEDBACK = "feedback"
    APPROVE = "approve"
    REJECT = "reject"
    URGE = "urge"
    SUPERVISE = "supervise"
    ESCALATE = "escalate"
    EXTEND = "extend"
    PARK = "park"
    RESUME = "resume"

    @property
    def label(self) -> str:
        """The Chinese name shown on buttons and in the timeline."""
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.REPORT: "上报",
    Action.VERIFY: "核实",
    Action.REGISTER: "立案",
    Action.VOID: "作废",
    Action.DISPATCH: "派遣",
    Action.RETURN: "回退",
    Action.ACCEPT: "签收",
    Action.FEEDBACK: "反馈",
    Action.APPROVE: "核查通过",
    Action.REJECT: "核查不通过",
    Action.URGE: "催办",
    Action.SUPERVISE: "督办",
    Action.ESCALATE: "上报上级",
    Action.EXTEND: "延期",
    Action.PARK: "挂账",
    Action.RESUME: "恢复",
}

URGENCIES = ("一般", "紧急", "特急")

ESCALATION_LEVELS = ("网格", "社区", "街道", "区")
