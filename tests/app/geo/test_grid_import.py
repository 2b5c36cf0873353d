"""Importing grid boundaries from GeoJSON: good files, repairs, overlaps, rejects, atomicity."""

import math

import pytest
from sqlalchemy import func, select

from app.geo import grid_import as grid_import_module
from app.geo.gcj02 import geometry_to_gcj02
from app.geo.grid_file import GridFileError, read_grid_file
from app.geo.grid_import import import_grids
from db.schema import AuditEntry, Region
from tests.app.geo.samples import (
    CELL,
    LAT0,
    LON0,
    feature,
    polygon,
    ring,
    write_collection,
)


def sphere_area(lon0, lat0, lon1, lat1) -> float:
    """True area of a lon/lat rectangle on the authalic sphere, in m²."""
    r = 6371007.2
    return r * r * math.radians(lon1 - lon0) * (math.sin(math.radians(lat1)) - math.sin(math.radians(lat0)))


CELL_M2 = sphere_area(LON0, LAT0, LON0 + CELL, LAT0 + CELL)


def add_region(database, code, name, level, parent_code=None):
    with database.write() as session:
        parent = session.scalar(select(Region).where(Region.code == parent_code)) if parent_code else None
        session.add(Region(code=code, name=name, level=level, parent_id=parent.id if parent else None))


def regions(database, level="grid") -> dict[str, Region]:
    with database.read() as session:
        return {r.code: r for r in session.scalars(select(Region).where(Region.level == level))}


@pytest.fixture
def community(database):
    """A street and a community the grids can belong to."""
    add_region(database, "110105001", "朝外街道", "street")
    add_region(database, "110105001001", "吉祥里社区", "community", "110105001")
    return database


def good_features():
    hole = [[LON0 + 0.0025, LAT0 + 0.0025], [LON0 + 0.0025, LAT0 + 0.0075], [LON0 + 0.0075, LAT0 + 0.0075],
            [LON0 + 0.0075, LAT0 + 0.0025], [LON0 + 0.0025, LAT0 + 0.0025]]
    multi = {"type": "MultiPolygon", "coordinates": [[ring(1, 0)], [ring(3, 0)]]}
    return [
        feature(polygon(ring(0, 0), hole), 网格编码="110105001001001", 网格名称="吉祥里第一网格", 社区编码="110105001001"),
        feature(multi, 网格编码=110105001001002, 网格名称="吉祥里第二网格", 社区编码="110105001001"),
        feature(polygon(ring(2, 0)), 网格编码="110105001001003", 网格名称="吉祥里第三网格", 社区编码="110105001001"),
    ]


def test_good_file_creates_grids_with_parent_bbox_and_area(community, tmp_path):
    """Polygon with a hole, MultiPolygon, numeric code, Chinese fields guessed: all created."""
    path = write_collection(tmp_path / "网格.geojson", good_features())
    result = import_grids(community, path, "grid")
    assert (result.created, result.updated, result.unchanged, result.rejects, result.repairs, result.overlaps) == \
        (3, 0, 0, [], [], [])
    assert (result.fields.code, result.fields.name, result.fields.parent) == ("网格编码", "网格名称", "社区编码")
    stored = regions(community)
    parent_id = regions(community, "community")["110105001001"].id
    first, second = stored["110105001001001"], stored["110105001001002"]
    assert first.name == "吉祥里第一网格" and first.parent_id == parent_id and second.parent_id == parent_id
    assert first.area_m2 == pytest.approx(CELL_M2 * 0.75, rel=1e-3)  # the hole is a quarter of the cell
    assert second.area_m2 == pytest.approx(CELL_M2 * 2, rel=1e-3)
    assert (second.min_lon, second.min_lat, second.max_lon, second.max_lat) == \
        pytest.approx((LON0 + CELL, LAT0, LON0 + 4 * CELL, LAT0 + CELL))
    assert first.boundary["type"] == "Polygon" and len(first.boundary["coordinates"]) == 2
    assert second.boundary["type"] == "MultiPolygon"
    with community.read() as session:
        audit = session.scalar(select(AuditEntry).where(AuditEntry.entity == "region"))
    assert audit.detail == {"file": "网格.geojson", "level": "grid", "created": 3, "updated": 0, "rejected": 0}


