"""`gridcc bench people`: the people search box and the visits-due list at two million residents.

The residents come from app/bench/people_data.py (generated once, cached). Each search kind is
timed over SAMPLES real persons — their full name, pinyin initials, full pinyin, ID tail, phone,
phone tail, and an address — through `search_people` exactly as the CLI and the GUI call it, and
reported as p50/p95 in milliseconds. The visits-due page (with its counts per light) is timed
as the median of a few runs. Peak RSS is the process's high-water mark, generation included.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time
import uuid

from sqlalchemy import func, select

from app.bench.people_data import DATA_NOW, DEFAULT_PERSONS, ensure_people_db
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql
from app.cases.lights import Light
from app.people.search import search_people
from app.people.visits import visits_due
from db.engine import Database
from db.schema import Building, Person

SAMPLES = 200
VISIT_RUNS = 5
KINDS = ("name", "initials", "pinyin", "id_tail", "phone", "phone_tail", "address")


def run(pg_url: str | None = None, persons: int = DEFAULT_PERSONS) -> list[Metric]:
    """The people metrics on the cached SQLite file, and on PostgreSQL when a server URL is given."""
    started = time.perf_counter()
    database = ensure_people_db(None, persons)
    metrics = [Metric("people.prepare_s", round(time.perf_counter() - started, 1), "s")]
    try:
        metrics += _measure(database, "people")
    finally:
        database.dispose()
    if pg_url:
        with scratch_postgresql(pg_url) as scratch:
            started = time.perf_counter()
            database = ensure_people_db(scratch.url.render_as_string(hide_password=False), persons)
            metrics.append(Metric("people.pg.load_s", round(time.perf_counter() - started, 1), "s"))
            try:
                metrics += _measure(database, "people.pg")
            finally:
                database.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    metrics.append(Metric("people.peak_rss_mb", round(peak_kb / 1024), "MB"))
    return metrics


def _measure(database: Database, prefix: str) -> list[Metric]:
    with database.read() as session:
        count = session.scalar(select(func.count()).select_from(Person))
    metrics = [Metric(f"{prefix}.persons", count, "persons")]
    queries = _queries(database, random.Random(4242))
    for kind in KINDS:
        timings, found = [], 0
        for text in queries[kind]:
            started = time.perf_counter()
            found += bool(search_people(database, text))
            timings.append((time.perf_counter() - started) * 1000)
        metrics += [
            Metric(f"{prefix}.search.{kind}.p50_ms", round(statistics.median(timings), 2), "ms"),
            Metric(f"{prefix}.search.{kind}.p95_ms", round(_p95(timings), 2), "ms"),
            Metric(f"{prefix}.search.{kind}.found", round(100 * found / len(timings)), "%"),
        ]
        print(f"  {prefix} {kind}: p95 {_p95(timings):.1f} ms", file=sys.stderr)
    metrics += _visit_metrics(database, prefix)
    return metrics


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _queries(database: Database, rng: random.Random) -> dict[str, list[str]]:
    """Search texts of each kind, from SAMPLES persons picked by seeking random keys."""
    with database.read() as session:
        low = session.scalar(select(Person.id).order_by(Person.id).limit(1))  # PostgreSQL has no min(uuid)
        high = session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1))
        queries: dict[str, list[str]] = {kind: [] for kind in KINDS}
        while len(queries["name"]) < SAMPLES:
            key = uuid.UUID(int=rng.randint(low.int, high.int))
            row = session.execute(
                select(Person.name, Person.name_initials, Person.name_pinyin, Person.id_number, Person.phone,
                       Building.address)
                .outerjoin(Building, Building.id == Person.building_id)
                .where(Person.id >= key).order_by(Person.id).limit(1)
            ).first()
            if row is None or not row.phone:
                continue
            queries["name"].append(row.name)
            queries["initials"].append(row.name_initials)
            queries["pinyin"].append(row.name_pinyin)
            queries["id_tail"].append(row.id_number[-6:])
            queries["phone"].append(row.phone)
            queries["phone_tail"].append(row.phone[-4:])
            queries["address"].append((row.address or "望海路1号").split(" ")[-1])
    return queries


def _visit_metrics(database: Database, prefix: str) -> list[Metric]:
    def median_ms(action) -> float:
        timings = []
        for _ in range(VISIT_RUNS):
            started = time.perf_counter()
            action()
            timings.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(timings), 1)

    result = visits_due(database, DATA_NOW, limit=50)
    return [
        Metric(f"{prefix}.visits.memberships", result.total, "clocks"),
        Metric(f"{prefix}.visits.red", result.counts[Light.RED], "clocks"),
        Metric(f"{prefix}.visits.page_ms", median_ms(lambda: visits_due(database, DATA_NOW, limit=50)), "ms"),
        Metric(f"{prefix}.visits.red_page_ms",
               median_ms(lambda: visits_due(database, DATA_NOW, light=Light.RED, limit=50)), "ms"),
        Metric(f"{prefix}.visits.grid_page_ms",
               median_ms(lambda: visits_due(database, DATA_NOW, grid="海棠社区第01网格", limit=50)), "ms"),
    ]
