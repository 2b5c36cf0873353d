"""Reading one case in full: the row, its history, its cards, what may be done next."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import TimeUnit
from app.cases.clock import elapsed, remaining
from app.cases.errors import CaseNotFound
from app.cases.projection import clock_of
from app.cases.queries import base_select, view_columns, view_from_row
from app.cases.states import CaseStatus
from app.cases.views import CardView, CaseDetail, EventView
from app.cases.workflow import allowed_actions
from db.schema import Case, CaseEvent, Department, SupervisionCard

#: the stage limit that applies while a case is in a state
STAGE_OF_STATUS = {
    CaseStatus.REPORTED: "verify",
    CaseStatus.VERIFIED: "dispatch",
    CaseStatus.REGISTERED: "dispatch",
    CaseStatus.DISPATCHED: "accept",
    CaseStatus.HANDLING: "handle",
    CaseStatus.FEEDBACK: "check",
}


def read_detail(session: Session, case_no: str, config, now: datetime) -> CaseDetail:
    """A CaseDetail of the case numbered `case_no`, evaluated at `now`."""
    row = session.scalar(select(Case).where(Case.case_no == case_no, Case.deleted_at.is_(None)))
    if row is None:
        raise CaseNotFound(f"找不到案件“{case_no}”")
    view = view_from_row(session.execute(base_select(*view_columns()).where(Case.id == row.id)).one(), now)
    departments = dict(session.execute(select(Department.id, Department.name)).all())
    status = CaseStatus(row.status)
    clock = clock_of(row)
    category = config.rules.categories[row.category_id]
    suggested = departments.get(category.default_department_id)
    return CaseDetail(
        case=view, description=row.description, reporter_name=row.reporter_name,
        reporter_phone=row.reporter_phone, lon=row.lon, lat=row.lat,
        time_limit=_limit_text(row), remaining_seconds=remaining(clock, config.calendar, now) if status.is_open else None,
        elapsed_seconds=elapsed(clock, config.calendar, now),
        limit_is_working_time=TimeUnit(row.limit_unit).is_working,
        stage_due_at=_stage_due(row, status, config),
        rework_count=row.rework_count, escalation_level=row.escalation_level, urge_count=row.urge_count,
        allowed_actions=[a.value for a in allowed_actions(status)],
        suggested_department=suggested,
        events=_events(session, row, departments),
        cards=_cards(session, row, departments),
    )


def _limit_text(row: Case) -> str:
    amount = int(row.limit_amount) if float(row.limit_amount).is_integer() else row.limit_amount
    return f"{amount}{row.limit_unit}"


def _stage_due(row: Case, status: CaseStatus, config) -> datetime | None:
    stage = STAGE_OF_STATUS.get(status)
    if stage is None or row.stage_started_at is None:
        return None
    limit = config.rules.limit(row.category_id, row.urgency, stage)
    return config.calendar.due(row.stage_started_at, limit) if limit else None


def _events(session: Session, row: Case, departments: dict) -> list[EventView]:
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == row.id).order_by(CaseEvent.seq))
    return [
        EventView(seq=e.seq, action=e.action, action_label=_action_label(e.action), actor=e.actor, at=e.at,
                  note=e.note, from_status=e.from_status, to_status=e.to_status,
                  department=departments.get(e.department_id), data=e.data)
        for e in events
    ]


def _cards(session: Session, row: Case, departments: dict) -> list[CardView]:
    cards = session.scalars(
        select(SupervisionCard).where(SupervisionCard.case_id == row.id).order_by(SupervisionCard.issued_at)
    )
    return [
        CardView(id=str(c.id), color=c.color, origin=c.origin, reason=c.reason, issuer=c.issuer,
                 department=departments.get(c.department_id), issued_at=c.issued_at, reply=c.reply,
                 replied_at=c.replied_at)
        for c in cards
    ]


def _action_label(action: str) -> str:
    from app.cases.states import Action
    return Action(action).label
