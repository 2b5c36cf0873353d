"""The district's structure: regions down to grids, departments, staff."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable

REGION_LEVELS = ("district", "street", "community", "grid")


class Region(Editable, Base):
    """A unit of the hierarchy 区 → 街道 → 社区 → 网格; `level` says which.

    The boundary is GeoJSON geometry (WGS-84) so both SQLite and PostgreSQL hold it as is;
    the bounding box columns let the map and point lookup skip far-away polygons.
    """

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)
    boundary: Mapped[dict | None] = mapped_column(JSON, default=None)
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    area_m2: Mapped[float | None] = mapped_column(Float)
    households: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[int | None] = mapped_column(Integer)


class Department(Editable, Base):
    """A department (职能部门), street office or public-service company that handles cases."""

    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="department")
    phone: Mapped[str | None] = mapped_column(String(32))


class Staff(Editable, Base):
    """A person who works cases: grid worker, supervisor, dispatcher, handler, leader.

    A staff member with a password (db.schema.accounts.AccountSecret) is an account. What an
    account sees is its scope: `scope_region_id` (a district, street, community or grid and
    everything under it) or `scope_department_id` (the cases dispatched to that department);
    neither means the whole district. A disabled account cannot log in; its history stays.
    """

    __tablename__ = "staff"

    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(32), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)
    scope_region_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"))
    scope_department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
