"""Running benchmark areas and collecting their metrics (`gridcc bench`).

Areas register themselves by name; the GUI layer adds its own (e.g. `queue`) from the
launcher, so app/ never imports Qt.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.cases.errors import CaseError

PG_ENV = "GRIDCC_BENCH_PG"


@dataclass(frozen=True)
class Metric:
    """One measured figure: dotted name starting with its area, value, unit."""

    name: str
    value: float
    unit: str


def best_ms(action: Callable[[], object], repeats: int) -> float:
    """The best of `repeats` runs of `action`, in milliseconds (the least disturbed by a shared machine)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 2)


Area = Callable[..., list[Metric]]
_AREAS: dict[str, Area] = {}
_OPTIONS: dict[str, tuple[str, ...]] = {}


def register_area(name: str, run: Area, *, options: tuple[str, ...] = ()) -> None:
    """Make `gridcc bench NAME` run `run(pg_url)`, plus the keyword `options` it takes (e.g. soak)."""
    _AREAS[name] = run
    _OPTIONS[name] = options


def area_names() -> list[str]:
    return list(_AREAS)


def _cases_area(pg_url: str | None) -> list[Metric]:
    from app.bench import cases_bench, work_orders_bench
    return cases_bench.run(pg_url=pg_url) + work_orders_bench.run(pg_url=pg_url)


register_area("cases", _cases_area)


def _people_import_area(pg_url: str | None) -> list[Metric]:
    from app.bench import people_bench
    return people_bench.run(pg_url=pg_url)


register_area("people_import", _people_import_area)


def _people_area(pg_url: str | None) -> list[Metric]:
    from app.bench import people_search_bench
    return people_search_bench.run(pg_url=pg_url)


register_area("people", _people_area)


def _geo_area(pg_url: str | None) -> list[Metric]:
    from app.bench import geo_bench
    return geo_bench.run(pg_url=pg_url)


register_area("geo", _geo_area)


def _mediation_area(pg_url: str | None) -> list[Metric]:
    from app.bench import mediation_bench
    return mediation_bench.run(pg_url=pg_url)


register_area("mediation", _mediation_area)


def _report_area(pg_url: str | None) -> list[Metric]:
    from app.bench import report_bench
    return report_bench.run(pg_url=pg_url)


register_area("report", _report_area)


def _print_area(pg_url: str | None) -> list[Metric]:
    from app.bench import print_bench
    return print_bench.run(pg_url=pg_url)


register_area("print", _print_area)


def _backup_area(pg_url: str | None) -> list[Metric]:
    from app.bench import backup_bench
    return backup_bench.run(pg_url=pg_url)


register_area("backup", _backup_area)


def _rls_area(pg_url: str | None, **options) -> list[Metric]:
    from app.bench import rls_bench
    return rls_bench.run(pg_url=pg_url, **options)


register_area("rls", _rls_area, options=("persons",))


def _sync_area(pg_url: str | None, **options) -> list[Metric]:
    from app.bench import sync_bench
    return sync_bench.run(pg_url=pg_url, **options)


register_area("sync", _sync_area, options=("persons", "cases"))


def run_benchmarks(areas: list[str], pg_url: str | None = None, **options) -> list[Metric]:
    """Run the named areas (all when none are named) on SQLite, and on PostgreSQL when given; each
    area gets those `options` it was registered with (and that were given)."""
    unknown = [a for a in areas if a not in _AREAS]
    if unknown:
        raise CaseError(f"未知的测量方面：{'、'.join(unknown)}；可用：{'、'.join(_AREAS)}")
    pg_url = pg_url or os.environ.get(PG_ENV)
    metrics: list[Metric] = []
    for area in areas or list(_AREAS):
        given = {key: value for key, value in options.items() if key in _OPTIONS[area] and value}
        metrics += _AREAS[area](pg_url, **given)
    return metrics
