"""What each action records besides its event: sessions, agreements, obligations, transfers …

Every function takes one `Act` (the row, its inputs, who and when) inside the service's write
transaction, checks what the action needs, writes its records and returns the event's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calendar import WorkingCalendar
from app.cases.clock import extend as extend_clock
from app.cases.errors import ActionNotAllowed, MissingInput
from app.mediation import clocks
from app.mediation.drafts import ActionInputs
from app.mediation.ladder import committee_above, level_number, transfer_body
from app.mediation.projection import clock_of, put_clock, stop_clock
from app.mediation.risk import raises_alert, resolve_flags, warning_of
from app.mediation.rules import MediationRules
from app.mediation.states import PARTY_ROLES, DisputeAction
from db.schema import (
    Dispute, DisputeDocument, DisputeInvestigation, DisputeObligation, DisputeParty, DisputeTransfer, DisputeVisit,
    MediationAgreement, MediationSession, Mediator,
)

A = DisputeAction


@dataclass
class Act:
    """One action being applied: where, to what, with which inputs, by whom and when."""

    session: Session
    row: Dispute
    rules: MediationRules
    calendar: WorkingCalendar
    inputs: ActionInputs
    actor: str
    at: datetime


def start_limit(act: Act, starts: str) -> None:
    """Start the mediation clock if the dispute's rule runs from this event and it has not started."""
    row = act.row
    rule = act.rules.limits.get(row.limit_code or "default") or act.rules.limits["default"]
    if row.limit_seconds is not None or rule.starts != starts:
        return
    clock = clocks.start_clock(clocks.rule_period(rule), act.at, act.calendar)
    put_clock(row, clock)
    if rule.unit == "工作日":
        row.limit_code = f"{rule.code}@wd"


def accept(act: Act) -> dict:
    act.row.accepted_at = act.at
    start_limit(act, "accept")
    return {}


def investigate(act: Act) -> dict:
    i = act.inputs
    act.session.add(DisputeInvestigation(
        dispute_id=act.row.id, at=i.at or act.at, place=i.place, investigator=act.actor, subject=i.subject,
        content=i.note, recorder=i.recorder or act.actor))
    return {"subject": i.subject, "place": i.place}


def session_record(act: Act) -> dict:
    i = act.inputs
    seq = _next_seq(act.session, MediationSession, act.row.id)
    act.session.add(MediationSession(
        dispute_id=act.row.id, seq=seq, at=i.at or act.at, place=i.place, attendees=i.attendees,
        record=i.note, result=i.session_result, mediator=act.actor))
    return {"session": seq, "place": i.place, "result": i.session_result}


def agree(act: Act, kind: str) -> dict:
    """Record the agreement, its numbered terms and its obligations; start the confirmation window."""
    i, row = act.inputs, act.row
    terms = [t.strip() for t in i.terms if t and t.strip()]
    if not terms:
        raise MissingInput("协议需要至少一条协议内容（--term）")
    for obligation in i.obligations:
        if obligation.due_on < act.at.astimezone(act.calendar.tz).date():
            raise MissingInput(f"履行期限 {obligation.due_on} 早于协议达成日期")
    act.session.add(MediationAgreement(
        dispute_id=row.id, kind=kind, facts=i.facts or row.facts, terms=terms, performance=i.performance,
        copies=i.copies or _copies(act), signed_at=act.at))
    stop_clock(row, act.calendar, act.at)
    row.concluded_at = row.effective_at = act.at
    row.agreement_kind = kind
    amounts = [o.amount for o in i.obligations if o.amount]
    row.agreement_amount = sum(amounts) if amounts else row.amount
    if kind == "书面":
        window = act.rules.limits["confirmation"]
        row.confirmation_due_at = clocks.period_end(act.at, clocks.rule_period(window), act.calendar)
    policy = act.rules.limits["obligation"].policy
    for seq, obligation in enumerate(i.obligations, start=1):
        due = clocks.end_of_day(obligation.due_on, act.calendar)
        marks = clocks.deadline_thresholds(act.at, due, policy)
        act.session.add(DisputeObligation(
            dispute_id=row.id, seq=seq, obligor=obligation.obligor, what=obligation.what, amount=obligation.amount,
            due_on=obligation.due_on, due_at=due, yellow_at=marks.yellow_at, red_at=marks.red_at))
    if not i.obligations:
        row.performed_at = act.at
    return {"kind": kind, "terms": len(terms), "obligations": len(i.obligations)}


def conclude(act: Act) -> dict:
    """调解不成, 终止, 不予受理: the clock stops; the parties are told of the other routes (art. 26)."""
    stop_clock(act.row, act.calendar, act.at)
    act.row.concluded_at = act.at
    return {}


