"""Dispute states, actions, sources, levels and transfer kinds.

The workflow (人民调解法 arts. 17–33):
registered 登记 (排查发现 / 申请 / 移送) → notify 送达权利义务告知书 → notified → accept 受理
(or refuse 不予受理 when a party declines) → investigate 调查 (optional) → session 调解
(one 调解记录 each) → agree_written 书面协议 / agree_oral 口头协议 → agreed (履行中; optional
apply_confirmation 申请司法确认 → confirming → confirm 确认结果 → agreed) → close 结案 when every
obligation is performed → file 归档. A session may also end in fail 调解不成 or terminate 终止;
transfer 移交 hands the dispute to another body (公调/诉调/访调/检调/仲调) until its outcome
returns. Escalate, extend, flag, assign, fulfil, visit, urge and add_document leave the state as it is.
"""

from __future__ import annotations

from enum import StrEnum


class DisputeStatus(StrEnum):
    """Where a dispute is; the value is the code used in the database and the CLI."""

    REGISTERED = "registered"
    NOTIFIED = "notified"
    ACCEPTED = "accepted"
    INVESTIGATING = "investigating"
    MEDIATING = "mediating"
    AGREED = "agreed"
    CONFIRMING = "confirming"
    FAILED = "failed"
    TERMINATED = "terminated"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    CLOSED = "closed"
    FILED = "filed"

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Closed and filed disputes are done; every other one is still worked on."""
        return self not in (DisputeStatus.CLOSED, DisputeStatus.FILED)


STATUS_LABELS = {
    DisputeStatus.REGISTERED: "待告知",
    DisputeStatus.NOTIFIED: "待受理",
    DisputeStatus.ACCEPTED: "已受理",
    DisputeStatus.INVESTIGATING: "调查中",
    DisputeStatus.MEDIATING: "调解中",
    DisputeStatus.AGREED: "履行中",
    DisputeStatus.CONFIRMING: "司法确认中",
    DisputeStatus.FAILED: "调解不成",
    DisputeStatus.TERMINATED: "已终止",
    DisputeStatus.REFUSED: "不予受理",
    DisputeStatus.TRANSFERRED: "已移交",
    DisputeStatus.CLOSED: "已结案",
    DisputeStatus.FILED: "已归档",
}

OPEN_STATUSES = tuple(s for s in DisputeStatus if s.is_open)
#: states in which the mediation time limit runs
MEDIATION_STATUSES = (DisputeStatus.ACCEPTED, DisputeStatus.INVESTIGATING, DisputeStatus.MEDIATING)
#: states in which the agreement is being performed (obligations' lights count)
PERFORMANCE_STATUSES = (DisputeStatus.AGREED, DisputeStatus.CONFIRMING)


class DisputeAction(StrEnum):
    """What a user does to a dispute; each becomes one event."""

    REGISTER = "register"
    NOTIFY = "notify"
    ACCEPT = "accept"
    REFUSE = "refuse"
    INVESTIGATE = "investigate"
    SESSION = "session"
    AGREE_WRITTEN = "agree_written"
    AGREE_ORAL = "agree_oral"
    FAIL = "fail"
    TERMINATE = "terminate"
    APPLY_CONFIRMATION = "apply_confirmation"
    CONFIRM = "confirm"
    FULFIL = "fulfil"
    VISIT = "visit"
    URGE = "urge"
    CLOSE = "close"
    FILE = "file"
    ESCALATE = "escalate"
    TRANSFER = "transfer"
    TRANSFER_RECEIPT = "transfer_receipt"
    TRANSFER_OUTCOME = "transfer_outcome"
    EXTEND = "extend"
    FLAG = "flag"
    ASSIGN = "assign"
    ADD_DOCUMENT = "add_document"
    LINK_CASE = "link_case"

    @property
    def label(self) -> str:
        """The Chinese name shown on buttons and in the history."""
        return ACTION_LABELS[self]


ACTION_LABELS = {
    DisputeAction.REGISTER: "登记",
    DisputeAction.NOTIFY: "送达告知书",
    DisputeAction.ACCEPT: "受理",
    DisputeAction.REFUSE: "不予受理",
    DisputeAction.INVESTIGATE: "调查",
    DisputeAction.SESSION: "调解",
    DisputeAction.AGREE_WRITTEN: "达成书面协议",
    DisputeAction.AGREE_ORAL: "达成口头协议",
    DisputeAction.FAIL: "调解不成",
    DisputeAction.TERMINATE: "终止调解",
    DisputeAction.APPLY_CONFIRMATION: "申请司法确认",
    DisputeAction.CONFIRM: "司法确认结果",
    DisputeAction.FULFIL: "履行完毕",
    DisputeAction.VISIT: "回访",
    DisputeAction.URGE: "督促履行",
    DisputeAction.CLOSE: "结案",
    DisputeAction.FILE: "归档",
    DisputeAction.ESCALATE: "升级调处",
    DisputeAction.TRANSFER: "移交",
    DisputeAction.TRANSFER_RECEIPT: "移交回执",
    DisputeAction.TRANSFER_OUTCOME: "移交结果反馈",
    DisputeAction.EXTEND: "延长调解期限",
    DisputeAction.FLAG: "风险标记",
    DisputeAction.ASSIGN: "指派调解员",
    DisputeAction.ADD_DOCUMENT: "补充卷宗材料",
    DisputeAction.LINK_CASE: "关联案件",
}

#: the results a dispute can end with (the 结果 column and the statistics)
RESULT_WRITTEN = "书面协议"
RESULT_ORAL = "口头协议"
RESULT_FAILED = "调解不成"
RESULT_TERMINATED = "终止"
RESULT_REFUSED = "不予受理"
RESULT_TRANSFERRED = "移交"
SUCCESS_RESULTS = (RESULT_WRITTEN, RESULT_ORAL)

#: legal sources of a dispute (DESIGN: record both the legal source and the grid channel)
SOURCES = ("申请", "主动调解", "网格员", "公安移交", "法院委派", "法院委托", "信访转来", "检察转来",
           "仲裁转来", "政府指定")
#: sources that are referrals from another body: they keep its name and case number
REFERRAL_SOURCES = SOURCES[3:]
#: the statistics' three intake classes
SOURCE_CLASSES = {"申请": "申请", "主动调解": "主动", "网格员": "主动"} | {s: "委托移送" for s in REFERRAL_SOURCES}
#: the time-limit rule each source runs under (the rest: 'default')
SOURCE_LIMITS = {"法院委派": "court_delegated", "法院委托": "court_entrusted"}

#: the ladder, lowest first ("小事不出村、大事不出镇、难事不出区")
LEVELS = {1: "调解小组", 2: "村居调委会", 3: "镇街调委会", 4: "区县调解中心"}
#: transfers to other bodies (六大对接); 升级 is the move up the ladder
TRANSFER_KINDS = {"公调": "公安机关", "诉调": "人民法院", "访调": "信访部门", "检调": "人民检察院", "仲调": "仲裁机构"}
WARNING_COLORS = ("红", "橙", "黄", "蓝")
PARTY_ROLES = ("申请人", "被申请人", "第三人")
