"""Which inputs each dispute action asks for, as field specifications the action form builds.

The service decides what is allowed and what is missing; this only says which boxes to offer
(and how each maps onto ActionInputs), so a form never asks for more than its action reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.mediation.states import DisputeAction as A


@dataclass(frozen=True)
class Field:
    """An input: the ActionInputs attribute, its label (a source text of context 'ActionFields')
    and its kind: text, long, lines, int, choice:<list>, checks:<list> or obligations."""

    key: str
    label: str
    kind: str = "text"


def _f(key: str, label: str, kind: str = "text") -> Field:
    return Field(key, label, kind)


NOTE = _f("note", QT_TRANSLATE_NOOP("ActionFields", "说明"), "long")
FIELDS: dict[A, tuple[Field, ...]] = {
    A.NOTIFY: (NOTE,), A.ACCEPT: (NOTE,), A.REFUSE: (NOTE,), A.FAIL: (NOTE,), A.TERMINATE: (NOTE,),
    A.URGE: (NOTE,), A.CLOSE: (NOTE,),
    A.INVESTIGATE: (_f("subject", QT_TRANSLATE_NOOP("ActionFields", "调查对象")),
                    _f("place", QT_TRANSLATE_NOOP("ActionFields", "调查地点")),
                    _f("recorder", QT_TRANSLATE_NOOP("ActionFields", "记录人")),
                    _f("note", QT_TRANSLATE_NOOP("ActionFields", "调查内容"), "long")),
    A.SESSION: (_f("place", QT_TRANSLATE_NOOP("ActionFields", "调解地点")),
                _f("attendees", QT_TRANSLATE_NOOP("ActionFields", "参加人")),
                _f("session_result", QT_TRANSLATE_NOOP("ActionFields", "本次结果")),
                _f("note", QT_TRANSLATE_NOOP("ActionFields", "调解记录"), "long")),
    A.AGREE_WRITTEN: (_f("terms", QT_TRANSLATE_NOOP("ActionFields", "协议内容（每行一条）"), "lines"),
                      _f("obligations", QT_TRANSLATE_NOOP("ActionFields", "履行义务"), "obligations"),
                      _f("performance", QT_TRANSLATE_NOOP("ActionFields", "履行方式")),
                      _f("copies", QT_TRANSLATE_NOOP("ActionFields", "协议份数"), "int")),
    A.AGREE_ORAL: (_f("terms", QT_TRANSLATE_NOOP("ActionFields", "协议内容（每行一条）"), "lines"),
                   _f("obligations", QT_TRANSLATE_NOOP("ActionFields", "履行义务"), "obligations")),
    A.APPLY_CONFIRMATION: (_f("body", QT_TRANSLATE_NOOP("ActionFields", "受理法院")), NOTE),
    A.CONFIRM: (_f("decision", QT_TRANSLATE_NOOP("ActionFields", "确认结果"), "choice:decision"),
                _f("ref_no", QT_TRANSLATE_NOOP("ActionFields", "法院文书号")), NOTE),
    A.FULFIL: (_f("obligation", QT_TRANSLATE_NOOP("ActionFields", "履行的义务"), "choice:waiting"),
               _f("evidence", QT_TRANSLATE_NOOP("ActionFields", "履行凭证")), NOTE),
    A.VISIT: (_f("obligation", QT_TRANSLATE_NOOP("ActionFields", "回访的义务"), "choice:obligations"),
              _f("satisfied", QT_TRANSLATE_NOOP("ActionFields", "当事人评价"), "choice:satisfied"),
              _f("note", QT_TRANSLATE_NOOP("ActionFields", "回访情况"), "long")),
    A.FILE: (_f("retention", QT_TRANSLATE_NOOP("ActionFields", "保管期限"), "choice:retention"), NOTE),
    A.ESCALATE: (_f("level", QT_TRANSLATE_NOOP("ActionFields", "升至层级"), "choice:levels"),
                 _f("committee", QT_TRANSLATE_NOOP("ActionFields", "调解组织"), "choice:committees"), NOTE),
    A.TRANSFER: (_f("kind", QT_TRANSLATE_NOOP("ActionFields", "对接方式"), "choice:transfer"),
                 _f("body", QT_TRANSLATE_NOOP("ActionFields", "接收单位")),
                 _f("ref_no", QT_TRANSLATE_NOOP("ActionFields", "移交文号")), NOTE),
    A.TRANSFER_RECEIPT: (_f("body", QT_TRANSLATE_NOOP("ActionFields", "签收单位")),
                         _f("ref_no", QT_TRANSLATE_NOOP("ActionFields", "接收文号")), NOTE),
    A.TRANSFER_OUTCOME: (_f("note", QT_TRANSLATE_NOOP("ActionFields", "处理结果"), "long"),),
    A.EXTEND: (_f("limit", QT_TRANSLATE_NOOP("ActionFields", "延长期限（如 15天）")),
               _f("consent", QT_TRANSLATE_NOOP("ActionFields", "同意延长的当事人"), "checks:parties"), NOTE),
    A.FLAG: (_f("flags", QT_TRANSLATE_NOOP("ActionFields", "风险标记"), "checks:flags"),
             _f("warning", QT_TRANSLATE_NOOP("ActionFields", "预警等级"), "choice:warning"), NOTE),
    A.ASSIGN: (_f("mediator", QT_TRANSLATE_NOOP("ActionFields", "调解员"), "choice:mediators"), NOTE),
    A.ADD_DOCUMENT: (_f("item", QT_TRANSLATE_NOOP("ActionFields", "卷宗材料"), "choice:items"),
                     _f("title", QT_TRANSLATE_NOOP("ActionFields", "材料名称"))),
    A.LINK_CASE: (_f("case_no", QT_TRANSLATE_NOOP("ActionFields", "案件编号")), NOTE),
}


def fields_of(action: A) -> tuple[Field, ...]:
    """The inputs `action` reads (a note for any action not listed)."""
    return FIELDS.get(action, (NOTE,))
