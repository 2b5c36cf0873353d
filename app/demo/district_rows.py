"""Writing a generated demo district and its staff into the database."""

from __future__ import annotations

import random
import uuid

from sqlalchemy.orm import Session

from app.demo.geography import District
from app.demo.people_names import person_name, phone_number, staff_for_grid
from db.ids import uuid7
from db.schema import Region, Staff

CENTER_ROLES = (("dispatcher", "派遣员", 6), ("shift_leader", "值班长", 2), ("supervisor", "监督员", 6),
                ("leader", "分管领导", 1))


def _region(level: str, area, parent_id: uuid.UUID | None) -> Region:
    min_lon, min_lat, max_lon, max_lat = area.bounds
    return Region(
        id=uuid7(), code=area.code, name=area.name, level=level, parent_id=parent_id,
        boundary=area.geojson, min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat,
        area_m2=round(area.area_m2, 1),
    )


def write_district(session: Session, district: District) -> tuple[dict[str, uuid.UUID], uuid.UUID]:
    """Insert the district, streets, communities and grids; return grid code → id, and the
    district's own id."""
    grid_ids: dict[str, uuid.UUID] = {}
    top = _region("district", district, None)
    rows = [top]
    for street in district.streets:
        street_row = _region("street", street, top.id)
        rows.append(street_row)
        for community in street.communities:
            community_row = _region("community", community, street_row.id)
            rows.append(community_row)
            for grid in community.grids:
                grid_row = _region("grid", grid, community_row.id)
                rows.append(grid_row)
                grid_ids[grid.code] = grid_row.id
    session.add_all(rows)
    return grid_ids, top.id


def write_staff(session: Session, rng: random.Random, district: District,
                grid_ids: dict[str, uuid.UUID]) -> dict[str, list[str]]:
    """Insert five or more staff per grid plus the command center's own; return role → logins."""
    by_role: dict[str, list[str]] = {}
    rows = []
    for grid in district.all_grids():
        for seed in staff_for_grid(rng, grid.code, grid.name):
            rows.append(Staff(login=seed.login, name=seed.name, role=seed.role, phone=seed.phone,
                              grid_id=grid_ids[grid.code]))
            by_role.setdefault(seed.role, []).append(seed.login)
    for role, _label, count in CENTER_ROLES:
        for n in range(1, count + 1):
            login = f"{role}{n:02d}"
            rows.append(Staff(login=login, name=person_name(rng), role=role, phone=phone_number(rng)))
            by_role.setdefault(role, []).append(login)
    session.add_all(rows)
    return by_role
