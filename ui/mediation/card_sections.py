"""The texts of the dispute card's sections, built from a DisputeDetail: facts, parties,
records, the agreement and its countdown, obligations, visits, transfers, links, the file and
the history. Plain functions so the card widget only lays them out."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.mediation.clocks import last_day
from app.mediation.views import DisputeDetail
from app.rejections import not_applied_reason
from app.people.privacy import mask_phone
from ui.theme import LIGHT_COLORS

translate = QCoreApplication.translate

EMPTY = "—"



def when(value: datetime | date | None, tz, *, minutes: bool = True) -> str:
    """A district-time stamp ('2026-11-05 09:30') or a day; '' for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M" if minutes else "%Y-%m-%d")
    return value.isoformat()


#: the particulars' labels in order (source texts of context 'DisputeCard')
FACT_LABELS = {
    "type": QT_TRANSLATE_NOOP("DisputeCard", "纠纷类型"), "level": QT_TRANSLATE_NOOP("DisputeCard", "调处层级"),
    "committee": QT_TRANSLATE_NOOP("DisputeCard", "调解组织"), "mediator": QT_TRANSLATE_NOOP("DisputeCard", "调解员"),
    "community": QT_TRANSLATE_NOOP("DisputeCard", "社区/村"), "source": QT_TRANSLATE_NOOP("DisputeCard", "来源"),
    "referral": QT_TRANSLATE_NOOP("DisputeCard", "移送单位/文号"),
    "registered": QT_TRANSLATE_NOOP("DisputeCard", "登记时间"),
    "accepted": QT_TRANSLATE_NOOP("DisputeCard", "受理时间"), "limit": QT_TRANSLATE_NOOP("DisputeCard", "调解期限"),
    "due": QT_TRANSLATE_NOOP("DisputeCard", "期限届满"), "place": QT_TRANSLATE_NOOP("DisputeCard", "发生地点"),
    "arose": QT_TRANSLATE_NOOP("DisputeCard", "发生时间"), "people": QT_TRANSLATE_NOOP("DisputeCard", "涉及人数"),
    "amount": QT_TRANSLATE_NOOP("DisputeCard", "涉及金额(元)"), "risk": QT_TRANSLATE_NOOP("DisputeCard", "风险"),
    "result": QT_TRANSLATE_NOOP("DisputeCard", "调处结果"), "facts": QT_TRANSLATE_NOOP("DisputeCard", "简要案情"),
    "claims": QT_TRANSLATE_NOOP("DisputeCard", "当事人请求"),
}


def facts(detail: DisputeDetail, tz) -> list[tuple[str, str, str | None]]:
    """(key, label, value) of the particulars, for a FactGrid."""
    view = detail.dispute
    warning = [translate("DisputeCard", "{c}色预警").format(c=view.warning)] if view.warning else []
    values = {
        "type": view.type, "level": view.level_label, "committee": view.committee, "mediator": view.mediator,
        "community": view.community, "source": view.source,
        "referral": " ".join(part for part in (detail.referring_body, detail.referring_no) if part),
        "registered": when(view.registered_at, tz), "accepted": when(view.accepted_at, tz), "limit": detail.limit,
        "due": when(last_day(detail.mediation_due_at, tz), tz) if detail.mediation_due_at else "",
        "place": detail.location, "arose": when(detail.arose_at, tz),
        "people": str(detail.people_involved) if detail.people_involved else "",
        "amount": f"{view.amount:,.2f}" if view.amount else "", "risk": "、".join(warning + list(view.risk_flags)),
        "result": view.result, "facts": view.facts, "claims": detail.claims,
    }
    return [(key, translate("DisputeCard", label), values[key]) for key, label in FACT_LABELS.items()]


def countdown(detail: DisputeDetail) -> tuple[str, str]:
    """The headline countdown and its colour: the mediation limit, else the confirmation window."""
    view = detail.dispute
    if detail.days_left is not None:
        color = LIGHT_COLORS[view.light.value].name() if view.light else "#33475b"
        if detail.days_left < 0:
            return translate("DisputeCard", "调解期限已超 {n} 天").format(n=-detail.days_left), color
        return translate("DisputeCard", "调解期限还剩 {n} 天").format(n=detail.days_left), color
    if detail.confirmation_days_left is not None:
        return confirmation_text(detail), "#1f5fae"
    return "", "#33475b"


def confirmation_text(detail: DisputeDetail) -> str:
    """司法确认: the days left to apply (30 days from the agreement), or the application's state."""
    if detail.confirmation_days_left is not None:
        on = detail.dispute.confirmation_due_on
        return translate("DisputeCard", "司法确认申请期限还剩 {n} 天（截至 {day}）").format(
            n=detail.confirmation_days_left, day=on.isoformat() if on else EMPTY)
    status = {"confirmed": translate("DisputeCard", "已司法确认"),
              "rejected": translate("DisputeCard", "司法确认被驳回"),
              "applied": translate("DisputeCard", "已申请司法确认")}
    return status.get(detail.confirmation_status or "", "")


