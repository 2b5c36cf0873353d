"""The map's case set: lights from the stored thresholds, deltas for changes, grid figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.map.reading import from_display, point_to_display
from app.map.situation import CaseSet, MapCase

T0 = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)


def _case(no: str, *, grid: str | None = "g1", yellow_in: float = 2, red_in: float = 4, is_open: bool = True,
          lon: float | None = 120.0, version: int = 1, reported_days_ago: float = 1) -> MapCase:
    return MapCase(case_no=no, version=version, lon=lon, lat=36.0 if lon is not None else None, grid_id=grid,
                   title="路灯不亮", category="路灯", status_label="已立案", reported_at=T0 - timedelta(days=reported_days_ago),
                   is_open=is_open, parked_light=None, yellow_at=T0 + timedelta(hours=yellow_in),
                   red_at=T0 + timedelta(hours=red_in))


def test_relight_changes_only_markers_whose_light_moved():
    """Time passing recolours the cases that crossed a threshold, and the grid's worst light follows."""
    cases = CaseSet()
    cases.replace([_case("A", yellow_in=1, red_in=3), _case("B", yellow_in=10, red_in=20)], T0)
    assert not cases.relight(T0 + timedelta(minutes=30))
    delta = cases.relight(T0 + timedelta(hours=1, minutes=1))
    assert [(m["no"], m["light"]) for m in delta.markers] == [("A", "yellow")]
    assert delta.grids == {"g1": {"open": 2, "worst": "yellow"}}


def test_apply_reports_new_changed_closed_and_gone_cases():
    """A closed case's marker is removed, a new one added, a deleted one dropped; grids recounted."""
    cases = CaseSet()
    cases.replace([_case("A"), _case("B", grid="g2"), _case("C", lon=None)], T0)
    assert [m["no"] for m in cases.markers()] == ["A", "B"]
    closed = replace(cases.cases["A"], is_open=False, version=2)
    delta = cases.apply([closed, _case("D", grid="g2", yellow_in=-1)], ["B"], T0)
    assert sorted(delta.removed) == ["A", "B"]
    assert [(m["no"], m["light"]) for m in delta.markers] == [("D", "yellow")]
    assert delta.grids == {"g1": {"open": 1, "worst": "green"}, "g2": {"open": 1, "worst": "yellow"}}
    assert cases.versions() == {"A": 2, "C": 1, "D": 1}


def test_heat_points_cover_the_chosen_period():
    """The heat map counts located cases reported within the period, open or closed."""
    cases = CaseSet()
    cases.replace([_case("A", reported_days_ago=3), _case("B", reported_days_ago=20, is_open=False),
                   _case("C", reported_days_ago=3, lon=None)], T0)
    assert len(cases.heat_points(T0, 7)) == 1
    assert len(cases.heat_points(T0, 30)) == 2


def test_gcj02_display_round_trip():
    """A point shown on a GCJ-02 basemap is shifted, and a clicked point comes back to WGS-84."""
    shown = point_to_display(120.38, 36.07, "gcj02")
    assert shown != (120.38, 36.07)
    back = from_display(*shown, "gcj02")
    assert abs(back[0] - 120.38) < 1e-7 and abs(back[1] - 36.07) < 1e-7
    assert point_to_display(120.38, 36.07, "wgs84") == (120.38, 36.07)


def test_a_case_moving_grid_recounts_both_grids_only():
    """A change recounts only the grids it touches: the one left (emptied: zeros) and the one entered."""
    cases = CaseSet()
    cases.replace([_case("A", grid="g1"), _case("B", grid="g3")], T0)
    delta = cases.apply([replace(cases.cases["A"], grid_id="g2", version=2)], [], T0)
    assert delta.grids == {"g1": {"open": 0, "worst": None}, "g2": {"open": 1, "worst": "green"}}
    assert cases.grid_stats == {"g2": {"open": 1, "worst": "green"}, "g3": {"open": 1, "worst": "green"}}
