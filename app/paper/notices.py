"""The supervision notice (督办通知单) and the mediation agreement (人民调解协议书 / 口头协议登记表).

Built from the read models the screens show (CardItem with its case, DisputeDetail); the
agreement follows the layout the 司法部 formats prescribe: heading and number, one block per
party, facts and points in dispute, numbered terms, manner, place and deadline of performance,
copies (parties + 1, as recorded), signature and seal lines, date, the judicial-confirmation note.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from app.cases.cards import CardItem
from app.cases.views import CaseView
from app.mediation.views import DisputeDetail, PartyView
from app.paper.document import Section
from app.paper.tables import EMPTY, chinese_date, light_html, when
from app.paper.templates import Html, escape, fill, settings

ORAL = "口头"
BLANK = "＿＿＿＿＿＿"
INDENT = '<p style="white-space: pre-wrap">　　'  # two full-width spaces, kept


def card_section(card: CardItem, case: CaseView, tz: ZoneInfo) -> Section:
    """The notice of one supervision card, addressed to the case's responsible department."""
    paper = settings()
    html = fill(
        "card.html", heading=paper["headings"]["card"], label=card.label, card_no=card.id[:8].upper(),
        department=card.department or case.department or "责任单位", reason=card.reason,
        reply_days=paper.get("card_reply_days", 3), case_no=card.case_no, status=case.status_label,
        title=case.title, category=case.category, grid=case.grid or EMPTY, address=case.address or EMPTY,
        due_at=when(case.due_at, tz), light=light_html(case.light, "" if case.light else "已办结"),
        issuer=card.issuer, issued_at=when(card.issued_at, tz),
        reply=f"{card.reply}（{when(card.replied_at, tz)}）" if card.reply else "（待回复）",
        seal=paper["seal"], issued_date=chinese_date(card.issued_at, tz),
    )
    return Section(html=html)


def is_oral(detail: DisputeDetail) -> bool:
    return bool(detail.agreement) and detail.agreement["kind"] == ORAL


def agreement_section(detail: DisputeDetail, tz: ZoneInfo, shown: Callable[[PartyView, str], str | None]) -> Section:
    """The agreement of a dispute; `shown(party, field)` gives the phone or ID number as it may be printed."""
    agreement = detail.agreement
    paper = settings()
    dispute = detail.dispute
    committee = dispute.committee or "人民调解委员会"
    common = dict(committee=committee, dispute_no=dispute.dispute_no, facts=agreement["facts"] or dispute.facts,
                  claims=detail.claims or EMPTY, performance=agreement["performance"] or EMPTY,
                  obligations=_obligations(detail), signed_date=chinese_date(agreement["signed_at"], tz))
    if is_oral(detail):
        html = fill("oral_agreement.html", heading=paper["headings"]["oral_agreement"],
                    party_names="；".join(f"{p.role} {p.name}" for p in detail.parties), type=dispute.type,
                    terms=Html("<br/>".join(escape(t) for t in agreement["terms"])),
                    mediator=dispute.mediator or EMPTY, **common)
    else:
        html = fill("agreement.html", heading=paper["headings"]["agreement"],
                    parties=_parties(detail.parties, shown),
                    terms=Html("".join(f"{INDENT}{escape(term)}</p>" for term in agreement["terms"])),
                    copies=agreement["copies"], confirmation_note=paper["confirmation_note"],
                    signatures=_signature_rows(detail.parties), **common)
    return Section(html=html)


def _parties(parties: list[PartyView], shown) -> Html:
    """One block per party: 姓名/名称, sex, ethnicity, age, occupation, ID number, contact, address.

    Particulars not recorded are left as a blank to fill in by hand at signing.
    """
    blocks = []
    for party in parties:
        if party.kind == "legal":
            fields = [("法定代表人或负责人", party.representative), ("住所", party.address),
                      ("联系电话", shown(party, "phone"))]
            lead = [party.name]
        else:
            fields = [("职业", party.occupation), ("身份证号", shown(party, "id_number")),
                      ("联系电话", shown(party, "phone")), ("住址", party.address)]
            lead = [party.name, party.sex, party.ethnicity, f"{party.age}岁" if party.age is not None else None]
        text = "，".join([value for value in lead if value] + [f"{label}：{value or BLANK}" for label, value in fields])
        blocks.append(f"<p>{escape(party.role)}：{escape(text)}</p>")
    return Html("".join(blocks))


def _signature_rows(parties: list[PartyView]) -> Html:
    cells = [f"<td width=\"50%\">{escape(p.role)}（签名、盖章或按指印）：{BLANK}</td>" for p in parties]
    if len(cells) % 2:
        cells.append("<td></td>")
    return Html("".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2)))


def _obligations(detail: DisputeDetail) -> Html:
    """The recorded obligations (who, what, amount, by when), under the performance text."""
    if not detail.obligations:
        return Html("")
    rows = []
    for o in detail.obligations:
        amount = f"，金额 {o['amount']:,.2f} 元" if o.get("amount") else ""
        rows.append(f"{INDENT}{escape(o['seq'])}. {escape(o['obligor'] or '')} {escape(o['what'])}{escape(amount)}，"
                    f"于 {escape(chinese_date(o['due_on']))} 前履行。</p>")
    return Html("".join(rows))

