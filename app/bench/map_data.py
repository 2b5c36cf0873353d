"""A large district for the map benchmark: 2,000 grid polygons and 10,000 open cases inside them.

The grids are the geography benchmark's jittered lattice, imported like a real boundary file;
the cases are created through the same path as an import (each one's grid found from its point).
"""

from __future__ import annotations

import random
import tempfile
from datetime import timedelta
from pathlib import Path

from app.bench.geo_bench import CELL_DEG, COLS, ORIGIN, ROWS, jittered_lattice, write_lattice_geojson
from app.cases.drafts import CaseDraft
from app.cases.service import CaseCreator, CaseService
from app.cases.states import CaseStatus
from app.geo.grid_import import import_grids

BATCH = 1000


def fill_map_district(service: CaseService, cases: int = 10_000, seed: int = 5) -> int:
    """Import the 50 × 40 lattice of grids and create `cases` registered cases in it; returns grids made."""
    with tempfile.TemporaryDirectory(prefix="gridcc-map-") as folder:
        path = write_lattice_geojson(Path(folder) / "grids.geojson", jittered_lattice(COLS, ROWS))
        created = import_grids(service.database, path, "grid").created
    rng = random.Random(seed)
    config = service.config()
    now = service.now()
    categories = [c.code for c in config.rules.categories.values() if c.parent_id]
    width, height = COLS * CELL_DEG[0], ROWS * CELL_DEG[1]
    for start in range(0, cases, BATCH):
        with service.database.write() as session:
            creator = CaseCreator(session, config, now)
            for n in range(start, min(start + BATCH, cases)):
                creator.create(CaseDraft(
                    source="网格员上报", category=rng.choice(categories), description=f"地图测试事件 {n}",
                    reported_at=now - timedelta(minutes=rng.randrange(20 * 24 * 60)),
                    lon=ORIGIN[0] + rng.uniform(0.01, 0.99) * width, lat=ORIGIN[1] + rng.uniform(0.01, 0.99) * height,
                    status=CaseStatus.REGISTERED,
                ), "bench")
    return created