def parties(detail: DisputeDetail) -> str:
    lines = []
    for p in detail.parties:
        about = "，".join(part for part in (
            p.sex, translate("DisputeCard", "{n}岁").format(n=p.age) if p.age else None, p.occupation,
            mask_phone(p.phone) if p.phone else None, p.address,
            translate("DisputeCard", "代表人 {name}").format(name=p.representative) if p.representative else None) if part)
        linked = " <span style='color:#1e7a3a'>" + translate("DisputeCard", "[台账人员]") + "</span>" if p.person_id else ""
        lines.append(f"<b>{escape(p.role)}</b> {escape(p.name)}{linked}"
                     + (f"<br><span style='color:#6b7785'>{escape(about)}</span>" if about else ""))
    return _joined(lines)


def records(detail: DisputeDetail, tz) -> str:
    """Investigations and sessions, oldest first."""
    lines = [translate("DisputeCard", "调查 {at} {place}：{subject} {content}").format(
        at=when(i["at"], tz), place=i["place"] or "", subject=i["subject"] or "", content=i["content"] or "")
        for i in detail.investigations]
    lines += [translate("DisputeCard", "第{n}次调解 {at} {place}：{record} {result}").format(
        n=s["seq"], at=when(s["at"], tz), place=s["place"] or "", record=s["record"] or "",
        result=s["result"] or "") for s in detail.sessions]
    return _joined([escape(line) for line in lines])


def agreement(detail: DisputeDetail, tz) -> str:
    a = detail.agreement
    if a is None:
        return ""
    head = translate("DisputeCard", "{kind}协议，{at} 达成").format(kind=a["kind"], at=when(a["signed_at"], tz))
    terms = "<br>".join(escape(term) for term in a["terms"])
    return f"<b>{escape(head)}</b><br>{terms}"


def obligations(detail: DisputeDetail) -> str:
    lines = []
    for o in detail.obligations:
        light = o["light"]
        dot = (f"<span style='color:{LIGHT_COLORS[light.value].name()}'>●</span> " if light else "")
        done = (translate("DisputeCard", "已履行（{evidence}）").format(evidence=o["evidence"] or "")
                if o["fulfilled_at"] else translate("DisputeCard", "待履行"))
        amount = translate("DisputeCard", "，{a:,.2f} 元").format(a=o["amount"]) if o["amount"] else ""
        text = translate("DisputeCard", "第{n}项{obligor}：{what}{amount}，期限 {due}，{done}")
        obligor = f" {o['obligor']}" if o["obligor"] else ""
        lines.append(dot + escape(text.format(n=o["seq"], obligor=obligor, what=o["what"], amount=amount,
                                              due=o["due_on"], done=done)))
    return _joined(lines)


def visits(detail: DisputeDetail, tz) -> str:
    verdict = {True: translate("DisputeCard", "满意"), False: translate("DisputeCard", "不满意"), None: ""}
    return _joined([escape(translate("DisputeCard", "{at} {visitor}：{content} {verdict}").format(
        at=when(v["at"], tz), visitor=v["visitor"], content=v["content"] or "", verdict=verdict[v["satisfied"]]))
        for v in detail.visits])


def transfers(detail: DisputeDetail, tz) -> str:
    return _joined([escape(translate("DisputeCard", "{kind} {sent} 移交 {to}{ref}；回执：{received}；结果：{outcome}").format(
        kind=t["kind"], sent=when(t["sent_at"], tz), to=t["to"] or "",
        ref=f"（{t['ref_no']}）" if t["ref_no"] else "", received=when(t["received_at"], tz) or EMPTY,
        outcome=t["outcome"] or EMPTY)) for t in detail.transfers])


def links(detail: DisputeDetail) -> str:
    """Linked cases and ledger persons as links the card opens (case:NO, person:ID)."""
    case_text = translate("DisputeCard", "案件 {no}")
    items = [f"<a href='case:{escape(c['case_no'])}'>{escape(case_text.format(no=c['case_no']))}</a>"
             for c in detail.cases]
    person_text = translate("DisputeCard", "人员 {name}")
    items += [f"<a href='person:{p.person_id}'>{escape(person_text.format(name=p.name))}</a>"
              for p in detail.parties if p.person_id]
    return "　".join(items) if items else EMPTY


def checklist(detail: DisputeDetail) -> str:
    lines = []
    for line in detail.checklist:
        mark, color = ("✔", "#1e7a3a") if line.present else (("✘", "#c5221f") if line.required else ("○", "#7b8794"))
        need = "" if line.required else translate("DisputeCard", "（选）")
        lines.append(f"<span style='color:{color}'>{mark}</span> {escape(line.name)}{need}")
    return "　".join(lines) if lines else EMPTY


def history(detail: DisputeDetail, tz) -> str:
    return _joined([_history_line(e, tz) for e in reversed(detail.events)])


def _history_line(event: dict, tz) -> str:
    """One event; an offline action kept but not applied when desks' histories merged is greyed, with why."""
    line = escape(translate("DisputeCard", "{at} {actor} {action}{note}").format(
        at=when(event["at"], tz), actor=event["actor"], action=event["action_label"],
        note=f"：{event['note']}" if event["note"] else ""))
    set_aside = not_applied_reason(event.get("data"))
    if set_aside:
        return f"<span style='color:#7b8794'>{line}</span> <span style='color:#8a4b00'>（{escape(set_aside)}）</span>"
    return line


def _joined(lines: list[str]) -> str:
    return "<br>".join(lines) if lines else EMPTY
