"""Benchmarks of the geography: point-in-grid for many points, and a boundary file import.

The grids are a jittered lattice — neighbouring cells share their (moved) corners, so the
polygons tile the area without gaps or overlaps, like a real district's grids — 50 × 40 cells
over about 20 × 18 km around a city centre.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from app.bench.runner import Metric, best_ms
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.geo.grid_import import import_grids
from app.geo.locator import GridLocator

COLS, ROWS = 50, 40
ORIGIN = (116.30, 39.80)
CELL_DEG = (0.0047, 0.0041)  # ≈ 400 × 455 m at this latitude
POINTS = 100_000
LOOP_POINTS = 10_000
REPEATS = 3


def run(pg_url: str | None = None) -> list[Metric]:
    """Locator metrics in memory; import metrics on SQLite, and on PostgreSQL when given."""
    cells = jittered_lattice(COLS, ROWS)
    metrics = [Metric("geo.grids", len(cells), "polygons")] + _locator_metrics(cells)
    with tempfile.TemporaryDirectory(prefix="gridcc-geo-") as folder:
        path = write_lattice_geojson(Path(folder) / "grids.geojson", cells)
        with scratch_sqlite() as database:
            metrics += _import_metrics(database, path, "geo")
        if pg_url:
            with scratch_postgresql(pg_url) as database:
                metrics += _import_metrics(database, path, "geo.pg")
    return metrics


def jittered_lattice(cols: int, rows: int, seed: int = 11) -> list[list[list[float]]]:
    """Closed rings (lon/lat) of cols × rows cells whose shared corners moved by up to 20 %."""
    rng = random.Random(seed)
    dx, dy = CELL_DEG
    corners = [[(ORIGIN[0] + i * dx + (rng.uniform(-0.2, 0.2) * dx if 0 < i < cols else 0.0),
                 ORIGIN[1] + j * dy + (rng.uniform(-0.2, 0.2) * dy if 0 < j < rows else 0.0))
                for j in range(rows + 1)] for i in range(cols + 1)]
    rings = []
    for i in range(cols):
        for j in range(rows):
            ring = [corners[i][j], corners[i + 1][j], corners[i + 1][j + 1], corners[i][j + 1], corners[i][j]]
            rings.append([[round(x, 7), round(y, 7)] for x, y in ring])
    return rings


def write_lattice_geojson(path: Path, rings) -> Path:
    """The lattice as a GIS department would send it: Chinese property names, 15-digit codes."""
    features = [{"type": "Feature",
                 "properties": {"网格编码": f"110105001{n // 100 + 1:03d}{n % 100 + 1:03d}", "网格名称": f"第{n + 1}网格"},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}} for n, ring in enumerate(rings)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path



def _locator_metrics(rings) -> list[Metric]:
    grids = [(uuid.uuid4(), {"type": "Polygon", "coordinates": [ring]}) for ring in rings]
    build_ms = best_ms(lambda: GridLocator(grids), REPEATS)
    locator = GridLocator(grids)
    rng = np.random.default_rng(5)
    lons = ORIGIN[0] + rng.uniform(0.01, 0.99, POINTS) * COLS * CELL_DEG[0]
    lats = ORIGIN[1] + rng.uniform(0.01, 0.99, POINTS) * ROWS * CELL_DEG[1]
    found = locator.locate_many(lons, lats)
    loop_lons, loop_lats = lons[:LOOP_POINTS].tolist(), lats[:LOOP_POINTS].tolist()
    loop_ms = best_ms(lambda: [locator.locate(x, y) for x, y in zip(loop_lons, loop_lats)], REPEATS)
    return [
        Metric("geo.locator_build_ms", build_ms, "ms"),
        Metric("geo.locate_100k_ms", best_ms(lambda: locator.locate_many(lons, lats), REPEATS), "ms"),
        Metric("geo.locate_100k_found", sum(g is not None for g in found), "points"),
        Metric("geo.locate_loop_10k_ms", loop_ms, "ms"),
    ]


def _import_metrics(database, path: Path, prefix: str) -> list[Metric]:
    started = time.perf_counter()
    first = import_grids(database, path, "grid")
    first_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    again = import_grids(database, path, "grid")
    again_ms = (time.perf_counter() - started) * 1000
    return [
        Metric(f"{prefix}.import_2000_ms", round(first_ms, 1), "ms"),
        Metric(f"{prefix}.import_created", first.created, "grids"),
        Metric(f"{prefix}.import_overlaps", len(first.overlaps), "pairs"),
        Metric(f"{prefix}.reimport_unchanged_ms", round(again_ms, 1), "ms"),
        Metric(f"{prefix}.reimport_unchanged", again.unchanged, "grids"),
    ]
