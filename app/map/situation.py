"""The map's picture of the cases: who is where, lit how, and what changed since last time.

The map keeps one `CaseSet` in memory (open cases, and every case reported within the longest
heat-map period). Lights come from `app.cases.lights.light_at` on the stored thresholds, so the
map, the queue and the dispatcher view never disagree; `relight(now)` only does work once the
earliest threshold has passed. Deltas are small dicts ready to be sent to the page as JSON.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.cases.lights import Light, light_at

HEAT_PERIODS = (7, 30, 90)
"""Days the heat map can look back; the case set holds cases reported within the longest."""
_RANK = {None: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}


@dataclass(frozen=True, slots=True, kw_only=True)
class MapCase:
    """What the map needs of one case (coordinates in WGS-84, as stored)."""

    case_no: str
    version: int
    lon: float | None
    lat: float | None
    grid_id: str | None
    title: str
    category: str
    status_label: str
    reported_at: datetime
    is_open: bool
    parked_light: str | None
    yellow_at: datetime | None
    red_at: datetime | None
    updated_at: datetime | None = None  # as stored: what the change reads compare (app.map.reading)

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None

    def light(self, now: datetime) -> Light | None:
        return light_at(is_open=self.is_open, parked_light=self.parked_light, yellow_at=self.yellow_at,
                        red_at=self.red_at, now=now)

    def next_change(self, now: datetime) -> datetime | None:
        """The next instant its light changes by itself (None: never, while nothing happens)."""
        if not self.is_open or self.parked_light is not None:
            return None
        upcoming = [t for t in (self.yellow_at, self.red_at) if t is not None and t > now]
        return min(upcoming) if upcoming else None


@dataclass
class Delta:
    """What the page must change: markers to add or recolour, markers to drop, grid figures."""

    markers: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    grids: dict[str, dict] = field(default_factory=dict)
    heat_changed: bool = False

    def __bool__(self) -> bool:
        return bool(self.markers or self.removed or self.grids or self.heat_changed)


class CaseSet:
    """The cases on the map, their lights at the last evaluation, and grid figures."""

    def __init__(self) -> None:
        self.cases: dict[str, MapCase] = {}
        self.lights: dict[str, Light | None] = {}
        self.grid_stats: dict[str, dict] = {}
        self._by_grid: dict[str, set[str]] = {}
        self._next_change: datetime | None = None

    # whole set ---------------------------------------------------------------
    def replace(self, cases: Iterable[MapCase], now: datetime) -> None:
        """Start again from these cases (first load, full refresh)."""
        self.cases = {case.case_no: case for case in cases}
        self.lights = {no: case.light(now) for no, case in self.cases.items()}
        self._by_grid = {}
        for no, case in self.cases.items():
            self._by_grid.setdefault(case.grid_id, set()).add(no)
        self.grid_stats = self._grid_stats(self.cases)
        self._next_change = self._earliest_change(now)

    def versions(self) -> dict[str, int]:
        return {no: case.version for no, case in self.cases.items()}

    def version_of(self, case_no: str) -> int | None:
        """One case's version (None: not held); cheap, so a change read need not copy all versions."""
        case = self.cases.get(case_no)
        return case.version if case is not None else None

    def digest(self, start: datetime, end: datetime, skip: Collection[str] = ()) -> tuple[int, int]:
        """How many held cases were last updated in [start, end), other than `skip`, and their
        versions added up: what the database says of the same rows when none changed unseen."""
        count = versions = 0
        for no, case in self.cases.items():
            if case.updated_at is not None and start <= case.updated_at < end and no not in skip:
                count += 1
                versions += case.version
        return count, versions

    def markers(self) -> list[dict]:
        """A marker per located open case."""
        return [marker_of(case, self.lights[no]) for no, case in self.cases.items()
                if case.located and case.is_open]

    def heat_points(self, now: datetime, days: int) -> list[list[float]]:
        """[lat, lon] of every located case reported in the last `days` days, to 6 decimals (a
        tenth of a metre is finer than any heat map draws, and the page gets less text)."""
        since = now - timedelta(days=days)
        return [[round(case.lat, 6), round(case.lon, 6)] for case in self.cases.values()
                if case.located and case.reported_at >= since]

    # changes -----------------------------------------------------------------
    def apply(self, changed: Iterable[MapCase], gone: Iterable[str], now: datetime) -> Delta:
        """Take in cases that changed or appeared and forget those gone; say what the page must do."""
        delta, changed, touched = Delta(), list(changed), set()
        for case_no in gone:
            old = self.cases.pop(case_no, None)
            self.lights.pop(case_no, None)
            if old is not None:
                touched.add(old.grid_id)
                self._by_grid.get(old.grid_id, set()).discard(case_no)
                delta.heat_changed |= old.located
                if old.located and old.is_open:
                    delta.removed.append(case_no)
        for case in changed:
            old = self.cases.get(case.case_no)
            if old is not None:
                touched.add(old.grid_id)
                self._by_grid.get(old.grid_id, set()).discard(case.case_no)
            touched.add(case.grid_id)
            self._by_grid.setdefault(case.grid_id, set()).add(case.case_no)
            self.cases[case.case_no] = case
            light = self.lights[case.case_no] = case.light(now)
            delta.heat_changed |= case.located and (old is None or (old.lon, old.lat) != (case.lon, case.lat))
            if case.located and case.is_open:
                delta.markers.append(marker_of(case, light))
            elif old is not None and old.located and old.is_open:
                delta.removed.append(case.case_no)
        delta.grids = self._restat(touched)
        upcoming = [t for t in (case.next_change(now) for case in changed) if t is not None]
        if self._next_change is not None and self._next_change > now:
            upcoming.append(self._next_change)  # a change never brings a gone case's threshold forward
        self._next_change = min(upcoming) if upcoming else self._earliest_change(now)
        return delta

    def relight(self, now: datetime) -> Delta:
        """Re-evaluate lights at `now`; only cheap when no threshold has passed since last time."""
        delta = Delta()
        if self._next_change is None or now < self._next_change:
            return delta
        for no, case in self.cases.items():
            light = case.light(now)
            if light != self.lights.get(no):
                self.lights[no] = light
                if case.located and case.is_open:
                    delta.markers.append(marker_of(case, light))
        delta.grids = self._restat()
        self._next_change = self._earliest_change(now)
        return delta

    # grid figures --------------------------------------------------------------
    def _grid_stats(self, cases: dict[str, MapCase]) -> dict[str, dict]:
        """Per grid: open cases and the worst light among them (of `cases`)."""
        stats: dict[str, dict] = {}
        for no, case in cases.items():
            if not case.is_open or case.grid_id is None:
                continue
            entry = stats.setdefault(case.grid_id, {"open": 0, "worst": None})
            entry["open"] += 1
            light = self.lights[no]
            if _RANK[light] > _RANK[_light_or_none(entry["worst"])]:
                entry["worst"] = light.value if light else None
        return stats

    def _restat(self, grids: set[str | None] | None = None) -> dict[str, dict]:
        """Recount the grids (all, or only `grids`: a change touches a few); return those whose
        figures changed (a grid emptied gets zeros)."""
        if grids is None:
            fresh, old = self._grid_stats(self.cases), self.grid_stats
        else:
            grids = {grid for grid in grids if grid is not None}
            fresh = self._grid_stats({no: self.cases[no] for grid in grids for no in self._by_grid.get(grid, ())})
            old = {grid: self.grid_stats[grid] for grid in grids if grid in self.grid_stats}
        changed = {grid: stat for grid, stat in fresh.items() if old.get(grid) != stat}
        for grid in old.keys() - fresh.keys():
            changed[grid] = {"open": 0, "worst": None}
            self.grid_stats.pop(grid, None)
        self.grid_stats.update(fresh)
        return changed

    def _earliest_change(self, now: datetime) -> datetime | None:
        upcoming = [t for t in (case.next_change(now) for case in self.cases.values()) if t is not None]
        return min(upcoming) if upcoming else None


def _light_or_none(value: str | None) -> Light | None:
    return Light(value) if value else None


MARKER_COLUMNS = ("no", "lat", "lon", "light", "title", "status")
"""What the page's markers are made of, in the order map.js reads them."""


def marker_columns(markers: Iterable[dict], digits: int = 7) -> dict[str, list]:
    """Markers as the page takes them: one list per field, positions rounded to `digits` decimals
    (7: about a centimetre). Half the JSON of one object per marker, and parsed that much faster."""
    markers = list(markers)
    columns = {name: [marker[name] for marker in markers] for name in MARKER_COLUMNS}
    for axis in ("lat", "lon"):
        columns[axis] = [round(value, digits) for value in columns[axis]]
    return columns


def marker_of(case: MapCase, light: Light | None) -> dict:
    """The page's marker for a case: number, position, light, and what its tooltip says."""
    return {"no": case.case_no, "lat": case.lat, "lon": case.lon, "light": light.value if light else "none",
            "title": case.title, "category": case.category, "status": case.status_label}
