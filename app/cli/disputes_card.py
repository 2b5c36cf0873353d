"""Terminal layouts of the dispute card and the monthly table (`disputes show`, `disputes stats`)."""

from __future__ import annotations

from app.cases.views import iso
from app.cli.output import print_table
from app.mediation.statistics import COLUMNS, MonthlyTable
from app.mediation.views import DisputeDetail
from app.people.privacy import mask_phone


def _local(value, tz) -> str:
    text = iso(value, tz)
    return text[:16].replace("T", " ") if text else ""


def print_card(detail: DisputeDetail, tz) -> None:
    d = detail.dispute
    print(f"{d.dispute_no}  {d.type}  {d.status_label}（{d.level_label}）")
    for label, value in [
        ("调解组织", d.committee or ""), ("社区", d.community or ""), ("来源", d.source),
        ("移送单位", " ".join(x for x in (detail.referring_body, detail.referring_no) if x)),
        ("登记", _local(d.registered_at, tz)), ("受理", _local(d.accepted_at, tz)), ("期限", detail.limit or ""),
        ("到期", _local(d.due_at, tz) + (f"（剩 {detail.days_left} 天）" if detail.days_left is not None else "")),
        ("亮灯", d.light.label if d.light else "—"), ("预警", d.warning or ""), ("风险", "、".join(d.risk_flags)),
        ("结果", d.result or ""), ("司法确认", _confirmation(detail)), ("案情", d.facts), ("请求", detail.claims or ""),
    ]:
        if value:
            print(f"  {label}：{value}")
    print("当事人：")
    for p in detail.parties:
        linked = "（台账）" if p.person_id else ""
        print(f"  {p.role} {p.name}{linked} {mask_phone(p.phone) if p.phone else ''}".rstrip())
    _records("调解记录", [f"{_local(s['at'], tz)} {s['record']} {s['result'] or ''}" for s in detail.sessions])
    if detail.agreement:
        print(f"协议（{detail.agreement['kind']}）：")
        for term in detail.agreement["terms"]:
            print(f"  {term}")
    _records("履行义务", [f"{o['seq']}. {o['what']} 期限 {o['due_on']} "
                          f"{'已履行' if o['fulfilled_at'] else (o['light'].label if o['light'] else '')}"
                          for o in detail.obligations])
    _records("回访", [f"{_local(v['at'], tz)} {v['visitor']} {v['content']}" for v in detail.visits])
    _records("移交", [f"{t['kind']} → {t['to']} {_local(t['sent_at'], tz)} "
                      f"{'已回执' if t['received_at'] else ''} {t['outcome'] or ''}".rstrip() for t in detail.transfers])
    _records("关联案件", [c["case_no"] for c in detail.cases])
    _records("卷宗", [f"{'✔' if c.present else ('✘' if c.required else '·')} {c.name}" for c in detail.checklist])
    _records("办理过程", [f"{e['seq']:>2}. {_local(e['at'], tz)} {e['action_label']} {e['actor']} {e['note'] or ''}"
                          .rstrip() for e in detail.events])


def _confirmation(detail: DisputeDetail) -> str:
    d = detail.dispute
    if detail.confirmation_status:
        return {"applied": "已申请", "confirmed": "已确认有效", "rejected": "已驳回"}[detail.confirmation_status]
    if d.confirmation_due_on is None:
        return ""
    left = detail.confirmation_days_left
    return f"申请期限至 {d.confirmation_due_on}" + (f"（剩 {left} 天）" if left is not None else "")


def _records(title: str, lines: list[str]) -> None:
    if lines:
        print(f"{title}：")
        for line in lines:
            print(f"  {line}")


def print_table_text(table: MonthlyTable) -> None:
    s, y = table.screening, table.screening_year
    print(f"矛盾纠纷排查调处情况表 {table.year}年{table.month}月")
    print(f"排查次数 {s.reports}  发现纠纷 {s.found}  预防纠纷 {s.prevented}（年度累计 {y.reports} / {y.found} / {y.prevented}）")
    keys = [k for k, _ in COLUMNS]
    headings = ["类型"] + [label for _, label in COLUMNS]
    for title, rows in (("本月", table.by_type), ("年度累计", table.by_type_year),
                        ("本月按层级", table.by_level), ("年度累计按层级", table.by_level_year)):
        print(f"\n{title}")
        print_table(headings, [[r.label] + [f"{r.values[k]:g}" for k in keys] for r in rows])
