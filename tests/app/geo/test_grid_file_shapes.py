"""GeoJSON of any shape gets an answer: the file refused with one line, or the feature rejected with
its number and reason, never a traceback (AttributeError, GEOSException, RecursionError, OverflowError)."""

import json

import pytest

from app.geo.grid_file import MAX_FILE_MB, GridFileError, read_grid_file
from tests.app.geo.samples import feature, polygon, ring, write_collection

GOOD = feature(polygon(ring(0, 0)), 编码="G1")
SQUARE = json.dumps(polygon(ring(1, 0))["coordinates"])
STRUCTURE = "坐标的结构不符合 Polygon（应为由环组成的列表，每个环由 [经度, 纬度] 点组成）"


def read_text(tmp_path, text: str):
    """read_grid_file on a file holding `text`."""
    path = tmp_path / "f.geojson"
    path.write_text(text, encoding="utf-8")
    return read_grid_file(path, "grid")


def second_feature_rejected(tmp_path, bad_feature_json: str) -> list[str]:
    """Read a file of a good feature and `bad_feature_json`; the good one must be kept. Rejections."""
    result = read_text(tmp_path, '{"type": "FeatureCollection", "features": ['
                       f'{json.dumps(GOOD, ensure_ascii=False)}, {bad_feature_json}]}}')
    assert [f.code for f in result.features] == ["G1"]
    return [issue.describe() for issue in result.rejects]


def bad_coordinates(coordinates: str) -> str:
    """A feature G2 whose Polygon coordinates are the JSON text `coordinates`."""
    return ('{"type": "Feature", "properties": {"编码": "G2"}, '
            f'"geometry": {{"type": "Polygon", "coordinates": {coordinates}}}}}')


def test_crs_properties_a_string_refuses_the_file(tmp_path):
    """A crs whose properties are a string (AttributeError before) refuses the file in one line."""
    with pytest.raises(GridFileError, match=r"“f.geojson”的 crs 成员无法识别"):
        read_text(tmp_path, '{"type": "FeatureCollection", "crs": {"type": "name", "properties": "EPSG:3857"},'
                            ' "features": []}')


def test_crs_a_list_refuses_the_file(tmp_path):
    """A crs that is a list (silently ignored before) refuses the file."""
    with pytest.raises(GridFileError, match=r"“f.geojson”的 crs 成员无法识别"):
        read_text(tmp_path, '{"type": "FeatureCollection", "crs": [4326], "features": []}')


def test_crs_old_epsg_code_form_accepted_or_refused_by_its_code(tmp_path):
    """The oldest crs form {"type": "EPSG", "properties": {"code": …}}: 4326 reads, 3857 is refused."""
    features = json.dumps([GOOD], ensure_ascii=False)
    ok = read_text(tmp_path, '{"type": "FeatureCollection", "crs": {"type": "EPSG", "properties": {"code": 4326}},'
                             f' "features": {features}}}')
    assert [f.code for f in ok.features] == ["G1"]
    with pytest.raises(GridFileError, match="坐标系为“EPSG:3857”，不是经纬度"):
        read_text(tmp_path, '{"type": "FeatureCollection", "crs": {"type": "EPSG", "properties": {"code": 3857}},'
                            ' "features": []}')


def test_properties_a_list_rejects_the_feature(tmp_path):
    """Properties that are a list (AttributeError before) reject that feature only."""
    rejects = second_feature_rejected(tmp_path, f'{{"type": "Feature", "properties": ["编码", "G2"], '
                                                f'"geometry": {{"type": "Polygon", "coordinates": {SQUARE}}}}}')
    assert rejects == ["第 2 个要素：属性（properties）是列表，应为“字段: 值”的对象"]


def test_properties_a_string_rejects_the_feature(tmp_path):
    """Properties that are a string (AttributeError before) reject that feature only."""
    rejects = second_feature_rejected(tmp_path, f'{{"type": "Feature", "properties": "编码=G2", '
                                                f'"geometry": {{"type": "Polygon", "coordinates": {SQUARE}}}}}')
    assert rejects == ["第 2 个要素：属性（properties）是文字，应为“字段: 值”的对象"]


def test_code_a_list_rejects_the_feature(tmp_path):
    """A code that is a list (stored as its Python text before) rejects the feature."""
    rejects = second_feature_rejected(tmp_path, '{"type": "Feature", "properties": {"编码": ["G2"]}, '
                                                f'"geometry": {{"type": "Polygon", "coordinates": {SQUARE}}}}}')
    assert rejects == ["第 2 个要素：编码、名称或上级编码的值是列表或对象，应为文字或数字"]


def test_nan_coordinate_rejects_the_feature(tmp_path):
    """A NaN coordinate (GEOSException before) rejects the feature."""
    rejects = second_feature_rejected(tmp_path, bad_coordinates(
        "[[[NaN, 39.9], [116.31, 39.9], [116.31, 39.91], [116.3, 39.91], [NaN, 39.9]]]"))
    assert rejects == ["第 2 个要素（编码 G2）：坐标不是有限数值（NaN 或无穷大）"]


