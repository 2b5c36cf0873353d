"""Turning what a user picks by name (type, committee, community, mediator, level, light) into a
DisputeFilter of ids; an unknown name is refused naming it."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.cases.errors import MissingInput
from app.cases.lights import Light
from app.mediation.ladder import level_number
from app.mediation.queries import DisputeFilter
from db.schema import Mediator, Region


def resolve_filter(service, *, type=None, committee=None, community=None, mediator=None, level=None,
                   light=None, **plain) -> DisputeFilter:
    """A DisputeFilter; `plain` holds the fields that need no lookup (status, risk, dates …)."""
    rules = service.config().rules
    values = dict(plain)
    if type:
        found = rules.type(type)
        if found is None:
            raise MissingInput(f"未知的纠纷类型“{type}”")
        values["stat_type_id" if found.scheme == "sfb" else "type_id"] = found.id
    if committee:
        found = rules.committee(committee)
        if found is None:
            raise MissingInput(f"找不到调解组织“{committee}”")
        values["committee_id"] = found.id
    if level is not None and level != "":
        values["level"] = level_number(level)
    if light:
        try:
            values["light"] = Light(light)
        except ValueError:
            raise MissingInput(f"亮灯“{light}”无效，应为 red、yellow 或 green") from None
    with service.database.read() as session:
        if community:
            found = session.scalar(select(Region.id).where(Region.level == "community",
                                                           or_(Region.code == community, Region.name == community)))
            if found is None:
                raise MissingInput(f"找不到社区/村“{community}”")
            values["community_id"] = found
        if mediator:
            found = session.scalar(select(Mediator.id).where(Mediator.name == mediator).limit(1))
            if found is None:
                raise MissingInput(f"调解员名册中找不到“{mediator}”")
            values["mediator_id"] = found
    return DisputeFilter(**values)
