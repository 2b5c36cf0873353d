"""Disputes, cases and persons together: open a case from a dispute, a dispute from a case,
link an existing case, and list a person's or a case's disputes. Each link is kept both ways
(dispute_case_links) and each opening is an event on the dispute."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.cases.drafts import CaseDraft
from app.cases.errors import CaseNotFound, MissingInput
from app.cases.service import CaseCreator, CaseService
from app.cases.states import CaseStatus
from app.mediation.drafts import ActionInputs, DisputeDraft
from app.mediation.effects import Act
from app.mediation.queries import DisputeFilter
from app.mediation.registration import DisputeRegistrar
from app.mediation.states import DisputeAction
from app.mediation.views import DisputeView
from db.schema import Case, Dispute, DisputeCaseLink


def link_case(act: Act) -> dict:
    """The `link_case` action: join an existing case (`inputs.case_no`) to the dispute."""
    case_no = (act.inputs.case_no or "").strip()
    case_id = act.session.scalar(select(Case.id).where(Case.case_no == case_no))
    if case_id is None:
        raise CaseNotFound(f"找不到案件“{case_no}”")
    exists = act.session.scalar(select(DisputeCaseLink.id).where(DisputeCaseLink.dispute_id == act.row.id,
                                                                 DisputeCaseLink.case_id == case_id))
    if exists is None:
        act.session.add(DisputeCaseLink(dispute_id=act.row.id, case_id=case_id,
                                        origin=act.inputs.extra.get("origin", "link"), actor=act.actor))
    return {"case_no": case_no}


def open_case(service, dispute_no: str, *, actor: str, category: str, urgency: str = "一般",
              description: str | None = None) -> str:
    """Open a case (registered, waiting for dispatch) from a dispute and link them; the case number."""
    from app.mediation.service import apply_action

    service.require("dispute.link_case", dispute_no)
    cases = CaseService(service.database, now=service.now, workstation=service.workstation,
                        principal=service.principal)
    cases.require("case.report")
    case_config, config = cases.config(), service.config()
    with service.database.write() as session:
        row = service.find(session, dispute_no)
        draft = CaseDraft(source="矛盾纠纷调解", category=category, description=description or row.facts,
                          title=f"纠纷{row.dispute_no}转办"[:40], reported_at=service.now(), urgency=urgency,
                          address=row.location, grid_id=row.grid_id, status=CaseStatus.REGISTERED)
        case = CaseCreator(session, case_config, service.now(), service.workstation).create(draft, actor)
        session.flush()
        apply_action(session, row, DisputeAction.LINK_CASE,
                     ActionInputs(case_no=case.case_no, note="由纠纷开立案件", extra={"origin": "dispute"}),
                     actor=actor, config=config, at=max(service.now(), row.registered_at),
                     workstation=service.workstation)
        return case.case_no


def open_from_case(service, case_no: str, draft: DisputeDraft, *, actor: str) -> DisputeView:
    """Register a dispute from a case (its facts, place and grid unless the draft says otherwise) and link them."""
    from app.mediation.service import apply_action

    service.require("dispute.register")
    service.require("dispute.link_case")
    cases = CaseService(service.database, now=service.now, principal=service.principal)
    config = service.config()
    with service.database.write() as session:
        case = cases.case_row(session, case_no)
        if not draft.facts and not case.description:
            raise MissingInput("纠纷需要简要案情")
        grid = draft.grid
        if grid is None and case.grid_id is not None and draft.community is None:
            from db.schema import Region
            grid = session.scalar(select(Region.code).where(Region.id == case.grid_id))
        filled = DisputeDraft(**{**draft.__dict__, "facts": draft.facts or case.description,
                                 "location": draft.location or case.address, "grid": grid})
        row = DisputeRegistrar(session, config.rules, config.calendar, service.now(), service.workstation) \
            .register(filled, actor)
        apply_action(session, row, DisputeAction.LINK_CASE,
                     ActionInputs(case_no=case_no, note="由案件开立纠纷", extra={"origin": "case"}),
                     actor=actor, config=config, at=max(service.now(), row.registered_at),
                     workstation=service.workstation)
        dispute_id = row.id
    return service._view_by_id(dispute_id)


def disputes_of_person(service, person_id: uuid.UUID) -> list[DisputeView]:
    """The disputes in which a ledger person is a party (the person card's list), newest first."""
    return service.list(DisputeFilter(person_id=person_id))


def disputes_of_case(service, case_no: str) -> list[DisputeView]:
    """The disputes linked to a case (the case detail's list)."""
    with service.database.read() as session:
        ids = session.scalars(service.scoped(
            select(DisputeCaseLink.dispute_id).join(Case, Case.id == DisputeCaseLink.case_id)
            .join(Dispute, Dispute.id == DisputeCaseLink.dispute_id).where(Case.case_no == case_no))).all()
    return [service._view_by_id(i) for i in ids]