def test_infinite_coordinate_rejects_the_feature(tmp_path):
    """An Infinity coordinate is named as not finite, not as a projection mistake."""
    rejects = second_feature_rejected(tmp_path, bad_coordinates(
        "[[[116.3, 39.9], [Infinity, 39.9], [116.31, 39.91], [116.3, 39.9]]]"))
    assert rejects == ["第 2 个要素（编码 G2）：坐标不是有限数值（NaN 或无穷大）"]


def test_coordinate_too_large_for_a_float_rejects_the_feature(tmp_path):
    """An integer of 400 digits (OverflowError before) is out of the lon/lat range."""
    rejects = second_feature_rejected(tmp_path, bad_coordinates(
        f"[[[116.3, 39.9], [1{'0' * 400}, 39.9], [116.31, 39.91], [116.3, 39.9]]]"))
    assert rejects == ["第 2 个要素（编码 G2）：坐标超出经纬度范围（可能是投影坐标，请先转换为 WGS-84 或 GCJ-02 经纬度）"]


def test_coordinates_as_strings_reject_the_feature(tmp_path):
    """Coordinates written as strings (silently read as numbers before) reject the feature."""
    rejects = second_feature_rejected(tmp_path, bad_coordinates(
        '[[["116.3", "39.9"], ["116.31", "39.9"], ["116.31", "39.91"], ["116.3", "39.9"]]]'))
    assert rejects == ["第 2 个要素（编码 G2）：坐标不是数字（文字“116.3”）"]


def test_coordinates_as_booleans_reject_the_feature(tmp_path):
    """true/false where a number belongs (read as 1/0 before) rejects the feature."""
    rejects = second_feature_rejected(tmp_path, bad_coordinates(
        "[[[true, 39.9], [116.31, 39.9], [116.31, 39.91], [true, 39.9]]]"))
    assert rejects == ["第 2 个要素（编码 G2）：坐标不是数字（true）"]


def test_coordinates_nested_too_deep_reject_the_feature(tmp_path):
    """Rings wrapped in 900 extra lists (RecursionError before) reject the feature."""
    deep = "[" * 900 + SQUARE + "]" * 900
    assert second_feature_rejected(tmp_path, bad_coordinates(deep)) == [f"第 2 个要素（编码 G2）：{STRUCTURE}"]


@pytest.mark.parametrize("coordinates", ["null", '{"a": 1}', "5", "[[[116.3]]]", "[[116.3, 39.9]]"])
def test_coordinates_of_the_wrong_shape_reject_the_feature(tmp_path, coordinates):
    """Coordinates that are not rings of positions reject the feature with one sentence."""
    rejects = second_feature_rejected(tmp_path, bad_coordinates(coordinates))
    assert len(rejects) == 1 and rejects[0].startswith("第 2 个要素（编码 G2）：坐标")


def test_geometry_null_rejects_the_feature(tmp_path):
    """A feature whose geometry is null is rejected as having none."""
    rejects = second_feature_rejected(tmp_path, '{"type": "Feature", "properties": {"编码": "G2"}, "geometry": null}')
    assert rejects == ["第 2 个要素（编码 G2）：没有几何图形"]


def test_json_nested_too_deep_refuses_the_file(tmp_path):
    """100,000 nested arrays (RecursionError in the JSON reader before) refuse the file in one line."""
    with pytest.raises(GridFileError, match="JSON 嵌套层数过深"):
        read_text(tmp_path, '{"type": "FeatureCollection", "features": [' + "[" * 100_000 + "]" * 100_000 + "]}")


def test_type_member_nested_deep_refuses_the_file_by_its_kind(tmp_path):
    """A "type" that is 800 nested lists (RecursionError when shown before) is named by its kind."""
    with pytest.raises(GridFileError, match="不是 GeoJSON 要素集（FeatureCollection），而是“list”"):
        read_text(tmp_path, '{"type": ' + "[" * 800 + "]" * 800 + ', "features": []}')


def test_number_of_thousands_of_digits_refuses_the_file(tmp_path):
    """An integer past Python's conversion limit (ValueError before) refuses the file."""
    with pytest.raises(GridFileError, match="位数过多的数字"):
        read_text(tmp_path, '{"type": "FeatureCollection", "features": [], "x": ' + "9" * 5000 + "}")


def test_huge_file_refused_before_it_is_read(tmp_path):
    """A file past the size limit is refused by its size, without reading it."""
    path = tmp_path / "huge.geojson"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_MB * 1024 * 1024 + 1)
    with pytest.raises(GridFileError, match=rf"“huge.geojson”过大（100 MB，上限 {MAX_FILE_MB} MB）"):
        read_grid_file(path, "grid")


def test_every_feature_with_list_properties_refuses_the_file(tmp_path):
    """When no feature has usable properties, the file is refused: no code field can be found."""
    bad = feature(polygon(ring(0, 0)))
    bad["properties"] = ["编码"]
    with pytest.raises(GridFileError, match="找不到编码字段"):
        read_grid_file(write_collection(tmp_path / "f.geojson", [bad]), "grid")
