"""The district itself: the one region at level "district", with its name and code.

Set by the first-run wizard and the settings' 辖区 tab; the streets, communities and grids
imported from GeoJSON (app.geo.grid_import) hang below it. A code is the administrative
division code the district is known by (six digits, e.g. 110105), or any short code of letters
and digits a district already uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.audit.changes import changed_fields
from db.engine import Database
from db.errors import DatabaseError
from db.schema import Region
from db.schema.audit import audit_entry

NAME_MAX = 100  # Region.name column width
CODE_MAX = 32  # Region.code column width
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*$")


class DistrictError(DatabaseError):
    """A district name or code that cannot be stored (the message says which and why)."""


@dataclass(frozen=True, kw_only=True)
class District:
    name: str
    code: str


def validate_district(name: str, code: str) -> District:
    """The trimmed name and code, or DistrictError naming what is wrong."""
    name, code = (name or "").strip(), (code or "").strip()
    if not name:
        raise DistrictError("请填写辖区名称")
    if len(name) > NAME_MAX:
        raise DistrictError(f"辖区名称太长：最多 {NAME_MAX} 个字")
    if not code:
        raise DistrictError("请填写辖区代码（如行政区划代码 110105）")
    if len(code) > CODE_MAX or not _CODE.match(code):
        raise DistrictError(f"辖区代码“{code}”不正确：只能用字母、数字、“-”和“_”，最多 {CODE_MAX} 位")
    return District(name=name, code=code)


def get_district(database: Database) -> District | None:
    """The district as stored (None before it was set)."""
    with database.read() as session:
        row = session.scalars(select(Region).where(Region.level == "district", Region.deleted_at.is_(None))
                              .order_by(Region.created_at).limit(1)).first()
    return None if row is None else District(name=row.name, code=row.code)


def set_district(database: Database, name: str, code: str, *, actor: str,
                 workstation: str | None = None, principal: Principal = SYSTEM) -> District:
    """Create the district region or rename/recode it; DistrictError when the code belongs to
    another region (a street or grid imported earlier). The acting `principal` needs config.edit
    (SYSTEM: the first-run wizard, before any account exists)."""
    require(database, principal, "config.edit", entity="settings")
    district = validate_district(name, code)
    with database.write() as session:
        row = session.scalars(select(Region).where(Region.level == "district", Region.deleted_at.is_(None))
                              .order_by(Region.created_at).limit(1)).first()
        holder = session.scalars(select(Region).where(Region.code == district.code)).first()
        if holder is not None and holder is not row:
            if holder.level != "district":
                raise DistrictError(f"代码“{district.code}”已是另一区域（{holder.name}）的编码，请换一个")
            row, holder.deleted_at = holder, None
        before = {"name": None, "code": None} if row is None else {"name": row.name, "code": row.code}
        if row is None:
            row = Region(code=district.code, name=district.name, level="district")
            session.add(row)
        else:
            row.code, row.name = district.code, district.name
        session.flush()
        changes = changed_fields(before, {"name": district.name, "code": district.code})
        session.add(audit_entry(actor=actor, workstation=workstation, action="update", entity="region",
                                entity_id=row.id, detail={"level": "district", "code": district.code,
                                                          "changes": changes}))
    return district
