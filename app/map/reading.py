"""Reads behind the map: region boundaries as GeoJSON, the cases it shows, what changed, a point's grid.

Everything is stored in WGS-84. When the basemap draws in GCJ-02 the map shows shifted
coordinates (`to_display`) and turns a clicked point back (`from_display`), so storage never
holds a shifted position.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import String, and_, case, func, or_, select, type_coerce

from app.accounts.scope import case_condition
from app.cases.lookups import Choice
from app.cases.service import CaseService
from app.cases.states import OPEN_STATUSES, CaseStatus
from app.geo.gcj02 import gcj02_to_wgs84, geometry_to_gcj02, wgs84_to_gcj02
from app.geo.locator import GridLocator
from app.map.situation import HEAT_PERIODS, MapCase
from db.schema import Case, CaseCategory, Region

BOUNDARY_LEVELS = ("street", "community", "grid")
_OPEN = [s.value for s in OPEN_STATUSES]
_IS_OPEN = {s.value: s.is_open for s in CaseStatus}
_LABELS = {s.value: s.label for s in CaseStatus}


@dataclass(frozen=True, kw_only=True)
class CaseLocation:
    """Where one case is (None when it has no coordinates) and whether the map shows it as a marker."""

    case_no: str
    lon: float | None
    lat: float | None
    is_open: bool


# regions -------------------------------------------------------------------------------
def read_regions(service: CaseService, crs: str = "wgs84") -> dict[str, dict]:
    """A GeoJSON FeatureCollection per level (street, community, grid) of the regions with a boundary."""
    with service.database.read() as session:
        rows = session.connection().execute(
            select(Region.id, Region.code, Region.name, Region.level, Region.parent_id, Region.boundary)
            .where(Region.level.in_(BOUNDARY_LEVELS), Region.deleted_at.is_(None),
                   Region.boundary.is_not(None))
            .order_by(Region.code)).all()
    collections = {level: {"type": "FeatureCollection", "features": []} for level in BOUNDARY_LEVELS}
    for region_id, code, name, level, parent_id, boundary in rows:
        geometry = geometry_to_gcj02(boundary) if crs == "gcj02" else boundary
        collections[level]["features"].append({
            "type": "Feature", "geometry": geometry,
            "properties": {"id": str(region_id), "code": code, "name": name,
                           "parent": str(parent_id) if parent_id else None},
        })
    return collections


def grid_at(service: CaseService, lon: float, lat: float) -> Choice | None:
    """The grid containing a WGS-84 point, as the intake form offers it (key: code), or None."""
    with service.database.read() as session:
        grid_id = GridLocator.from_session(session).locate(lon, lat)
        if grid_id is None:
            return None
        code, name, parent_id = session.execute(
            select(Region.code, Region.name, Region.parent_id).where(Region.id == grid_id)).one()
        community = session.scalar(select(Region.name).where(Region.id == parent_id)) if parent_id else None
    return Choice(key=code, label=name, group=community or "")


# cases ---------------------------------------------------------------------------------
def _shown(service: CaseService):
    """The cases the map holds: open ones, and those reported within the longest heat period, of
    the account's scope (a case leaving the scope — dispatched elsewhere — leaves the map)."""
    since = service.now() - timedelta(days=max(HEAT_PERIODS))
    shown = (Case.deleted_at.is_(None), or_(Case.status.in_(_OPEN), Case.reported_at >= since))
    scope = service.principal.scope
    return shown if scope.whole_district else (*shown, case_condition(scope))


def read_cases(service: CaseService, case_nos: Sequence[str] | None = None) -> list[MapCase]:
    """The cases the map shows (or only those of `case_nos` among them)."""
    grid_key = _grid_keys()
    query = (select(Case.case_no, Case.version, Case.lon, Case.lat, type_coerce(Case.grid_id, String), Case.title,
                    CaseCategory.name, Case.status, Case.reported_at, Case.parked_light, Case.yellow_at,
                    Case.red_at, Case.updated_at)
             .join(CaseCategory, CaseCategory.id == Case.category_id)
             .where(*_shown(service)))
    if case_nos is not None:
        if not case_nos:
            return []
        query = query.where(Case.case_no.in_(list(case_nos)))
    with service.database.read() as session:
        rows = session.connection().execute(query).all()  # Core rows: no ORM loading for 10,000 of them
    return [MapCase(case_no=no, version=version, lon=lon, lat=lat, grid_id=grid_key(grid),
                    title=title, category=category, status_label=_LABELS[status], reported_at=reported,
                    is_open=_IS_OPEN[status], parked_light=parked, yellow_at=yellow, red_at=red, updated_at=updated)
            for no, version, lon, lat, grid, title, category, status, reported, parked, yellow, red, updated in rows]


def _grid_keys() -> Callable[[object], str | None]:
    """Turns grid ids as the driver returns them (a UUID, or SQLite's 32 hex digits) into the text the
    regions carry, once per grid: 10,000 cases lie in a few thousand grids, and a UUID built per case
    was a fifth of the read."""
    known: dict[object, str] = {}

    def key(raw) -> str | None:
        if raw is None:
            return None
        text = known.get(raw)
        if text is None:
            text = known[raw] = str(raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw)))
        return text

    return key


