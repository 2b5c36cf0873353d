"""Listing disputes: filters, the light as SQL, rows turned into views.

The docket's query: the newest first (or the soonest due), filtered by level, committee, type,
state, light, risk, community, mediator, dates or a search word, read a page at a time. The
light compares `now` with the stored thresholds in the database, as the case queue does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, Text, and_, case, cast, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from app.cases.lights import Light
from app.mediation.clocks import last_day, light_of
from app.mediation.states import LEVELS, STATUS_LABELS, DisputeStatus
from app.mediation.views import DisputeView
from db.schema import Dispute, DisputeParty, DisputeType, MediationCommittee, Mediator, Region

Community = aliased(Region, name="community")
_LABELS = {s.value: label for s, label in STATUS_LABELS.items()}


@dataclass(frozen=True, kw_only=True)
class DisputeFilter:
    """What a docket list asks for; every field is optional.

    `type_id` is one type of either list, `stat_type_id` a 司法部 type with every 综治 type
    counted under it (the service resolves both from a code or name); `risk` is a flag code,
    'alert' or a warning colour.
    """

    status: tuple[str, ...] = ()
    open_only: bool = False
    light: Light | None = None
    level: int | None = None
    committee_id: uuid.UUID | None = None
    type_id: uuid.UUID | None = None
    stat_type_id: uuid.UUID | None = None
    community_id: uuid.UUID | None = None
    mediator_id: uuid.UUID | None = None
    risk: str | None = None
    source: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    person_id: uuid.UUID | None = None
    search: str | None = None


def light_expression(now: datetime):
    """SQL for each dispute's light at `now` ('green'/'yellow'/'red', NULL when none)."""
    return case(
        (Dispute.is_open.is_(False), literal(None)),
        (Dispute.red_at <= now, literal("red")),
        (Dispute.yellow_at <= now, literal("yellow")),
        (Dispute.yellow_at.is_not(None), literal("green")),
        else_=literal(None),
    )


def _light_condition(light: Light, now: datetime):
    lit = and_(Dispute.is_open.is_(True), Dispute.red_at.is_not(None))
    if light == Light.RED:
        return and_(lit, Dispute.red_at <= now)
    if light == Light.YELLOW:
        return and_(lit, Dispute.yellow_at <= now, Dispute.red_at > now)
    return and_(lit, Dispute.yellow_at > now)


def _risk_condition(risk: str):
    if risk == "alert":
        return Dispute.alert.is_(True)
    if risk in ("红", "橙", "黄", "蓝"):
        return Dispute.warning == risk
    return cast(Dispute.risk_flags, Text).like(f'%"{risk}"%')


def filtered(query: Select, flt: DisputeFilter, now: datetime) -> Select:
    """Apply a DisputeFilter to a select over Dispute."""
    query = query.where(Dispute.deleted_at.is_(None))
    conditions = []
    if flt.status:
        conditions.append(Dispute.status.in_(flt.status))
    if flt.open_only:
        conditions.append(Dispute.is_open.is_(True))
    if flt.light is not None:
        conditions.append(_light_condition(flt.light, now))
    if flt.level is not None:
        conditions.append(Dispute.level == flt.level)
    if flt.committee_id is not None:
        conditions.append(Dispute.committee_id == flt.committee_id)
    if flt.type_id is not None:
        conditions.append(Dispute.type_id == flt.type_id)
    if flt.stat_type_id is not None:
        conditions.append(Dispute.stat_type_id == flt.stat_type_id)
    if flt.community_id is not None:
        conditions.append(Dispute.community_id == flt.community_id)
    if flt.mediator_id is not None:
        conditions.append(Dispute.mediator_id == flt.mediator_id)
    if flt.risk:
        conditions.append(_risk_condition(flt.risk))
    if flt.source:
        conditions.append(Dispute.source == flt.source)
    if flt.registered_from:
        conditions.append(Dispute.registered_at >= flt.registered_from)
    if flt.registered_to:
        conditions.append(Dispute.registered_at < flt.registered_to)
    if flt.person_id is not None:
        conditions.append(exists().where(DisputeParty.dispute_id == Dispute.id,
                                         DisputeParty.person_id == flt.person_id))
    if flt.search:
        pattern = f"%{flt.search.strip()}%"
        conditions.append(or_(Dispute.dispute_no.like(pattern), Dispute.facts.like(pattern),
                              Dispute.location.like(pattern)))
    return query.where(*conditions)


