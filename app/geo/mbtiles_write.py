"""Writing small MBTiles files: for tests, the demo and benchmarks (real files, real PNG tiles).

Tiles are given in XYZ order (as the map asks for them) and stored in TMS order, the way
MBTiles files made by GIS tools are.
"""

from __future__ import annotations

import sqlite3
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path


def solid_png(rgb: tuple[int, int, int], size: int = 256) -> bytes:
    """A valid PNG image of one colour (no imaging library needed)."""
    raw_row = b"\x00" + bytes(rgb) * size  # filter byte 0, then RGB pixels
    pixels = zlib.compress(raw_row * size, 9)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_mbtiles(path: str | Path, tiles: Mapping[tuple[int, int, int], bytes], *, name: str = "底图",
                  tile_format: str = "png", bounds: tuple[float, float, float, float] | None = None,
                  metadata: Mapping[str, str] | None = None) -> Path:
    """Create (or replace) an MBTiles file holding `tiles` {(z, x, y) XYZ: image bytes}."""
    path = Path(path)
    path.unlink(missing_ok=True)
    zooms = [z for z, _, _ in tiles] or [0]
    meta = {"name": name, "format": tile_format, "type": "baselayer", "version": "1.0",
            "minzoom": str(min(zooms)), "maxzoom": str(max(zooms))}
    if bounds is not None:
        meta["bounds"] = ",".join(str(v) for v in bounds)
    meta.update(metadata or {})
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
            conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
                         "tile_data BLOB)")
            conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
            conn.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
            conn.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                             [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()])
    finally:
        conn.close()
    return path