def apply_confirmation(act: Act) -> dict:
    row = act.row
    if row.agreement_kind != "书面":
        raise ActionNotAllowed("口头协议不能申请司法确认，须先制作书面调解协议")
    if row.confirmation_due_at is not None and act.at >= row.confirmation_due_at:
        last = clocks.last_day(row.confirmation_due_at, act.calendar.tz)
        raise ActionNotAllowed(f"已超过司法确认申请期限（协议生效之日起30日内，截至 {last}）")
    return {"court": act.inputs.body}


def confirm(act: Act) -> dict:
    return {"decision": act.inputs.decision, "court_no": act.inputs.ref_no}


def fulfil(act: Act) -> dict:
    """An obligation performed (with its evidence); when the last one is, performance is complete."""
    i, row = act.inputs, act.row
    obligations = _obligations(act.session, row)
    waiting = [o for o in obligations if o.fulfilled_at is None]
    if not waiting:
        raise ActionNotAllowed("该纠纷没有待履行的义务")
    if i.obligation is None and len(waiting) > 1:
        raise MissingInput(f"请指明履行的是第几项义务（--obligation），待履行：{_seqs(waiting)}")
    target = waiting[0] if i.obligation is None else next((o for o in waiting if o.seq == i.obligation), None)
    if target is None:
        raise MissingInput(f"没有待履行的第{i.obligation}项义务，待履行：{_seqs(waiting)}")
    if not (i.evidence or "").strip():
        raise MissingInput("履行完毕需要记录履行凭证（--evidence）")
    target.fulfilled_at, target.evidence = act.at, i.evidence.strip()
    if all(o.fulfilled_at is not None for o in obligations):
        row.performed_at = act.at
    return {"obligation": target.seq, "evidence": target.evidence}


def visit(act: Act) -> dict:
    i = act.inputs
    obligation_id = None
    if i.obligation is not None:
        found = next((o for o in _obligations(act.session, act.row) if o.seq == i.obligation), None)
        if found is None:
            raise MissingInput(f"没有第{i.obligation}项义务")
        obligation_id = found.id
    act.session.add(DisputeVisit(dispute_id=act.row.id, obligation_id=obligation_id, at=i.at or act.at,
                                 visitor=act.actor, content=i.note, satisfied=i.satisfied))
    return {"obligation": i.obligation, "satisfied": i.satisfied}


def check_performed(act: Act) -> None:
    """Closing an agreed dispute needs every obligation performed."""
    waiting = [o for o in _obligations(act.session, act.row) if o.fulfilled_at is None]
    if waiting:
        raise ActionNotAllowed(f"协议尚未履行完毕，不能结案：第{_seqs(waiting)}项义务待履行")


def close(act: Act) -> dict:
    act.row.closed_at = act.at
    return {}


def file(act: Act) -> dict:
    act.row.filed_at, act.row.filer = act.at, act.actor
    act.row.retention = (act.inputs.retention or "长期").strip()
    return {"retention": act.row.retention}


def escalate(act: Act, level: int) -> dict:
    row = act.row
    wanted = act.rules.committee(act.inputs.committee) if act.inputs.committee else None
    if act.inputs.committee and wanted is None:
        raise MissingInput(f"找不到调解组织“{act.inputs.committee}”")
    if wanted is not None and wanted.level != level:
        raise MissingInput(f"“{wanted.name}”不是{level}级调解组织")
    current = act.rules.committees.get(row.committee_id)
    region = current.region_id if current else row.community_id
    target = wanted or committee_above(act.session, act.rules, level, region)
    before = current.name if current else None
    row.committee_id = target.id if target else None
    seq = _next_seq(act.session, DisputeTransfer, row.id)
    act.session.add(DisputeTransfer(dispute_id=row.id, seq=seq, kind="升级", from_body=before,
                                    to_body=target.name if target else f"{level}级调解组织", sent_at=act.at))
    return {"level": level, "from": before, "to": target.name if target else None}


def wanted_level(inputs: ActionInputs) -> int | None:
    return level_number(inputs.level)


def transfer(act: Act) -> dict:
    i, row = act.inputs, act.row
    kind = (i.kind or "").strip()
    body = transfer_body(kind, i.body)
    stop_clock(row, act.calendar, act.at)
    row.concluded_at = act.at
    current = act.rules.committees.get(row.committee_id)
    seq = _next_seq(act.session, DisputeTransfer, row.id)
    act.session.add(DisputeTransfer(dispute_id=row.id, seq=seq, kind=kind, from_body=current.name if current else None,
                                    to_body=body, sent_at=act.at, ref_no=i.ref_no))
    return {"kind": kind, "to": body, "ref_no": i.ref_no}