def test_reimport_updates_changed_and_leaves_the_rest(community, tmp_path):
    """Same file again: unchanged; a new name or boundary: updated in place (same row, next version)."""
    path = write_collection(tmp_path / "a.geojson", good_features())
    import_grids(community, path, "grid")
    before = regions(community)["110105001001003"]
    again = import_grids(community, path, "grid")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = good_features()
    changed[2] = feature(polygon(ring(2, 0, 1, 2)), 网格编码="110105001001003", 网格名称="改名网格")
    result = import_grids(community, write_collection(tmp_path / "b.geojson", changed), "grid")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    after = regions(community)["110105001001003"]
    assert (after.id, after.name, after.version) == (before.id, "改名网格", before.version + 1)
    assert after.parent_id == before.parent_id  # no parent code given: the parent stays
    assert after.area_m2 == pytest.approx(2 * CELL_M2, rel=1e-3)


def test_gcj02_input_stored_as_wgs84(database, tmp_path):
    """A boundary drawn on a GCJ-02 map is stored back in WGS-84 (within a metre)."""
    shifted = geometry_to_gcj02(polygon(ring(0, 0)))
    path = write_collection(tmp_path / "gcj.geojson", [feature(shifted, code="G1", name="火星网格")])
    result = import_grids(database, path, "grid", crs="gcj02")
    assert result.created == 1
    grid = regions(database)["G1"]
    metre = 1 / 111_000
    assert (grid.min_lon, grid.min_lat, grid.max_lon, grid.max_lat) == \
        pytest.approx((LON0, LAT0, LON0 + CELL, LAT0 + CELL), abs=metre)


def test_bow_tie_repaired_and_reported(database, tmp_path):
    """A bow-tie (two vertices swapped) is split into its two triangles and reported with its place."""
    x0, y0, x1, y1 = LON0, LAT0, LON0 + CELL, LAT0 + CELL
    bow_tie = polygon([[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]])
    path = write_collection(tmp_path / "bow.geojson", [
        feature(polygon(ring(2, 0)), 编码="G1", 名称="正常"), feature(bow_tie, 编码="G2", 名称="蝴蝶")])
    result = import_grids(database, path, "grid")
    assert (result.created, len(result.rejects)) == (2, 0)
    assert [i.describe() for i in result.repairs] == [
        "第 2 个要素（编码 G2）：边界自相交（位置 116.305000, 39.905000），已自动修复"]
    grid = regions(database)["G2"]
    assert grid.boundary["type"] == "MultiPolygon" and len(grid.boundary["coordinates"]) == 2
    assert grid.area_m2 == pytest.approx(CELL_M2 / 2, rel=1e-2)


def test_overlaps_reported_with_area_not_rejected(database, tmp_path):
    """Grids overlapping by half a cell are imported and the pair reported; neighbours that only
    touch are not."""
    path = write_collection(tmp_path / "o.geojson", [
        feature(polygon(ring(0, 0)), code="A"), feature(polygon(ring(0.5, 0)), code="B"),
        feature(polygon(ring(1.5, 0)), code="C")])
    result = import_grids(database, path, "grid")
    assert result.created == 3
    assert [(o.code_a, o.code_b) for o in result.overlaps] == [("A", "B")]
    assert result.overlaps[0].area_m2 == pytest.approx(CELL_M2 / 2, rel=1e-2)
    second = write_collection(tmp_path / "o2.geojson", [feature(polygon(ring(2.25, 0, 0.5, 0.5)), code="D")])
    assert [(o.code_a, o.code_b) for o in import_grids(database, second, "grid").overlaps] == [("D", "C")]


