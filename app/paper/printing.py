"""Printing cases: read, decide what may be shown, audit, build the PaperDocument.

What the command line and the desktop both call. Every print of personal data is audited:
one `print` entry per case printed (who, from which workstation, which document), and when the
printing user may reveal (app.people.privacy) the reporter's phone is printed in clear with a
`reveal` entry of its own; everyone else prints it masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.attachments import list_attachments
from app.cases.errors import CaseError
from app.cases.queries import CaseFilter
from app.cases.service import CaseService
from app.cases.views import CaseDetail
from app.paper.case_sheet import case_section
from app.paper.document import PaperDocument
from app.paper.templates import read_text, settings
from app.people.privacy import Viewer, mask_phone
from db.schema import Region
from db.schema.audit import audit_entry

#: most case sheets one `print cases` makes (about 200 pages: a ream's worth)
MAX_BATCH = 200
PRINT_ACTION = "print"


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
        raise TooManyCases(f"状态为“{status}”的案件有 {found} 件，超过本次最多打印的 {limit} 件；"
                           f"请用 --limit 放宽（最多 {MAX_BATCH}）或先按其他条件筛选")
    if not found:
        raise CaseError(f"没有状态为“{status}”的案件可打印")
    numbers = [view.case_no for view in reversed(service.list(flt, limit=limit))]
    document = _sheets(service, numbers, viewer, title=settings()["headings"]["cases"])
    return Printed(document, len(numbers))


def _sheets(service: CaseService, numbers: list[str], viewer: Viewer, *, title: str) -> PaperDocument:
    config = service.config()
    now = service.now()
    details = [service.get(number) for number in numbers]
    with service.database.write() as session:
        reveal = viewer.may_reveal(session)
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


__all__ = ["MAX_BATCH", "Printed", "TooManyCases", "case_sheet", "case_sheets", "district_name"]