def view_columns():
    """The columns a DisputeView is built from, in the order `view_from_row` reads them."""
    return (
        Dispute.id, Dispute.dispute_no, Dispute.status, DisputeType.code, DisputeType.name, Dispute.level,
        MediationCommittee.name, Community.name, Dispute.source, Dispute.facts, Dispute.registered_at,
        Dispute.accepted_at, Dispute.due_at, Dispute.yellow_at, Dispute.red_at, Dispute.is_open, Dispute.overdue,
        Dispute.result, Dispute.confirmation_due_at, Dispute.warning, Dispute.risk_flags, Dispute.alert,
        Mediator.name, Dispute.amount, Dispute.version,
    )


def base_select(*columns) -> Select:
    """A select over disputes with their type, committee, community and mediator joined."""
    return (
        select(*columns)
        .select_from(Dispute)
        .outerjoin(DisputeType, DisputeType.id == Dispute.type_id)
        .outerjoin(MediationCommittee, MediationCommittee.id == Dispute.committee_id)
        .outerjoin(Community, Community.id == Dispute.community_id)
        .outerjoin(Mediator, Mediator.id == Dispute.mediator_id)
    )


def view_from_row(row, now: datetime, tz: ZoneInfo, flag_names: dict[str, str]) -> DisputeView:
    """A DisputeView from one row of `view_columns()`, lit at `now`."""
    (dispute_id, number, status, type_code, type_name, level, committee, community, source, facts,
     registered_at, accepted_at, due_at, yellow_at, red_at, is_open, overdue, result, confirmation_due_at,
     warning, flags, alert, mediator, amount, version) = row
    light = light_of(is_open=is_open, yellow_at=yellow_at, red_at=red_at, now=now)
    confirmation_open = confirmation_due_at is not None and status == DisputeStatus.AGREED.value
    return DisputeView(
        id=dispute_id, dispute_no=number, status=status, status_label=_LABELS[status], type_code=type_code,
        type=type_name, level=level, level_label=LEVELS.get(level, str(level)), committee=committee,
        community=community, source=source, facts=facts, registered_at=registered_at, accepted_at=accepted_at,
        due_at=due_at, light=light, overdue=bool(overdue) or (due_at is not None and is_open and now >= due_at),
        result=result, confirmation_due_at=confirmation_due_at if confirmation_open else None,
        confirmation_due_on=last_day(confirmation_due_at, tz) if confirmation_due_at else None,
        warning=warning, risk_flags=tuple(flag_names.get(code, code) for code in (flags or ())), alert=bool(alert),
        mediator=mediator, amount=amount, version=version,
    )


def list_select(flt: DisputeFilter, now: datetime, *, order: str = "newest", limit: int | None = None,
                offset: int = 0) -> Select:
    """The select behind every docket list: `order` 'newest' (registered) or 'due' (soonest due first)."""
    query = filtered(base_select(*view_columns()), flt, now)
    if order == "due":
        query = query.order_by(Dispute.due_at.is_(None), Dispute.due_at, Dispute.dispute_no)
    else:
        query = query.order_by(Dispute.registered_at.desc(), Dispute.id.desc())
    return query.offset(offset).limit(limit)


def count_select(flt: DisputeFilter, now: datetime) -> Select:
    return filtered(select(func.count()).select_from(Dispute), flt, now)
