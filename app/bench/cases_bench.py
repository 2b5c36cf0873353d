"""Benchmarks of the case core: insert rate, listing with lights, lights in one pass.

Each read is also done bare — the same columns through SQLAlchemy Core, no lights, no views —
and the ratio says what the product adds on top of the database.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from app.bench.runner import Metric, best_ms
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.cases.drafts import CaseDraft
from app.cases.lights import light_at
from app.cases.queries import CaseFilter, light_expression, list_select
from app.cases.service import CaseCreator, CaseService
from app.cases.states import OPEN_STATUSES, CaseStatus
from db.schema import Case

TOTAL_CASES = 100_000
OPEN_CASES = 10_000
BATCH = 5_000
REPEATS = 5
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)


def run(pg_url: str | None = None) -> list[Metric]:
    """The case metrics on SQLite, and on PostgreSQL when a server URL is given."""
    with scratch_sqlite() as database:
        metrics = _measure(database, "cases")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "cases.pg")
    return metrics


def _measure(database, prefix: str) -> list[Metric]:
    service = CaseService(database, now=lambda: NOW)
    seconds = _insert_cases(service)
    _close_all_but_open(database)
    metrics = [Metric(f"{prefix}.insert_rate", round(TOTAL_CASES / seconds), "cases/s")]
    metrics += _list_metrics(service, prefix)
    metrics += _lights_metrics(service, prefix)
    return metrics


def _insert_cases(service: CaseService, total: int = TOTAL_CASES) -> float:
    """Create `total` registered cases through the same path as an import; seconds taken."""
    rng = random.Random(7)
    config = service.config()
    categories = [c.code for c in config.rules.categories.values() if c.parent_id]
    started = time.perf_counter()
    for start in range(0, total, BATCH):
        with service.database.write() as session:
            creator = CaseCreator(session, config, NOW)
            for n in range(start, min(start + BATCH, total)):
                reported = NOW - timedelta(minutes=rng.randrange(90 * 24 * 60))
                creator.create(CaseDraft(
                    source="12345热线", category=rng.choice(categories), description=f"测试工单 {n}",
                    reported_at=reported, urgency=rng.choice(("一般", "一般", "紧急", "特急")),
                    external_no=f"BENCH{n:07d}", status=CaseStatus.REGISTERED,
                ), "bench")
    return time.perf_counter() - started


def _close_all_but_open(database) -> None:
    """Leave OPEN_CASES cases open (the newest); mark the rest closed directly (setup only)."""
    with database.write() as session:
        keep = select(Case.id).order_by(Case.reported_at.desc()).limit(OPEN_CASES).scalar_subquery()
        session.execute(
            update(Case).where(Case.id.not_in(keep))
            .values(status=CaseStatus.CLOSED.value, yellow_at=None, red_at=None, closed_at=NOW)
        )



def _list_metrics(service: CaseService, prefix: str) -> list[Metric]:
    flt = CaseFilter(open_only=True)
    listed = best_ms(lambda: service.list(flt, order="due"), REPEATS)
    bare_query = list_select(flt, NOW, order="due")

    def bare():
        with service.database.read() as session:
            session.execute(bare_query).all()

    bare_ms = best_ms(bare, REPEATS)
    count = len(service.list(flt))
    return [
        Metric(f"{prefix}.list_open_count", count, "cases"),
        Metric(f"{prefix}.list_open_ms", listed, "ms"),
        Metric(f"{prefix}.list_open_bare_ms", bare_ms, "ms"),
        Metric(f"{prefix}.list_open_ratio", round(listed / bare_ms, 2), "x"),
    ]


def _lights_metrics(service: CaseService, prefix: str) -> list[Metric]:
    """Lights of every open case in one pass: the database compares now with the stored
    thresholds (what counts, filters and the boards use); bare reads the same rows' ids."""
    open_only = (Case.status.in_([s.value for s in OPEN_STATUSES]), Case.deleted_at.is_(None))
    lit = select(Case.id, light_expression(NOW)).where(*open_only)
    bare = select(Case.id, Case.status).where(*open_only)
    columns = select(Case.parked_light, Case.yellow_at, Case.red_at).where(*open_only)

    def run(query):
        def action():
            with service.database.read() as session:
                return session.execute(query).all()
        return action

    def lit_in_python():
        return [light_at(is_open=True, parked_light=p, yellow_at=y, red_at=r, now=NOW)
                for p, y, r in run(columns)()]

    lights_ms, bare_ms = best_ms(run(lit), REPEATS), best_ms(run(bare), REPEATS)
    return [
        Metric(f"{prefix}.lights_ms", lights_ms, "ms"),
        Metric(f"{prefix}.lights_bare_ms", bare_ms, "ms"),
        Metric(f"{prefix}.lights_ratio", round(lights_ms / bare_ms, 2), "x"),
        Metric(f"{prefix}.lights_python_ms", best_ms(lit_in_python, REPEATS), "ms"),
    ]