def test_unusable_features_rejected_with_number_and_reason(community, tmp_path):
    """Every kind of unusable feature is rejected with its number (from 1) and reason; the rest import."""
    add_region(community, "G0", "旧网格", "grid")
    tiny = polygon([[LON0, LAT0], [LON0 + 1e-5, LAT0], [LON0 + 1e-5, LAT0 + 1e-5], [LON0, LAT0]])
    line = polygon([[LON0, LAT0], [LON0 + CELL, LAT0], [LON0 + 2 * CELL, LAT0], [LON0, LAT0]])
    features = [
        feature(polygon(ring(0, 0)), 编码="G1", 名称="好的", 上级编码="110105001001"),
        {"type": "Feature", "properties": {"编码": "G2"}},
        feature({"type": "Point", "coordinates": [LON0, LAT0]}, 编码="G3"),
        feature(polygon(ring(1, 0)), 名称="没有编码"),
        feature(polygon(ring(2, 0)), 编码="G5", 上级编码="999"),
        feature(polygon(ring(3, 0)), 编码="G6"),
        feature(polygon(ring(4, 0)), 编码="G6"),
        feature(tiny, 编码="G8"),
        feature(line, 编码="G9"),
        feature(polygon(ring(5, 0)), 编码="G10", 上级编码="G0"),
        feature(polygon(ring(6, 0)), 编码="110105001001"),
        feature(polygon([[3_500_000, 4_400_000], [3_500_100, 4_400_000], [3_500_100, 4_400_100],
                         [3_500_000, 4_400_000]]), 编码="G12"),
        "not a feature",
    ]
    result = import_grids(community, write_collection(tmp_path / "bad.geojson", features), "grid")
    assert (result.total, result.created, len(result.rejects)) == (13, 1, 12)
    assert [i.describe() for i in result.rejects] == [
        "第 2 个要素（编码 G2）：没有几何图形",
        "第 3 个要素（编码 G3）：几何类型为 Point，应为 Polygon 或 MultiPolygon",
        "第 4 个要素：缺少编码（字段“编码”为空）",
        "第 5 个要素（编码 G5）：上级编码“999”不存在",
        "第 6 个要素（编码 G6）：编码在文件中重复（第 6、7 个要素）",
        "第 7 个要素（编码 G6）：编码在文件中重复（第 6、7 个要素）",
        "第 8 个要素（编码 G8）：边界面积约为 0（0.47 平方米）",
        "第 9 个要素（编码 G9）：边界无效且修复后不剩任何面",
        "第 10 个要素（编码 G10）：上级编码“G0”是网格“旧网格”，不能作为网格的上级",
        "第 11 个要素（编码 110105001001）：编码已被社区“吉祥里社区”使用",
        "第 12 个要素（编码 G12）：坐标超出经纬度范围（可能是投影坐标，请先转换为 WGS-84 或 GCJ-02 经纬度）",
        "第 13 个要素：不是 GeoJSON 要素（Feature）",
    ]
    assert set(regions(community)) == {"G0", "G1"}


@pytest.mark.parametrize("content, message", [
    ("{not json", "“f.geojson”不是有效的 JSON：第 1 行第 2 列 Expecting property name enclosed in double quotes"),
    ('{"type": "Feature", "geometry": null}', "“f.geojson”不是 GeoJSON 要素集（FeatureCollection），而是“Feature”"),
    ("[1, 2]", "“f.geojson”不是 GeoJSON 要素集（FeatureCollection），而是“list”"),
    ('{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4547"}}, "features": []}',
     "“f.geojson”的坐标系为“EPSG:4547”，不是经纬度；请在 GIS 软件中导出为 WGS-84（EPSG:4326）或 CGCS2000（EPSG:4490）经纬度"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"x": 1}}]}',
     "找不到编码字段（如 编码、代码、code），请用 --code-field 指定；文件中的字段：x"),
])
def test_unreadable_file_refused_as_a_whole(tmp_path, content, message):
    """A file that is not a usable FeatureCollection is refused as a whole with one message."""
    path = tmp_path / "f.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GridFileError) as error:
        read_grid_file(path, "grid")
    assert str(error.value) == message


def test_unreadable_file_imports_nothing(database, tmp_path):
    """Importing a file that is not GeoJSON leaves the regions as they were."""
    path = tmp_path / "f.geojson"
    path.write_bytes(b"\x89PNG not json")
    with pytest.raises(GridFileError, match="不是 UTF-8 编码的 GeoJSON 文件"):
        import_grids(database, path, "grid")
    assert regions(database) == {}


def test_failure_inside_the_transaction_changes_nothing(community, tmp_path, monkeypatch):
    """If anything fails after rows were written, the whole import is rolled back."""
    import_grids(community, write_collection(tmp_path / "a.geojson", good_features()), "grid")
    before = {code: (r.name, r.version) for code, r in regions(community).items()}
    changed = [feature(polygon(ring(5, 0)), 网格编码="NEW", 网格名称="新")] + [
        feature(polygon(ring(i, 1)), 网格编码=f"110105001001{i:03d}", 网格名称="改名") for i in (1, 2, 3)]

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(grid_import_module, "find_overlaps", broken)
    with pytest.raises(RuntimeError):
        import_grids(community, write_collection(tmp_path / "b.geojson", changed), "grid")
    assert {code: (r.name, r.version) for code, r in regions(community).items()} == before
    with community.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1
