"""Cold start of the main window on the demo database, to first paint (`gridcc bench desktop`)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

from app.bench.runner import Metric
from app.bench.scratch import scratch_sqlite
from app.cases.errors import CaseError
from app.cases.service import CaseService
from app.demo.builder import DEFAULT_CASES, fill_demo

RUNS = 3


def run(pg_url: str | None = None) -> list[Metric]:
    """Median of RUNS fresh processes, each from interpreter start to first paint."""
    del pg_url  # the desktop's cold start is measured on the embedded SQLite default
    with scratch_sqlite() as database:
        fill_demo(CaseService(database, now=lambda: datetime.now(timezone.utc)), cases=DEFAULT_CASES)
        url = database.url.render_as_string(hide_password=False)
        database.dispose()
        times = [_one_start(url) for _ in range(RUNS)]
    return [Metric("desktop.cold_start_ms", statistics.median(times), "ms")]


def _one_start(url: str) -> float:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time_ns()
    result = subprocess.run([sys.executable, "-m", "ui.bench.startup_probe", url, str(started)],
                            capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0 or not result.stdout.strip():
        raise CaseError(f"启动测量失败：{result.stderr.strip().splitlines()[-1:]}")
    return float(result.stdout.strip().splitlines()[-1])
