"""The mediator register and the committees of the ladder: add them, list them with caseloads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.cases.errors import MissingInput
from app.mediation.states import LEVELS
from db.schema import Dispute, MediationCommittee, Mediator, Region


@dataclass(frozen=True, kw_only=True)
class MediatorView:
    id: uuid.UUID
    name: str
    committee: str | None
    level: int | None
    kind: str
    phone: str | None
    active: bool
    caseload: int


def add_committee(service, *, code: str, name: str, level: int, region: str | None = None) -> uuid.UUID:
    """Add a mediation committee at a rung of the ladder, covering a region (code or name)."""
    service.require("config.edit")
    if level not in LEVELS:
        raise MissingInput(f"调解组织层级应为 {'、'.join(f'{n} {v}' for n, v in LEVELS.items())}")
    with service.database.write() as session:
        region_id = None
        if region:
            region_id = session.scalar(select(Region.id).where(or_(Region.code == region, Region.name == region)))
            if region_id is None:
                raise MissingInput(f"找不到区域“{region}”")
        row = MediationCommittee(code=code, name=name, level=level, region_id=region_id)
        session.add(row)
        session.flush()
        committee_id = row.id
    service.reload_config()
    return committee_id


def add_mediator(service, *, name: str, committee: str | None = None, kind: str = "兼职",
                 phone: str | None = None) -> uuid.UUID:
    """Add a mediator to the register, in a committee (code or name)."""
    service.require("config.edit")
    committee_id = None
    if committee:
        found = service.config().rules.committee(committee)
        if found is None:
            raise MissingInput(f"找不到调解组织“{committee}”")
        committee_id = found.id
    with service.database.write() as session:
        row = Mediator(name=name.strip(), committee_id=committee_id, kind=kind, phone=phone)
        session.add(row)
        session.flush()
        return row.id


def mediators(service) -> list[MediatorView]:
    """The register with each mediator's caseload (open disputes assigned to them)."""
    load = (select(Dispute.mediator_id, func.count().label("n")).where(Dispute.is_open.is_(True))
            .group_by(Dispute.mediator_id).subquery())
    query = (select(Mediator, MediationCommittee.name, MediationCommittee.level, func.coalesce(load.c.n, 0))
             .outerjoin(MediationCommittee, MediationCommittee.id == Mediator.committee_id)
             .outerjoin(load, load.c.mediator_id == Mediator.id)
             .where(Mediator.deleted_at.is_(None)).order_by(MediationCommittee.level, Mediator.name))
    with service.database.read() as session:
        return [MediatorView(id=m.id, name=m.name, committee=c, level=lvl, kind=m.kind, phone=m.phone,
                             active=m.active, caseload=n) for m, c, lvl, n in session.execute(query)]
