"""MBTiles basemaps: metadata, XYZ → TMS row flip, files that are not MBTiles."""

import sqlite3

import pytest

from app.geo.mbtiles import MBTiles, MBTilesError
from tests.app.geo.samples import BLUE, RED, write_test_mbtiles


def test_metadata_read(tmp_path):
    """Name, format, zooms and bounds come from the metadata table."""
    path = write_test_mbtiles(tmp_path / "城区.mbtiles", name="城区底图", bounds=(116.2, 39.8, 116.5, 40.0))
    with MBTiles(path) as tiles:
        info = tiles.info
    assert (info.name, info.format, info.minzoom, info.maxzoom) == ("城区底图", "png", 1, 1)
    assert info.bounds == (116.2, 39.8, 116.5, 40.0)
    assert info.mime_type == "image/png"


def test_tile_rows_are_flipped_from_xyz_to_tms(tmp_path):
    """XYZ (1, 0, 0) is the north-west tile: stored at TMS row 1; missing tiles give None."""
    path = write_test_mbtiles(tmp_path / "b.mbtiles")
    conn = sqlite3.connect(path)
    stored = {(z, x, row): data for z, x, row, data in conn.execute("SELECT * FROM tiles")}
    conn.close()
    assert stored[(1, 0, 1)] == RED and stored[(1, 1, 0)] == BLUE
    with MBTiles(path) as tiles:
        assert tiles.tile(1, 0, 0) == RED
        assert tiles.tile(1, 1, 1) == BLUE
        assert tiles.tile(1, 0, 1) is None
        assert tiles.tile(1, 5, 0) is None  # beyond the zoom's range
        assert tiles.tile(3, 0, 0) is None


def test_missing_metadata_falls_back_to_tiles(tmp_path):
    """Without format or zooms in the metadata, they come from the tiles themselves."""
    path = write_test_mbtiles(tmp_path / "bare.mbtiles", {(3, 2, 2): RED, (5, 1, 1): RED})
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM metadata WHERE name IN ('format', 'minzoom', 'maxzoom', 'name')")
    conn.close()
    info = MBTiles(path).info
    assert (info.name, info.format, info.minzoom, info.maxzoom, info.bounds) == ("bare", "png", 3, 5, None)


@pytest.mark.parametrize("content, message", [
    (b"hello, not a database" * 20, "“bad.mbtiles”不是 MBTiles 底图：不是 SQLite 数据库文件"),
    (None, "“bad.mbtiles”不是 MBTiles 底图：缺少 metadata、tiles 表"),
])
def test_not_mbtiles_refused_in_chinese(tmp_path, content, message):
    """A text file, or an SQLite file without the MBTiles tables, is refused with the reason."""
    path = tmp_path / "bad.mbtiles"
    if content is None:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE other (a)")
        conn.close()
    else:
        path.write_bytes(content)
    with pytest.raises(MBTilesError) as error:
        MBTiles(path)
    assert str(error.value) == message


def test_missing_file_and_unknown_format(tmp_path):
    """A path that does not exist, and a format the map cannot draw, are both refused."""
    with pytest.raises(MBTilesError, match="找不到底图文件"):
        MBTiles(tmp_path / "none.mbtiles")
    path = write_test_mbtiles(tmp_path / "tif.mbtiles", tile_format="tiff")
    with pytest.raises(MBTilesError, match="瓦片格式“tiff”不受支持"):
        MBTiles(path)


def test_file_is_opened_read_only(tmp_path):
    """The basemap is never written to through the reader."""
    tiles = MBTiles(write_test_mbtiles(tmp_path / "ro.mbtiles"))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        tiles._conn.execute("DELETE FROM tiles")
    tiles.close()
