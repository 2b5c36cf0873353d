"""Reading one dispute whole: the card's parties, records, agreement, countdowns, file and history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import WorkingCalendar
from app.mediation.clocks import days_left, light_of
from app.mediation.files import checklist
from app.mediation.queries import base_select, view_columns, view_from_row
from app.mediation.rules import MediationRules
from app.mediation.states import ACTION_LABELS, DisputeAction, DisputeStatus
from app.mediation.views import DisputeDetail, DisputeView, PartyView
from app.mediation.workflow import allowed_actions
from db.schema import (
    Case, Dispute, DisputeCaseLink, DisputeDocument, DisputeEvent, DisputeInvestigation, DisputeObligation,
    DisputeParty, DisputeTransfer, DisputeVisit, MediationAgreement, MediationSession,
)


def read_view(session: Session, dispute_id, rules: MediationRules, tz, now: datetime) -> DisputeView:
    row = session.execute(base_select(*view_columns()).where(Dispute.id == dispute_id)).one()
    return view_from_row(row, now, tz, flag_names(rules))


def flag_names(rules: MediationRules) -> dict[str, str]:
    return {code: flag.name for code, flag in rules.flags.items()}


def file_checklist(session: Session, row: Dispute, rules: MediationRules):
    """The dispute's checklist lines as its events and documents stand."""
    actions = set(session.scalars(select(DisputeEvent.action).where(DisputeEvent.dispute_id == row.id)))
    documents = set(session.scalars(select(DisputeDocument.item).where(DisputeDocument.dispute_id == row.id)))
    return checklist(rules.file_items, result=row.result, actions=actions, documents=documents)


def read_detail(session: Session, row: Dispute, rules: MediationRules, calendar: WorkingCalendar,
                now: datetime) -> DisputeDetail:
    """Everything about one dispute, lit and counted down at `now`."""
    tz = calendar.tz
    view = read_view(session, row.id, rules, tz, now)
    rule = rules.limits.get((row.limit_code or "default").removesuffix("@wd"))
    of = row.id
    agreement = session.scalar(select(MediationAgreement).where(MediationAgreement.dispute_id == of))
    status = DisputeStatus(row.status)
    confirmation_left = (days_left(row.confirmation_due_at, now, calendar)
                         if status == DisputeStatus.AGREED and row.confirmation_status is None else None)
    return DisputeDetail(
        dispute=view, claims=row.claims, channel=row.channel, referring_body=row.referring_body,
        referring_no=row.referring_no, location=row.location, arose_at=row.arose_at, arose_place=row.arose_place,
        people_involved=row.people_involved, invited=tuple(row.invited or ()),
        limit=rule.text if rule else None, mediation_due_at=row.mediation_due_at,
        days_left=days_left(row.mediation_due_at, now, calendar) if row.running_since else None,
        confirmation_status=row.confirmation_status, confirmation_days_left=confirmation_left,
        performed_at=row.performed_at, closed_at=row.closed_at, filed_at=row.filed_at,
        allowed_actions=[a.value for a in allowed_actions(status)],
        parties=[_party(p) for p in _all(session, DisputeParty, of, DisputeParty.seq)],
        sessions=[{"seq": s.seq, "at": s.at, "place": s.place, "attendees": s.attendees, "record": s.record,
                   "result": s.result, "mediator": s.mediator}
                  for s in _all(session, MediationSession, of, MediationSession.seq)],
        investigations=[{"at": i.at, "place": i.place, "investigator": i.investigator, "subject": i.subject,
                         "content": i.content, "recorder": i.recorder}
                        for i in _all(session, DisputeInvestigation, of, DisputeInvestigation.at)],
        agreement=_agreement(agreement, row) if agreement else None,
        obligations=[{"seq": o.seq, "obligor": o.obligor, "what": o.what, "amount": o.amount, "due_on": o.due_on,
                      "fulfilled_at": o.fulfilled_at, "evidence": o.evidence,
                      "light": light_of(is_open=o.fulfilled_at is None, yellow_at=o.yellow_at, red_at=o.red_at,
                                        now=now)}
                     for o in _all(session, DisputeObligation, of, DisputeObligation.seq)],
        visits=[{"at": v.at, "visitor": v.visitor, "content": v.content, "satisfied": v.satisfied}
                for v in _all(session, DisputeVisit, of, DisputeVisit.at)],
        transfers=[{"seq": t.seq, "kind": t.kind, "from": t.from_body, "to": t.to_body, "sent_at": t.sent_at,
                    "ref_no": t.ref_no, "received_at": t.received_at, "received_by": t.received_by,
                    "outcome": t.outcome, "outcome_at": t.outcome_at}
                   for t in _all(session, DisputeTransfer, of, DisputeTransfer.seq)],
        documents=[{"item": d.item, "title": d.title, "added_at": d.added_at, "actor": d.actor}
                   for d in _all(session, DisputeDocument, of, DisputeDocument.added_at)],
        cases=[{"case_no": case_no, "origin": origin} for case_no, origin in session.execute(
            select(Case.case_no, DisputeCaseLink.origin).join(Case, Case.id == DisputeCaseLink.case_id)
            .where(DisputeCaseLink.dispute_id == of).order_by(Case.case_no))],
        checklist=file_checklist(session, row, rules),
        events=[{"seq": e.seq, "action": e.action, "action_label": _label(e.action), "actor": e.actor, "at": e.at,
                 "note": e.note, "from_status": e.from_status, "to_status": e.to_status, "data": e.data}
                for e in _all(session, DisputeEvent, of, DisputeEvent.seq)],
    )


def _all(session: Session, model, dispute_id, order):
    return session.scalars(select(model).where(model.dispute_id == dispute_id).order_by(order)).all()


def _label(action: str) -> str:
    try:
        return ACTION_LABELS[DisputeAction(action)]
    except ValueError:
        return action


def _party(p: DisputeParty) -> PartyView:
    return PartyView(seq=p.seq, role=p.role, kind=p.kind, name=p.name, person_id=p.person_id, sex=p.sex,
                     ethnicity=p.ethnicity, age=p.age, occupation=p.occupation, phone=p.phone, address=p.address,
                     id_number=p.id_number, representative=p.representative)


def _agreement(agreement: MediationAgreement, row: Dispute) -> dict:
    return {"kind": agreement.kind, "facts": agreement.facts,
            "terms": [f"{n}. {term}" for n, term in enumerate(agreement.terms, start=1)],
            "performance": agreement.performance, "copies": agreement.copies, "signed_at": agreement.signed_at,
            "effective_at": row.effective_at, "confirmation_due_at": row.confirmation_due_at,
            "confirmation_status": row.confirmation_status}


__all__ = ["file_checklist", "flag_names", "read_detail", "read_view"]
