"""`gridcc bench mediation`: the docket at 200,000 disputes (app/bench/mediation_data.py).

Measured as the pane and the CLI call them: the docket list's first page (100 rows) newest first
and after a filter change (level + open, red light, a community, a 司法部 type, alerts), each
with its count apart, the monthly 矛盾纠纷排查调处情况表, and the lights of every open dispute
in one pass. Best of a few runs (the least disturbed on a shared
machine). Targets: list and filter < 150 ms, table < 1 s, lights < 50 ms.
"""

from __future__ import annotations

import time

from app.bench.mediation_data import DISPUTES, NOW, fill
from app.bench.runner import Metric, best_ms
from app.bench.scratch import analyze, scratch_postgresql, scratch_sqlite
from app.mediation.alerts import open_lights
from app.mediation.queries import DisputeFilter
from app.mediation.service import MediationService
from app.mediation.statistics import monthly_table

REPEATS = 5
PAGE = 100


def run(pg_url: str | None = None, disputes: int = DISPUTES) -> list[Metric]:
    """The docket metrics on SQLite, and on PostgreSQL when a server URL is given."""
    with scratch_sqlite() as database:
        metrics = _measure(database, "mediation", disputes)
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "mediation.pg", disputes)
    return metrics


def _measure(database, prefix: str, disputes: int) -> list[Metric]:
    started = time.perf_counter()
    fill(database, disputes)
    analyze(database)
    metrics = [Metric(f"{prefix}.prepare_s", round(time.perf_counter() - started, 1), "s")]
    service = MediationService(database, now=lambda: NOW)


    filters = {
        "first": DisputeFilter(),
        "level_open": DisputeFilter(level=3, open_only=True),
        "red": service.filter(light="red"),
        "community": service.filter(community="基准社区17"),
        "type": service.filter(type="邻里"),
        "alert": DisputeFilter(risk="alert"),
    }
    for name, flt in filters.items():
        metrics.append(Metric(f"{prefix}.list_{name}_ms", best_ms(lambda: service.list(flt, limit=PAGE), REPEATS),
                              "ms"))
        metrics.append(Metric(f"{prefix}.count_{name}_ms", best_ms(lambda: service.count(flt), REPEATS), "ms"))
    metrics.append(Metric(f"{prefix}.open", len(open_lights(service)), "disputes"))
    metrics.append(Metric(f"{prefix}.lights_ms", best_ms(lambda: open_lights(service), REPEATS), "ms"))
    metrics.append(Metric(f"{prefix}.stats_month_ms", best_ms(lambda: monthly_table(service, 2026, 10), 3), "ms"))
    return metrics
