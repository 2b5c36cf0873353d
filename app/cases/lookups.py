"""Choice lists for forms and filters: categories, grids, departments, sources, urgencies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.cases.service import CaseService
from db.schema import Region

SOURCES = ("网格员上报", "12345热线", "群众来访", "视频巡查", "部门移交", "领导交办")


@dataclass(frozen=True, kw_only=True)
class Choice:
    """One entry of a list: the key stored or filtered on, and the text shown."""

    key: str
    label: str
    group: str = ""


def category_choices(service: CaseService) -> list[Choice]:
    """Second-level categories, 'code name', grouped by their first level, in code order."""
    rules = service.config().rules
    parents = {c.id: c for c in rules.categories.values() if c.parent_id is None}
    children = sorted((c for c in rules.categories.values() if c.parent_id), key=lambda c: c.code)
    return [Choice(key=c.code, label=f"{c.code} {c.name}", group=parents[c.parent_id].name) for c in children]


def department_choices(service: CaseService) -> list[Choice]:
    """Every department by name (key: its code)."""
    return [Choice(key=d.code, label=d.name)
            for d in sorted(service.config().rules.departments.values(), key=lambda d: d.code)]


def grid_choices(service: CaseService) -> list[Choice]:
    """Every grid, 'community / grid', in code order (key: the grid code)."""
    with service.database.read() as session:
        communities = dict(session.execute(
            select(Region.id, Region.name).where(Region.level == "community")).all())
        rows = session.execute(
            select(Region.code, Region.name, Region.parent_id)
            .where(Region.level == "grid", Region.deleted_at.is_(None)).order_by(Region.code)).all()
    return [Choice(key=code, label=name, group=communities.get(parent, "")) for code, name, parent in rows]


def grid_id_for_code(service: CaseService, code: str):
    """The id of the grid with that code, or None."""
    with service.database.read() as session:
        return session.scalar(select(Region.id).where(Region.code == code, Region.level == "grid"))