CHANGE_MARGIN = timedelta(minutes=5)
"""How far before the newest change already seen a change read looks again: writers stamp
updated_at with their own clocks, which may lag each other a little."""

HeldDigest = Callable[[datetime, datetime, Collection[str]], tuple[int, int]]
"""`(start, end, skip)` → how many of the map's cases were last updated in [start, end), other
than those in `skip`, and their versions added up (CaseSet.digest)."""


def latest_change(service: CaseService) -> datetime | None:
    """The newest updated_at among all cases: where the next change read starts (whatever the
    scope: a case leaving the scope is a change too)."""
    with service.database.read() as session:
        return session.scalar(select(func.max(Case.updated_at)))


def read_changes(service: CaseService, version_of: Callable[[str], int | None], since: datetime | None,
                 held_digest: HeldDigest | None = None) -> tuple[list[MapCase], list[str], datetime | None]:
    """Cases new or changed since `since` (minus the margin) against `version_of`, those gone
    (deleted or no longer shown), and where the next read starts.

    Rows are read by number and version, then in full only where the version moved: a change costs
    the same however many cases the map holds. The margin can still hold thousands of rows (all of
    them, on data imported minutes ago); given `held_digest`, the database only counts and sums the
    margin's rows, and they are read one by one only when its figures differ from the map's own."""
    shown = and_(*_shown(service))
    versions = select(Case.case_no, Case.version, shown.label("shown"), Case.updated_at)
    with service.database.read() as session:
        connection = session.connection()
        if since is None:
            rows = connection.execute(versions).all()
        else:
            start = since - CHANGE_MARGIN
            rows = connection.execute(versions.where(Case.updated_at >= since)).all()
            if held_digest is None or (_margin_digest(connection, shown, start, since)
                                       != held_digest(start, since, {row[0] for row in rows})):
                rows = connection.execute(versions.where(Case.updated_at >= start)).all()
    changed = [no for no, version, visible, _ in rows if visible and version_of(no) != version]
    gone = [no for no, _, visible, _ in rows if not visible and version_of(no) is not None]
    stamps = [row[3] for row in rows] + ([since] if since is not None else [])
    return read_cases(service, changed), gone, max(stamps, default=None)


def _margin_digest(connection, shown, start: datetime, end: datetime) -> tuple[int, int]:
    """How many shown cases were last updated in [start, end), and their versions added up.

    `shown` is summed rather than filtered on: as a WHERE clause the planner takes its indexes and
    fetches every row through them, several times slower than the one scan of the time span."""
    counted = case((shown, 1), else_=0)
    count, versions = connection.execute(
        select(func.coalesce(func.sum(counted), 0), func.coalesce(func.sum(counted * Case.version), 0))
        .where(Case.updated_at >= start, Case.updated_at < end)).one()
    return int(count), int(versions)


def case_location(service: CaseService, case_no: str) -> CaseLocation | None:
    """Where a case is, for "show it on the map" (None when there is no such case)."""
    with service.database.read() as session:
        row = session.execute(service.scoped(select(Case.lon, Case.lat, Case.status)
                                             .where(Case.case_no == case_no, Case.deleted_at.is_(None)))).first()
    if row is None:
        return None
    return CaseLocation(case_no=case_no, lon=row.lon, lat=row.lat, is_open=_IS_OPEN[row.status])


# display coordinates ---------------------------------------------------------------------
def to_display(items: Iterable[dict], crs: str, lat_key: str = "lat", lon_key: str = "lon") -> list[dict]:
    """Copies of marker dicts with their position shifted for a GCJ-02 basemap (unchanged for WGS-84)."""
    items = list(items)
    if crs != "gcj02" or not items:
        return items
    lons, lats = wgs84_to_gcj02(np.array([i[lon_key] for i in items]), np.array([i[lat_key] for i in items]))
    return [{**item, lon_key: float(x), lat_key: float(y)} for item, x, y in zip(items, lons, lats)]


def points_to_display(points: list[list[float]], crs: str) -> list[list[float]]:
    """[lat, lon] pairs shifted for a GCJ-02 basemap."""
    if crs != "gcj02" or not points:
        return points
    array = np.array(points, dtype=float)
    lons, lats = wgs84_to_gcj02(array[:, 1], array[:, 0])
    return np.column_stack((lats, lons)).round(7).tolist()


def point_to_display(lon: float, lat: float, crs: str) -> tuple[float, float]:
    return tuple(float(v) for v in wgs84_to_gcj02(lon, lat)) if crs == "gcj02" else (lon, lat)


def from_display(lon: float, lat: float, crs: str) -> tuple[float, float]:
    """A point clicked on the map, in WGS-84 for storage."""
    return tuple(float(v) for v in gcj02_to_wgs84(lon, lat)) if crs == "gcj02" else (lon, lat)
