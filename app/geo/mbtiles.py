"""Reading an MBTiles basemap (one SQLite file of map tiles) without network or server.

MBTiles stores tiles in TMS order (row 0 at the south), the map asks in XYZ order (row 0 at
the north), so `tile(z, x, y)` flips the row. The file is opened read-only, and may be shared
by the threads of the map's URL scheme handler (one connection behind a lock).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Self

FORMAT_MIME = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
    "pbf": "application/x-protobuf",
}
_SIGNATURES = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"), (b"\x1f\x8b", "pbf"))


class MBTilesError(ValueError):
    """A file that cannot be used as an MBTiles basemap (the message says why, in Chinese)."""


@dataclass(frozen=True)
class MBTilesInfo:
    """What the basemap's metadata says (zooms and bounds from the tiles when it says nothing)."""

    name: str
    format: str
    minzoom: int | None
    maxzoom: int | None
    bounds: tuple[float, float, float, float] | None  # west, south, east, north (WGS-84)

    @property
    def mime_type(self) -> str:
        return FORMAT_MIME.get(self.format, "application/octet-stream")


class MBTiles:
    """An open MBTiles file: its metadata and `tile(z, x, y)`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise MBTilesError(f"找不到底图文件“{self.path}”")
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                         check_same_thread=False)
            names = {row[0] for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        except sqlite3.Error:
            self._close_quietly()
            raise MBTilesError(f"“{self.path.name}”不是 MBTiles 底图：不是 SQLite 数据库文件") from None
        missing = [n for n in ("metadata", "tiles") if n not in names]
        if missing:
            self._close_quietly()
            raise MBTilesError(f"“{self.path.name}”不是 MBTiles 底图：缺少 {'、'.join(missing)} 表")
        try:
            self.info = self._read_info()
        except sqlite3.Error as exc:
            self._close_quietly()
            raise MBTilesError(f"“{self.path.name}”不是可用的 MBTiles 底图：{exc}") from None

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at XYZ address (z, x, y), or None where the file has none."""
        if z < 0 or not (0 <= x < (1 << z) and 0 <= y < (1 << z)):
            return None
        tms_row = (1 << z) - 1 - y
        with self._lock:
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, tms_row),
            ).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _close_quietly(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    def _read_info(self) -> MBTilesInfo:
        meta = {str(k).strip().lower(): str(v).strip() for k, v in
                self._conn.execute("SELECT name, value FROM metadata") if k is not None and v is not None}
        fmt = meta.get("format", "").lower() or self._sniff_format()
        if fmt == "jpeg":
            fmt = "jpg"
        if fmt not in FORMAT_MIME:
            raise MBTilesError(f"“{self.path.name}”的瓦片格式“{fmt or '未知'}”不受支持，应为 png、jpg、webp 或 pbf")
        minzoom, maxzoom = _int_or_none(meta.get("minzoom")), _int_or_none(meta.get("maxzoom"))
        if minzoom is None or maxzoom is None:
            low, high = self._conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
            minzoom = low if minzoom is None else minzoom
            maxzoom = high if maxzoom is None else maxzoom
        return MBTilesInfo(name=meta.get("name") or self.path.stem, format=fmt, minzoom=minzoom,
                           maxzoom=maxzoom, bounds=_bounds_or_none(meta.get("bounds")))

    def _sniff_format(self) -> str:
        """The tile format from the first tile's magic bytes, for files whose metadata omits it."""
        row = self._conn.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
        data = bytes(row[0]) if row and row[0] is not None else b""
        return next((fmt for magic, fmt in _SIGNATURES if data.startswith(magic)), "")


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(float(text)) if text not in (None, "") else None
    except ValueError:
        return None


def _bounds_or_none(text: str | None) -> tuple[float, float, float, float] | None:
    """'west,south,east,north' as floats, or None when absent or malformed."""
    if not text:
        return None
    try:
        parts = tuple(float(p) for p in text.split(","))
    except ValueError:
        return None
    return parts if len(parts) == 4 else None
