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
from app.map.situation import CaseSet, Delta
from ui.context import UiContext
from ui.workers import run_in_background


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """Everything the page needs at first: boundaries, grid figures, markers, as JSON text made
    off the UI thread (the 2 MB of it took the UI thread most of a second)."""

    regions: str
    grid_stats: str
    markers: str


class MapFeed(QObject):
    """Reads for the map off the UI thread and turns them into page payloads."""

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

    def load(self, crs: str) -> None:
        """Read everything again (first show, the refresh button, a new basemap datum)."""
        self.crs = crs
        service, now = self.ctx.cases, self.ctx.now

        def work():
            since = latest_change(service)  # before the cases: a change meanwhile is read again later
            regions = read_regions(service, crs)
            cases = CaseSet()
            cases.replace(read_cases(service), now())
            snapshot = Snapshot(regions=_json(regions), grid_stats=_json(cases.grid_stats),
                                markers=_json(to_display(cases.markers(), crs)))
            return cases, snapshot, since

        run_in_background(self, work, self._on_loaded, self._on_failed)

    def _on_loaded(self, result) -> None:
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
        service, version_of, since = self.ctx.cases, self.cases.version_of, self._since
        run_in_background(self, lambda: read_changes(service, version_of, since), self._on_changes,
                          self._on_failed)

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
