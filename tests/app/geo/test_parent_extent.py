"""A region far outside its parent's boundary is imported and warned about, in the result and the CLI report."""

import pytest
from shapely.geometry import shape

from app.geo.grid_import import import_grids
from app.geo.parent_extent import outside_parent
from db.schema import Region
from tests.app.geo.samples import feature, polygon, ring, write_collection
from tests.app.geo.test_grids_cli import runner

#: 18 degrees of latitude south of the community: about 2,000 km.
FAR_ROW = -18 / 0.01


@pytest.fixture
def community(database, tmp_path):
    """A street and its community 吉祥里社区 (code C1) covering cells (0..3, 0..1), boundaries imported."""
    import_grids(database, write_collection(tmp_path / "street.geojson", [
        feature(polygon(ring(-1, -1, 6, 4)), 编码="S1", 名称="朝外街道")]), "street")
    import_grids(database, write_collection(tmp_path / "community.geojson", [
        feature(polygon(ring(0, 0, 4, 2)), 编码="C1", 名称="吉祥里社区", 上级编码="S1")]), "community")
    return database


def grid_file(tmp_path):
    """Grids of C1: G1 and G4 inside, G2 about 2,000 km south, G3 with 30 % of its area inside."""
    return write_collection(tmp_path / "grids.geojson", [
        feature(polygon(ring(0, 0)), 编码="G1", 上级编码="C1"),
        feature(polygon(ring(1, FAR_ROW)), 编码="G2", 上级编码="C1"),
        feature(polygon(ring(3.7, 0)), 编码="G3", 上级编码="C1"),
        feature(polygon(ring(2, 1)), 编码="G4", 上级编码="C1"),
    ])


def test_far_grid_imported_and_warned_with_its_distance(community, tmp_path):
    """A grid 2,000 km from its community and one mostly outside are warned about, farthest first."""
    result = import_grids(community, grid_file(tmp_path), "grid")
    assert result.created == 4 and result.rejects == []
    assert [w.code for w in result.outside_parent] == ["G2", "G3"]
    far, straddling = result.outside_parent
    assert (far.parent_code, far.parent_name, far.parent_level) == ("C1", "吉祥里社区", "community")
    assert far.inside_share == 0 and 1_990_000 < far.distance_m < 2_010_000
    assert straddling.distance_m == 0 and straddling.inside_share == pytest.approx(0.3)


def test_far_grid_warning_printed_by_the_cli(community, tmp_path, capsys):
    """`grids import` prints the warning lines and still exits 0 (the grids were imported)."""
    gridcc = runner(community.url.render_as_string(hide_password=False), capsys)
    code, out, err = gridcc("grids", "import", grid_file(tmp_path), "--level", "grid")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    start = lines.index("大部分位于上级边界之外的网格 2 个（已导入，请核对边界或上级编码）：")
    assert lines[start + 1] == "  G2：在社区“吉祥里社区”（C1）之外，相距约 2,000.4 公里"
    assert lines[start + 2] == "  G3：只有 30% 在社区“吉祥里社区”（C1）之内"


def test_grid_of_a_parent_without_boundary_is_not_warned(database, tmp_path):
    """A parent stored without a boundary gives nothing to compare with: no warning."""
    import_grids(database, write_collection(tmp_path / "g.geojson", [
        feature(polygon(ring(0, 0)), 编码="G1")]), "grid")
    with database.write() as session:
        session.add(Region(code="C9", name="无边界社区", level="community"))
    result = import_grids(database, write_collection(tmp_path / "h.geojson", [
        feature(polygon(ring(0, FAR_ROW)), 编码="G2", 上级编码="C9")]), "grid")
    assert result.outside_parent == []


def test_outside_parent_needs_less_than_half_inside():
    """Six tenths of the area inside the parent is no warning; four tenths is."""

    class Parent:
        code, name, level = "C1", "社区", "community"
        boundary = polygon(ring(0, 0, 2, 1))

    assert outside_parent("G", shape(polygon(ring(1.4, 0))), Parent) is None
    warning = outside_parent("G", shape(polygon(ring(1.6, 0))), Parent)
    assert warning is not None and warning.inside_share == pytest.approx(0.4)
    assert warning.distance_m == 0
