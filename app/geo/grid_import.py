"""Importing grid (or community, street) boundaries from a GeoJSON file into the regions table.

The file is read and checked first (app.geo.grid_file); then, in ONE transaction, parent codes
are resolved, each feature creates or updates the region with its code (boundary, name,
parent, bounding box, area), overlaps and regions lying outside their parent are measured
(both reported, not refused) and the located cases are checked against the new boundaries.
Anything failing inside rolls the whole import back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.geo.case_grids import CaseCoverage, case_coverage
from app.geo.grid_file import (
    LEVEL_NAMES,
    FieldChoice,
    GridFeature,
    Issue,
    read_grid_file,
)
from app.geo.overlaps import Overlap, find_overlaps
from app.geo.parent_extent import OutsideParent, outside_parent
from app.geo.shapes import geometries_from_dicts
from db.engine import Database
from db.schema import Region
from db.schema.audit import audit_entry

LEVEL_RANK = {"district": 0, "street": 1, "community": 2, "grid": 3}


@dataclass
class GridImportResult:
    """What an import did, for the report (the CLI prints it, the GUI shows it)."""

    level: str
    fields: FieldChoice
    total: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    untouched: int = 0  # regions of the level already stored that the file does not mention
    rejects: list[Issue] = field(default_factory=list)
    repairs: list[Issue] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    outside_parent: list[OutsideParent] = field(default_factory=list)
    coverage: CaseCoverage | None = None


def import_grids(database: Database, path: str | Path, level: str, *, code_field: str | None = None,
                 name_field: str | None = None, parent_field: str | None = None, crs: str = "wgs84",
                 actor: str = "system", workstation: str | None = None,
                 principal: Principal = SYSTEM) -> GridImportResult:
    """Import one boundary file at `level`; GridFileError when the file cannot be used at all.
    Boundaries are the district's configuration: the acting `principal` needs config.edit."""
    require(database, principal, "config.edit", entity="region")
    grid_file = read_grid_file(Path(path), level, code_field=code_field, name_field=name_field,
                               parent_field=parent_field, crs=crs)
    result = GridImportResult(level=level, fields=grid_file.fields, total=grid_file.total,
                              rejects=list(grid_file.rejects), repairs=list(grid_file.repairs))
    with database.write() as session:
        regions = {r.code: r for r in session.scalars(select(Region))}
        accepted = [f for f in grid_file.features if _usable(f, level, regions, result)]
        result.rejects.sort(key=lambda issue: issue.index)
        for feature in accepted:
            _store(session, feature, level, regions, result)
        session.flush()
        result.overlaps = _overlaps(accepted, level, regions)
        result.outside_parent = _outside_parents(accepted, regions)
        file_codes = {f.code for f in grid_file.features}
        result.untouched = sum(1 for r in regions.values()
                               if r.level == level and r.deleted_at is None and r.code not in file_codes)
        if level == "grid":
            result.coverage = case_coverage(session)
        session.add(audit_entry(actor=actor, workstation=workstation, action="import",
                                entity="region", detail={
                                   "file": Path(path).name, "level": level, "created": result.created,
                                   "updated": result.updated, "rejected": len(result.rejects)}))
    return result


def _usable(feature: GridFeature, level: str, regions: dict[str, Region], result: GridImportResult) -> bool:
    """Checks that need the database: the code's current level, the parent code."""
    reason = None
    same = regions.get(feature.code)
    if same is not None and same.level != level:
        reason = f"编码已被{LEVEL_NAMES.get(same.level, same.level)}“{same.name}”使用"
    elif feature.parent_code is not None:
        parent = regions.get(feature.parent_code)
        if parent is None or parent.deleted_at is not None:
            reason = f"上级编码“{feature.parent_code}”不存在"
        elif LEVEL_RANK.get(parent.level, 99) >= LEVEL_RANK[level]:
            reason = (f"上级编码“{feature.parent_code}”是{LEVEL_NAMES.get(parent.level, parent.level)}"
                      f"“{parent.name}”，不能作为{LEVEL_NAMES[level]}的上级")
    if reason:
        result.rejects.append(Issue(feature.index, feature.code, reason))
    return reason is None


def _store(session: Session, feature: GridFeature, level: str, regions: dict[str, Region],
           result: GridImportResult) -> None:
    """Create the region or update it; a region the file leaves as it was is not written."""
    boundary = json.loads(shapely.to_geojson(feature.geometry))
    min_lon, min_lat, max_lon, max_lat = feature.geometry.bounds
    values = {"name": feature.name, "boundary": boundary, "min_lon": min_lon, "min_lat": min_lat,
              "max_lon": max_lon, "max_lat": max_lat, "area_m2": round(feature.area_m2, 1)}
    if feature.parent_code is not None:
        values["parent_id"] = regions[feature.parent_code].id
    row = regions.get(feature.code)
    if row is None:
        row = Region(code=feature.code, level=level, **values)
        session.add(row)
        regions[feature.code] = row
        result.created += 1
        return
    if row.deleted_at is None and all(getattr(row, k) == v for k, v in values.items()):
        result.unchanged += 1
        return
    for key, value in values.items():
        setattr(row, key, value)
    row.deleted_at = None
    result.updated += 1


def _overlaps(accepted: list[GridFeature], level: str, regions: dict[str, Region]) -> list[Overlap]:
    """Overlaps involving the imported features, against each other and the other stored regions."""
    imported = {f.code: f.geometry for f in accepted}
    codes, geometries = list(imported), list(imported.values())
    others = [row for code, row in regions.items()
              if row.level == level and row.deleted_at is None and row.boundary and code not in imported]
    codes += [row.code for row in others]
    geometries += list(geometries_from_dicts([row.boundary for row in others]))
    return find_overlaps(codes, geometries, involving=set(imported))


def _outside_parents(accepted: list[GridFeature], regions: dict[str, Region]) -> list[OutsideParent]:
    """The imported regions lying mostly outside their parent (named in the file, or kept from
    before when the file names none), farthest first."""
    by_id = {row.id: row for row in regions.values()}
    found = []
    for feature in accepted:
        parent = by_id.get(regions[feature.code].parent_id)
        warning = outside_parent(feature.code, feature.geometry, parent) if parent is not None else None
        if warning is not None:
            found.append(warning)
    return sorted(found, key=lambda w: (-w.distance_m, w.inside_share, w.code))
