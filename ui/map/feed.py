"""What the map shows, kept current: a first full read, then only what changed.

`MapFeed` holds the CaseSet (app.map.situation). `load()` reads boundaries and cases in the
background; `refresh_changes()` (on every ChangeHub signal, this workstation's or another's)
reads only the recently updated cases whose version moved (a real slot, so a closed page's feed
is disconnected with it); `tick()` relights from memory at the cadence the dispatcher view uses.
Results leave as signals carrying JSON payloads already shifted for the basemap's datum.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.map.reading import (
    latest_change,
    points_to_display,
    read_cases,
    read_changes,
    read_regions,
    to_display,
)
from app.map.situation import CaseSet, Delta, marker_columns
from ui.context import UiContext
from ui.workers import run_in_background


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The cases as the page takes them at first (grid figures, markers as columns, the heat points
    of `heat_days`): one JSON text already written as a script string, made off the UI thread and
    parsed once by the page's JSON.parse (faster than the same data as script literals)."""

    cases_data: str
    heat_days: int


class MapFeed(QObject):
    """Reads for the map off the UI thread and turns them into page payloads."""

    regions_loaded = Signal(str)  # the boundaries: GeoJSON per level, as a script string
    loaded = Signal(object)    # Snapshot
    changed = Signal(object)   # Delta with display coordinates
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.cases = CaseSet()
        self.crs = "wgs84"
        self.ready = False
        self._busy = False
        self._again = False
        self._since = None  # newest updated_at seen: where the next change read starts
        self._generation = 0  # which load() the results on their way belong to

    def load(self, crs: str, heat_days: int) -> None:
        """Read everything again (first show, the refresh button, a new basemap datum): the
        boundaries (quick, `regions_loaded`) and the cases (`loaded`) side by side, so the page
        draws the one while the other is still read."""
        self.crs = crs
        self._generation += 1
        generation, service, now = self._generation, self.ctx.cases, self.ctx.now

        def cases_work():
            since = latest_change(service)  # before the cases: a change meanwhile is read again later
            cases = CaseSet()
            cases.replace(read_cases(service), now())
            data = {"stats": cases.grid_stats, "markers": marker_columns(to_display(cases.markers(), crs)),
                    "heat": points_to_display(cases.heat_points(now(), heat_days), crs)}
            return cases, Snapshot(cases_data=_script_string(_json(data)), heat_days=heat_days), since

        run_in_background(self, lambda: _script_string(_json(read_regions(service, crs))),
                          lambda text: self._on_regions(generation, text), self._on_failed)
        run_in_background(self, cases_work, lambda result: self._on_loaded(generation, result), self._on_failed)

    def _on_regions(self, generation: int, text: str) -> None:
        if generation == self._generation:  # not a load that a newer one replaced
            self.regions_loaded.emit(text)

    def _on_loaded(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        self.cases, snapshot, self._since = result
        self.ready = True
        self.loaded.emit(snapshot)

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self.failed.emit(str(exc))

    # live ------------------------------------------------------------------------------
    @Slot()
    def refresh_changes(self) -> None:
        """Read the cases that changed since the last read (one read at a time; a change meanwhile
        starts another when it ends)."""
        if not self.ready:
            return
        if self._busy:
            self._again = True
            return
        self._busy, self._again = True, False
        service, cases, since = self.ctx.cases, self.cases, self._since
        run_in_background(self, lambda: read_changes(service, cases.version_of, since, cases.digest),
                          self._on_changes, self._on_failed)

    def _on_changes(self, result) -> None:
        changed, gone, self._since = result
        self._busy = False
        self._emit(self.cases.apply(changed, gone, self.ctx.now()))
        if self._again:
            self.refresh_changes()

    def tick(self) -> None:
        """Relight at ctx.now(); emits only when a light changed."""
        if self.ready:
            self._emit(self.cases.relight(self.ctx.now()))

    def _emit(self, delta: Delta) -> None:
        if delta:
            delta.markers = to_display(delta.markers, self.crs)
            self.changed.emit(delta)

    def heat_points(self, days: int) -> list[list[float]]:
        """The heat map's points for the last `days` days, in display coordinates."""
        return points_to_display(self.cases.heat_points(self.ctx.now(), days), self.crs)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _script_string(text: str) -> str:
    """`text` as a JavaScript string literal (JSON's string syntax is one)."""
    return json.dumps(text, ensure_ascii=False)
