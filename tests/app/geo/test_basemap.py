"""The administrator's basemap setting: validated, stored in the settings table, read back."""

import pytest
from sqlalchemy import delete, select

from app.geo.basemap import (
    BASEMAP_KEY,
    NO_BASEMAP,
    Basemap,
    BasemapError,
    get_basemap,
    set_basemap,
    validate_basemap,
)
from db.schema import Setting
from tests.app.geo.samples import write_test_mbtiles


@pytest.fixture
def db(database):
    """The test database; the basemap row is removed afterwards (settings survive PostgreSQL cleanup)."""
    yield database
    with database.write() as session:
        session.execute(delete(Setting).where(Setting.key == BASEMAP_KEY))


def stored(database):
    with database.read() as session:
        return session.scalar(select(Setting.value).where(Setting.key == BASEMAP_KEY))


def test_default_is_no_basemap(db):
    """A database never configured shows grids on a plain background."""
    assert get_basemap(db) == NO_BASEMAP


def test_mbtiles_and_xyz_round_trip(db, tmp_path):
    """An MBTiles file, then an online URL, are stored and read back (the second replaces the first)."""
    path = write_test_mbtiles(tmp_path / "底图.mbtiles")
    saved = set_basemap(db, Basemap(kind="mbtiles", path=f"  {path}  ", url="ignored"))
    assert saved == Basemap(kind="mbtiles", path=str(path), crs="wgs84")
    assert get_basemap(db) == saved
    url = "https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8"
    set_basemap(db, Basemap(kind="xyz", url=url, crs="gcj02"))
    assert get_basemap(db) == Basemap(kind="xyz", url=url, crs="gcj02")
    assert '"crs": "gcj02"' in stored(db)


@pytest.mark.parametrize("basemap, message", [
    (Basemap(kind="wms"), "底图类型“wms”无效"),
    (Basemap(kind="xyz", url="https://t.example.cn/{z}/{x}/{y}.png", crs="bd09"), "底图坐标系“bd09”无效"),
    (Basemap(kind="xyz", url="https://t.example.cn/{z}/{x}.png"), "缺少 {y}"),
    (Basemap(kind="xyz", url="ftp://t.example.cn/{z}/{x}/{y}.png"), "应以 http:// 或 https:// 开头"),
    (Basemap(kind="xyz", url=" "), "请填写在线底图的瓦片地址"),
    (Basemap(kind="mbtiles", path=""), "请选择 MBTiles 底图文件"),
    (Basemap(kind="mbtiles", path="/no/such/file.mbtiles"), "找不到底图文件"),
])
def test_bad_settings_refused(basemap, message):
    """Each wrong setting is refused with its reason."""
    with pytest.raises(BasemapError, match=message.replace("{", r"\{").replace("}", r"\}")):
        validate_basemap(basemap)


def test_refused_setting_keeps_the_stored_one(db, tmp_path):
    """A file that is not MBTiles is refused with the reader's message; the stored choice stays."""
    url = "https://t.example.cn/{z}/{x}/{y}.png"
    set_basemap(db, Basemap(kind="xyz", url=url))
    path = tmp_path / "photo.mbtiles"
    path.write_bytes(b"\xff\xd8\xff" + b"0" * 200)
    with pytest.raises(BasemapError, match="不是 SQLite 数据库文件"):
        set_basemap(db, Basemap(kind="mbtiles", path=str(path)))
    assert get_basemap(db) == Basemap(kind="xyz", url=url)


def test_damaged_stored_value_reads_as_no_basemap(db):
    """A value edited by hand into nonsense does not break the map: no basemap."""
    with db.write() as session:
        session.add(Setting(key=BASEMAP_KEY, value="{not json"))
    assert get_basemap(db) == NO_BASEMAP
