"""Benchmark of backups (`gridcc bench backup`): a year of cases (app.bench.report_data) copied
through the online backup API, checked as a restore checks it, and restored.

SQLite only: a server is backed up with pg_dump.
"""

from __future__ import annotations

import time

from app.backups import MANUAL, make_backup, restore_backup
from app.bench.report_data import fill
from app.bench.runner import Metric
from app.bench.scratch import scratch_sqlite
from db.sqlite_backup import check_backup


def run(pg_url: str | None = None) -> list[Metric]:
    """Seconds to back up, check and restore a database of a year of cases; its size."""
    del pg_url  # nothing to measure on a server
    with scratch_sqlite() as database:
        cases = fill(database)
        metrics = [Metric("backup.cases", cases, "cases"),
                   Metric("backup.size_mb", round(database.path.stat().st_size / 2**20, 1), "MB")]
        made, seconds = _timed(lambda: make_backup(database, MANUAL, actor="bench"))
        metrics.append(Metric("backup.copy_s", seconds, "s"))
        metrics.append(Metric("backup.check_s", _timed(lambda: check_backup(made.path))[1], "s"))
        metrics.append(Metric("backup.restore_s", _timed(lambda: restore_backup(database, made.path,
                                                                                actor="bench"))[1], "s"))
    return metrics


def _timed(action):
    started = time.perf_counter()
    result = action()
    return result, round(time.perf_counter() - started, 2)
