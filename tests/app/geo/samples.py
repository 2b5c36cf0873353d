"""Small GeoJSON boundary files and MBTiles basemaps written for the geo tests."""

from __future__ import annotations

import json
from pathlib import Path

from app.geo.mbtiles_write import solid_png, write_mbtiles

LON0, LAT0 = 116.30, 39.90  # Beijing, where GCJ-02 shifts by several hundred metres
CELL = 0.01  # ≈ 850 × 1100 m


def ring(col: float, row: float, width: float = 1, height: float = 1) -> list[list[float]]:
    """A closed rectangle of cells, counted from (LON0, LAT0)."""
    x0, y0 = LON0 + col * CELL, LAT0 + row * CELL
    x1, y1 = x0 + width * CELL, y0 + height * CELL
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def feature(geometry: dict | None, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write_collection(path: Path, features: list[dict], **extra) -> Path:
    """A FeatureCollection file as a GIS department sends it (UTF-8, Chinese left readable)."""
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def centre(col: float, row: float) -> tuple[float, float]:
    """The middle of cell (col, row)."""
    return LON0 + (col + 0.5) * CELL, LAT0 + (row + 0.5) * CELL


RED, BLUE = solid_png((200, 30, 30), 8), solid_png((30, 30, 200), 8)


def write_test_mbtiles(path: Path, tiles: dict | None = None, **options) -> Path:
    """A real MBTiles file with PNG tiles; default: a red tile at XYZ (1, 0, 0), blue at (1, 1, 1)."""
    return write_mbtiles(path, tiles if tiles is not None else {(1, 0, 0): RED, (1, 1, 1): BLUE}, **options)
