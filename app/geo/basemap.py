"""The administrator's basemap choice: none, an MBTiles file, or an online XYZ tile URL.

Stored as JSON in the Setting row `map.basemap`, e.g.
{"kind": "mbtiles", "path": "D:/底图/城区.mbtiles", "crs": "wgs84"} or
{"kind": "xyz", "url": "https://…/{z}/{x}/{y}.png", "crs": "gcj02"}.
`crs` says which datum the tiles are drawn in: the map shifts the stored WGS-84 grids and cases
to GCJ-02 when the basemap needs it. Validation happens before anything is written.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.audit.changes import edit_entry
from app.geo.mbtiles import MBTiles, MBTilesError
from db.engine import Database
from db.schema import Setting

BASEMAP_KEY = "map.basemap"
KINDS = ("none", "mbtiles", "xyz")
CRS_NAMES = ("wgs84", "gcj02")
_VALUE_MAX = 500  # Setting.value column width
_log = logging.getLogger(__name__)


class BasemapError(ValueError):
    """A basemap setting that cannot be used (the message says what is wrong, in Chinese)."""


@dataclass(frozen=True, kw_only=True)
class Basemap:
    """One basemap choice; `path` is used by kind 'mbtiles', `url` by kind 'xyz'."""

    kind: str = "none"
    path: str | None = None
    url: str | None = None
    crs: str = "wgs84"

    def as_dict(self) -> dict:
        data = {"kind": self.kind, "crs": self.crs}
        if self.kind == "mbtiles":
            data["path"] = self.path
        elif self.kind == "xyz":
            data["url"] = self.url
        return data


NO_BASEMAP = Basemap()


def validate_basemap(basemap: Basemap) -> Basemap:
    """The basemap normalised (trimmed, only the fields its kind uses), or BasemapError."""
    if basemap.kind not in KINDS:
        raise BasemapError(f"底图类型“{basemap.kind}”无效，应为 none（无底图）、mbtiles 或 xyz")
    if basemap.crs not in CRS_NAMES:
        raise BasemapError(f"底图坐标系“{basemap.crs}”无效，应为 wgs84 或 gcj02")
    if basemap.kind == "none":
        return Basemap(kind="none", crs=basemap.crs)
    if basemap.kind == "mbtiles":
        return Basemap(kind="mbtiles", path=_checked_path(basemap.path), crs=basemap.crs)
    return Basemap(kind="xyz", url=_checked_url(basemap.url), crs=basemap.crs)


def _checked_path(path: str | None) -> str:
    text = (path or "").strip()
    if not text:
        raise BasemapError("请选择 MBTiles 底图文件")
    resolved = Path(text).expanduser()
    try:
        MBTiles(resolved).close()  # opens it: exists, is SQLite, has the MBTiles tables
    except MBTilesError as exc:
        raise BasemapError(str(exc)) from None
    return str(resolved.absolute())


def _checked_url(url: str | None) -> str:
    text = (url or "").strip()
    if not text:
        raise BasemapError("请填写在线底图的瓦片地址，例如 https://tile.example.cn/{z}/{x}/{y}.png")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BasemapError(f"瓦片地址“{text}”应以 http:// 或 https:// 开头")
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in text]
    if missing:
        raise BasemapError(f"瓦片地址“{text}”缺少 {' '.join(missing)}，应含 {{z}} {{x}} {{y}} 三个占位符")
    return text


def basemap_from_json(text: str | None) -> Basemap:
    """The stored value read back; a missing or damaged value means no basemap (logged)."""
    if not text:
        return NO_BASEMAP
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise TypeError("not an object")
        return Basemap(kind=str(data.get("kind", "none")), path=data.get("path"), url=data.get("url"),
                       crs=str(data.get("crs", "wgs84")))
    except (ValueError, TypeError):
        _log.warning("底图设置 %s 无法读取，按“无底图”处理：%s", BASEMAP_KEY, text[:80])
        return NO_BASEMAP


def get_basemap(database: Database) -> Basemap:
    """The basemap the map should show (as stored; the file may since have gone — the map checks)."""
    with database.read() as session:
        text = session.scalar(select(Setting.value).where(Setting.key == BASEMAP_KEY,
                                                          Setting.deleted_at.is_(None)))
    return basemap_from_json(text)


def set_basemap(database: Database, basemap: Basemap, *, actor: str = "system",
                workstation: str | None = None, principal: Principal = SYSTEM) -> Basemap:
    """Validate and store the administrator's choice; returns what was stored. The change is
    audited (old → new). The acting `principal` needs config.edit."""
    require(database, principal, "config.edit", entity="settings")
    checked = validate_basemap(basemap)
    value = json.dumps(checked.as_dict(), ensure_ascii=False)
    if len(value) > _VALUE_MAX:
        raise BasemapError(f"底图设置过长（{len(value)} 个字符，最多 {_VALUE_MAX}），请把文件放到路径较短的文件夹")
    before = get_basemap(database).as_dict()
    with database.write() as session:
        row = session.scalar(select(Setting).where(Setting.key == BASEMAP_KEY))
        if row is None:
            session.add(Setting(key=BASEMAP_KEY, value=value))
        else:
            row.value, row.deleted_at = value, None
        entry = edit_entry(actor=actor, workstation=workstation, action="change_settings", entity="settings",
                           before=before, after=checked.as_dict(), extra={"key": BASEMAP_KEY})
        if entry is not None:
            session.add(entry)
    return checked
