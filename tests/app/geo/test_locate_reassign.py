"""Which units contain a point (smallest first), and recomputing case grids after new boundaries."""

from sqlalchemy import select

from app.cases.drafts import CaseDraft
from app.geo.case_grids import case_coverage, reassign_cases
from app.geo.gcj02 import wgs84_to_gcj02
from app.geo.grid_import import import_grids
from app.geo.regions_at import regions_at
from db.schema import Case, Region
from tests.app.geo.samples import centre, feature, polygon, ring, write_collection


def build_district(database, tmp_path):
    """Street S over cells 0–3, community C over cells 0–1, grids G1 (cell 0) and G2 (cell 1)."""
    files = {
        "street": [feature(polygon(ring(0, 0, 4, 1)), 编码="S", 名称="街道甲")],
        "community": [feature(polygon(ring(0, 0, 2, 1)), 编码="C", 名称="社区乙", 上级编码="S")],
        "grid": [feature(polygon(ring(0, 0)), 编码="G1", 名称="网格一", 上级编码="C"),
                 feature(polygon(ring(1, 0)), 编码="G2", 名称="网格二", 上级编码="C")],
    }
    for level, features in files.items():
        result = import_grids(database, write_collection(tmp_path / f"{level}.geojson", features), level)
        assert (result.created, result.rejects, result.overlaps) == (len(features), [], [])


def test_locate_lists_units_smallest_first(database, tmp_path):
    """Inside a grid: grid, community, street; inside the street only: the street; outside: nothing."""
    build_district(database, tmp_path)
    assert [(h.level, h.code, h.name) for h in regions_at(database, *centre(0, 0))] == [
        ("grid", "G1", "网格一"), ("community", "C", "社区乙"), ("street", "S", "街道甲")]
    assert [h.code for h in regions_at(database, *centre(3, 0))] == ["S"]
    assert regions_at(database, *centre(9, 9)) == []


def test_locate_gcj02_point(database, tmp_path):
    """A point read off a GCJ-02 map is converted before the lookup."""
    build_district(database, tmp_path)
    lon, lat = wgs84_to_gcj02(*centre(1, 0))
    assert [h.code for h in regions_at(database, lon, lat, crs="gcj02")] == ["G2", "C", "S"]
    assert [h.code for h in regions_at(database, lon, lat)][:1] != ["G2"]


def test_reassign_after_new_boundaries(database, service, clock, tmp_path):
    """New boundaries: the import reports cases outside and those that would move; reassign moves them."""
    build_district(database, tmp_path)
    numbers = {}
    for key, (col, row) in {"in_g1": (0, 0), "in_g2": (1, 0), "outside": (9, 9)}.items():
        lon, lat = centre(col, row)
        numbers[key] = service.create(CaseDraft(source="网格员上报", category="0101", description=key,
                                                reported_at=clock(), lon=lon, lat=lat), "tester").case_no
    grid_of = _grids_by_case(database)
    assert (grid_of[numbers["in_g1"]], grid_of[numbers["in_g2"]], grid_of[numbers["outside"]]) == ("G1", "G2", None)

    moved = [feature(polygon(ring(0, 0, 2, 1)), 编码="G1", 名称="网格一"), feature(polygon(ring(2, 0)), 编码="G2")]
    result = import_grids(database, write_collection(tmp_path / "moved.geojson", moved), "grid")
    assert (result.updated, result.coverage.located, result.coverage.outside, result.coverage.would_change) == \
        (2, 3, 1, 1)
    assert result.coverage.outside_sample == (numbers["outside"],)
    assert _grids_by_case(database) == grid_of  # the import itself moves no case

    version_before = _version(database, numbers["in_g2"])
    with database.write() as session:
        done = reassign_cases(session)
    assert (done.located, done.changed, done.outside) == (3, 1, 1)
    assert _grids_by_case(database)[numbers["in_g2"]] == "G1"
    assert _version(database, numbers["in_g2"]) == version_before + 1  # editors holding it must refresh
    with database.write() as session:
        assert reassign_cases(session).changed == 0
        assert case_coverage(session).would_change == 0


def _grids_by_case(database) -> dict[str, str | None]:
    with database.read() as session:
        rows = session.execute(select(Case.case_no, Region.code).outerjoin(Region, Region.id == Case.grid_id))
        return dict(rows.all())


def _version(database, case_no: str) -> int:
    with database.read() as session:
        return session.scalar(select(Case.version).where(Case.case_no == case_no))
