"""`gridcc grids import | reassign | locate`: reports and exit codes (0 done, 1 partly, 2 nothing)."""

import shutil

import pytest

from app.cli.main import main
from tests.cli_runs import without_account_warning
from tests.app.geo.samples import centre, feature, polygon, ring, write_collection


def runner(url: str, capsys):
    """Run gridcc on the database at `url`; returns (exit code, stdout, stderr)."""

    def gridcc(*argv):
        try:
            code = main(["--db", url, *[str(a) for a in argv]])
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, without_account_warning(err)

    return gridcc


@pytest.fixture
def run(database, capsys):
    """gridcc on the test database (SQLite and PostgreSQL)."""
    return runner(database.url.render_as_string(hide_password=False), capsys)


@pytest.fixture
def run_sqlite(sqlite_template, tmp_path, capsys):
    """gridcc on a SQLite copy, for argument checks that never reach the data."""
    path = tmp_path / "cli.db"
    shutil.copy(sqlite_template, path)
    return runner(f"sqlite:///{path}", capsys)


def test_import_report_and_exit_codes(run, tmp_path):
    """A clean file exits 0; a file with a rejected feature exits 1 and names it."""
    good = write_collection(tmp_path / "g.geojson", [
        feature(polygon(ring(0, 0)), 网格编码="G1", 网格名称="网格一"),
        feature(polygon(ring(0.5, 0)), 网格编码="G2", 网格名称="网格二")])
    code, out, err = run("grids", "import", good, "--level", "grid")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "字段：编码“网格编码”，名称“网格名称”，上级编码“（无，上级不变）”",
        "共 2 个要素：新建网格 2 个，更新 0 个，未变 0 个，拒绝 0 个，修复 0 个",
    ]
    assert "相互重叠的网格 1 对（已导入，请核对边界）：" in out and "G1 与 G2：重叠 47." in out
    bad = write_collection(tmp_path / "b.geojson", [feature(polygon(ring(0, 0)), 网格编码="G1", 网格名称="网格一"),
                                                    feature(None, 网格编码="G3")])
    code, out, _ = run("grids", "import", bad, "--level", "grid")
    assert code == 1
    assert "共 2 个要素：新建网格 0 个，更新 0 个，未变 1 个，拒绝 1 个，修复 0 个" in out
    assert "  第 2 个要素（编码 G3）：没有几何图形" in out


@pytest.mark.parametrize("argv, message", [
    (["grids", "import", "{dir}/none.geojson", "--level", "grid"], "错误：找不到文件"),
    (["grids", "import", "{dir}/t.geojson", "--level", "grid", "--name-field", "名字"],
     "错误：--name-field 指定的字段“名字”在文件中不存在；文件中的字段：code"),
    (["grids", "import", "{dir}/t.geojson", "--level", "city"], "错误：参数 --level："),
    (["grids", "locate", "116.3", "北纬39"], "错误：纬度“北纬39”不是数字"),
    (["grids", "locate", "200", "39.9"], "错误：经度“200”超出范围（-180 到 180）"),
])
def test_bad_input_one_line_exit_2(run_sqlite, tmp_path, argv, message):
    """Unusable files, options and numbers: one error line, exit code 2."""
    write_collection(tmp_path / "t.geojson", [feature(polygon(ring(0, 0)), code="G1")])
    code, out, err = run_sqlite(*[a.format(dir=tmp_path) for a in argv])
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_locate_and_reassign(run, tmp_path):
    """locate prints the containing units or exits 1; reassign reports its count."""
    path = write_collection(tmp_path / "g.geojson", [feature(polygon(ring(0, 0)), code="G1", name="网格一")])
    assert run("grids", "import", path, "--level", "grid")[0] == 0
    code, out, _ = run("grids", "locate", *centre(0, 0))
    assert code == 0 and out.splitlines()[1].split() == ["网格", "G1", "网格一"]
    lon, lat = centre(5, 5)
    assert run("grids", "locate", lon, lat)[:2] == (1, f"坐标 {lon}, {lat} 不在任何网格、社区或街道内\n")
    assert run("grids", "reassign")[:2] == (0, "有坐标的案件 0 件，所属网格改变 0 件\n")


def test_import_of_malformed_features_reports_them_without_traceback(run, tmp_path):
    """A file mixing a good feature with NaN coordinates and list properties exits 1 and names both."""
    path = tmp_path / "m.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "properties": {"编码": "G1"}, "geometry": {"type": "Polygon", "coordinates": '
        '[[[116.3, 39.9], [116.31, 39.9], [116.31, 39.91], [116.3, 39.9]]]}},'
        '{"type": "Feature", "properties": {"编码": "G2"}, "geometry": {"type": "Polygon", "coordinates": '
        '[[[NaN, 39.9], [116.31, 39.9], [116.31, 39.91], [NaN, 39.9]]]}},'
        '{"type": "Feature", "properties": ["G3"], "geometry": null}]}', encoding="utf-8")
    code, out, err = run("grids", "import", path, "--level", "grid")
    assert (code, err) == (1, "")
    assert "  第 2 个要素（编码 G2）：坐标不是有限数值（NaN 或无穷大）" in out
    assert "  第 3 个要素：属性（properties）是列表，应为“字段: 值”的对象" in out
