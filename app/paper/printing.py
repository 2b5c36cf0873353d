"""Printing cases: read, decide what may be shown, audit, build the PaperDocument.

What the command line and the desktop both call. Every print of personal data is audited:
one `print` entry per case printed (who, from which workstation, which document), and when the
printing account may print personal data (print.personal; a viewer named only by a login: who may
reveal, app.people.privacy) the reporter's phone is printed in clear with a `reveal` entry of its
own; everyone else prints it masked. The cases and disputes printed are those the service's
account may see.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.attachments import list_attachments
from app.cases.cards import get_card
from app.cases.errors import CaseError
from app.cases.queries import CaseFilter
from app.cases.service import CaseService
from app.cases.states import CaseStatus
from app.cases.views import CaseDetail
from app.mediation.service import MediationService
from app.mediation.views import PartyView
from app.paper.case_sheet import case_section
from app.paper.notices import agreement_section, card_section, is_oral
from app.paper.document import PaperDocument
from app.paper.templates import read_text, settings
from app.people.privacy import Viewer, mask_id_number, mask_phone
from db.schema import Dispute, Region
from db.schema.audit import audit_entry

#: most case sheets one `print cases` makes (about 200 pages: a ream's worth)
MAX_BATCH = 200
PRINT_ACTION = "print"
#: printing phones and ID numbers in clear (a logged-in account's role must hold it)
CLEAR_PERMISSION = "print.personal"


class TooManyCases(CaseError):
    """More cases match than the batch may hold (the message says how many and the limit)."""


@dataclass(frozen=True)
class Printed:
    """A document ready to render and what it holds."""

    document: PaperDocument
    count: int


def district_name(session: Session) -> str:
    """The district for the heading: paper.json's `district`, else the database's district region."""
    configured = (settings().get("district") or "").strip()
    if configured:
        return configured
    name = session.scalar(select(Region.name).where(Region.level == "district", Region.deleted_at.is_(None))
                          .order_by(Region.code).limit(1))
    return name or settings().get("center", "")


def case_sheet(service: CaseService, case_no: str, viewer: Viewer) -> PaperDocument:
    """The sheet of one case, audited."""
    return _sheets(service, [case_no], viewer, title=settings()["headings"]["case"])


def case_sheets(service: CaseService, status: str, viewer: Viewer, *, limit: int = MAX_BATCH) -> Printed:
    """The sheets of every case in `status` (oldest first), one per page; TooManyCases past `limit`."""
    flt = CaseFilter(status=(status,))
    found = service.count(flt)
    if found > limit:
        raise TooManyCases(f"状态为“{_label(status)}”的案件有 {found} 件，超过本次最多打印的 {limit} 件；"
                           f"请用 --limit 放宽（最多 {MAX_BATCH}）或先按其他条件筛选")
    if not found:
        raise CaseError(f"没有状态为“{_label(status)}”的案件可打印")
    numbers = [view.case_no for view in reversed(service.list(flt, limit=limit))]
    document = _sheets(service, numbers, viewer, title=settings()["headings"]["cases"])
    return Printed(document, len(numbers))


def _label(status: str) -> str:
    try:
        return CaseStatus(status).label
    except ValueError:
        return status


def _sheets(service: CaseService, numbers: list[str], viewer: Viewer, *, title: str) -> PaperDocument:
    config = service.config()
    now = service.now()
    details = [service.get(number) for number in numbers]
    with service.database.write() as session:
        reveal = viewer.may_output_clear(session, CLEAR_PERMISSION)
        district = district_name(session)
        for detail in details:
            _audit_case(session, detail, viewer, reveal)
    sections, images = [], {}
    for index, detail in enumerate(details):
        phone = detail.reporter_phone if reveal else mask_phone(detail.reporter_phone)
        section, pictures = case_section(
            detail, phone=phone, attachments=list_attachments(service, detail.case.case_no), tz=config.tz, now=now,
            standard_day_seconds=config.calendar.office_hours.standard_day_seconds, new_page=index > 0)
        sections.append(section)
        images.update(pictures)
    return PaperDocument(title=title, district=district, printed_at=now.astimezone(config.tz),
                         printed_by=viewer.actor, sections=sections, images=images, stylesheet=read_text("paper.css"))


def _audit_case(session: Session, detail: CaseDetail, viewer: Viewer, reveal: bool) -> None:
    case_id = detail.case.id
    session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action=PRINT_ACTION, entity="case",
                            entity_id=case_id, detail={"document": "case_sheet", "case_no": detail.case.case_no,
                                                       "phone": "clear" if reveal else "masked"}))
    if reveal and detail.reporter_phone:
        session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action="reveal", entity="case",
                                entity_id=case_id, detail={"field": "reporter_phone", "via": "print"}))


def card_notice(service: CaseService, card_id: str, viewer: Viewer) -> PaperDocument:
    """The 督办通知单 of one supervision card, audited."""
    card = get_card(service, card_id)
    case = service.view(card.case_no)
    tz = service.config().tz
    with service.database.write() as session:
        district = district_name(session)
        session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action=PRINT_ACTION,
                                entity="supervision_card", entity_id=uuid.UUID(card.id),
                                detail={"document": "card", "case_no": card.case_no}))
    return PaperDocument(title=settings()["headings"]["card"], district=district,
                         printed_at=service.now().astimezone(tz), printed_by=viewer.actor,
                         sections=[card_section(card, case, tz)], stylesheet=read_text("paper.css"))


def agreement(service: MediationService, dispute_no: str, viewer: Viewer) -> PaperDocument:
    """The agreement of a dispute (人民调解协议书, or 口头协议登记表 for an oral one), audited.

    Parties' ID numbers and phones are printed in clear for a viewer who may reveal (the agreement
    is signed on this sheet), with a `reveal` entry; masked for everyone else.
    """
    detail = service.get(dispute_no)
    if detail.agreement is None:
        raise CaseError(f"纠纷 {dispute_no} 尚未达成调解协议，没有协议书可打印")
    tz = service.tz
    with service.database.write() as session:
        district = district_name(session)
        reveal = viewer.may_output_clear(session, CLEAR_PERMISSION)
        dispute_id = session.scalar(select(Dispute.id).where(Dispute.dispute_no == dispute_no))
        oral = is_oral(detail)
        session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action=PRINT_ACTION,
                                entity="dispute", entity_id=dispute_id,
                                detail={"document": "oral_agreement" if oral else "agreement",
                                        "dispute_no": dispute_no, "personal": "clear" if reveal else "masked"}))
        if reveal and not oral and any(p.phone or p.id_number for p in detail.parties):
            session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action="reveal",
                                    entity="dispute", entity_id=dispute_id,
                                    detail={"fields": ["id_number", "phone"], "via": "print"}))
    headings = settings()["headings"]
    return PaperDocument(title=headings["oral_agreement" if oral else "agreement"], district=district,
                         printed_at=service.now().astimezone(tz), printed_by=viewer.actor,
                         sections=[agreement_section(detail, tz, _shown(reveal))], stylesheet=read_text("paper.css"))


def _shown(reveal: bool):
    """How a party's phone or ID number is printed: in clear for a viewer who may reveal, else masked."""
    def shown(party: PartyView, field: str) -> str | None:
        value = getattr(party, field)
        if reveal or not value:
            return value
        return mask_phone(value) if field == "phone" else mask_id_number(value)
    return shown


__all__ = ["MAX_BATCH", "Printed", "TooManyCases", "agreement", "card_notice", "case_sheet", "case_sheets",
           "district_name"]