def transfer_receipt(act: Act) -> dict:
    transfer_row = _open_transfer(act)
    if transfer_row.received_at is not None:
        raise ActionNotAllowed(f"移交（{transfer_row.to_body}）已登记回执")
    transfer_row.received_at = act.inputs.at or act.at
    transfer_row.received_by = (act.inputs.body or act.inputs.note or transfer_row.to_body).strip()
    if act.inputs.ref_no:
        transfer_row.ref_no = act.inputs.ref_no
    return {"to": transfer_row.to_body, "received_by": transfer_row.received_by}


def transfer_outcome(act: Act) -> dict:
    transfer_row = _open_transfer(act)
    if transfer_row.received_at is None:
        raise ActionNotAllowed(f"移交（{transfer_row.to_body}）尚未登记回执，不能反馈结果")
    if not (act.inputs.note or "").strip():
        raise MissingInput("移交结果反馈需要填写处理结果（--note）")
    transfer_row.outcome, transfer_row.outcome_at = act.inputs.note.strip(), act.at
    return {"to": transfer_row.to_body}


def extend(act: Act) -> dict:
    """Extend the mediation limit: only with every party's consent, recorded by name."""
    i, row = act.inputs, act.row
    if not i.limit:
        raise MissingInput("延长调解期限需要给出延长的期限（--limit，如 15天 或 1个月）")
    parties = act.session.scalars(select(DisputeParty).where(DisputeParty.dispute_id == row.id,
                                                             DisputeParty.role.in_(PARTY_ROLES[:2]))).all()
    consenting = {name.strip() for name in i.consent if name.strip()}
    lacking = [f"{p.role} {p.name}" for p in parties if p.name not in consenting and p.role not in consenting]
    if lacking or not parties:
        names = "、".join(lacking) if lacking else "（尚未登记当事人）"
        raise ActionNotAllowed(f"延长调解期限须经双方当事人同意，未记录同意：{names}")
    clock = clock_of(row)
    if clock is None or clock.running_since is None:
        raise ActionNotAllowed("调解期限未在计时，不能延长")
    extra = clocks.extension_seconds(clock, clocks.parse_period(i.limit), act.calendar)
    put_clock(row, extend_clock(clock, extra))
    return {"limit": i.limit, "consent": sorted(consenting)}


def flag(act: Act) -> dict:
    i, row = act.inputs, act.row
    codes = resolve_flags(act.rules, i.flags)
    if not codes and not i.warning:
        raise MissingInput("风险标记需要给出标记（--flag）或预警等级（--warning 红/橙/黄/蓝）")
    flags = list(row.risk_flags or [])
    flags += [c for c in codes if c not in flags]
    row.risk_flags = flags
    row.warning = warning_of(act.rules, flags, i.warning or row.warning)
    row.alert = raises_alert(act.rules, flags, row.warning)
    return {"flags": codes, "warning": row.warning}


def assign(act: Act) -> dict:
    name = (act.inputs.mediator or "").strip()
    mediator = act.session.scalar(select(Mediator).where(Mediator.name == name, Mediator.deleted_at.is_(None))
                                  .order_by(Mediator.active.desc()).limit(1))
    if mediator is None:
        raise MissingInput(f"调解员名册中找不到“{name}”")
    act.row.mediator_id = mediator.id
    return {"mediator": mediator.name}


def add_document(act: Act) -> dict:
    code = (act.inputs.item or "").strip()
    item = next((f for f in act.rules.file_items if code in (f.code, f.name)), None)
    if item is None:
        known = "、".join(f"{f.code} {f.name}" for f in act.rules.file_items)
        raise MissingInput(f"未知的卷宗材料“{code}”，可用：{known}")
    act.session.add(DisputeDocument(dispute_id=act.row.id, item=item.code, title=act.inputs.title or item.name,
                                    added_at=act.at, actor=act.actor))
    return {"item": item.code}


def _copies(act: Act) -> int:
    count = act.session.scalar(select(func.count()).select_from(DisputeParty)
                               .where(DisputeParty.dispute_id == act.row.id, DisputeParty.role.in_(PARTY_ROLES[:2])))
    return (count or 2) + 1


def _obligations(session: Session, row: Dispute) -> list[DisputeObligation]:
    return list(session.scalars(select(DisputeObligation).where(DisputeObligation.dispute_id == row.id)
                                .order_by(DisputeObligation.seq)))


def _open_transfer(act: Act) -> DisputeTransfer:
    found = act.session.scalar(select(DisputeTransfer).where(
        DisputeTransfer.dispute_id == act.row.id, DisputeTransfer.kind != "升级", DisputeTransfer.outcome.is_(None))
        .order_by(DisputeTransfer.seq.desc()).limit(1))
    if found is None:
        raise ActionNotAllowed("没有等待回执或结果的移交")
    return found


def _next_seq(session: Session, model, dispute_id) -> int:
    return (session.scalar(select(func.max(model.seq)).where(model.dispute_id == dispute_id)) or 0) + 1


def _seqs(obligations) -> str:
    return "、".join(str(o.seq) for o in obligations)
