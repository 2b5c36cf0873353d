"""`gridcc bench sync` end to end at a tiny scale on the real PostgreSQL, and the first pull's
dropped indexes surviving a kill."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.database import upgrade_and_seed
from app.sync.pull import pull
from app.sync.replica import init_replica
from db.engine import Database
from db.schema import Region
from ui.launcher import main

pytestmark = pytest.mark.pg
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def server_url():
    url = os.environ.get("GRIDCC_TEST_PG")
    if not url:
        pytest.skip("GRIDCC_TEST_PG is not set: the sync benchmark needs a PostgreSQL server")
    return url


def test_the_bench_prints_every_figure_and_converges(server_url, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GRIDCC_LOG_DIR", str(tmp_path / "log"))
    assert main(["bench", "sync", "--pg", server_url, "--persons", "3000", "--cases", "200"]) == 0
    printed = dict(line.split(" ", 1) for line in capsys.readouterr().out.splitlines())
    figures = {name: float(value.split()[0]) for name, value in printed.items()}
    assert figures["sync.changes.local"] == figures["sync.changes.remote"] > 1000  # the bench checked both sides hold both
    assert figures["sync.changes.pulled_rows"] >= figures["sync.changes.remote"]
    assert figures["sync.changes.total_s"] > 0 and figures["sync.changes.ratio"] > 1
    assert 0 < figures["sync.live_ms"] <= figures["sync.live_max_ms"] < 15_000
    assert figures["sync.first_replica.persons"] > 3000 and figures["sync.first_replica.rows_per_s"] > 0
    assert "sync.first_replica.vs_powersync" in figures


def _indexes(database: Database) -> set[tuple[str, str]]:
    with database.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'").all())


def test_a_first_pull_killed_midway_rebuilds_the_indexes_it_dropped(pg_server_url, tmp_path):
    path = tmp_path / "desk.db"
    replica = Database(f"sqlite:///{path}")
    upgrade_and_seed(replica, backup=False)
    before = _indexes(replica)
    url = pg_server_url.render_as_string(hide_password=False)
    script = ("import sys; from db.engine import Database; from app.sync.replica import init_replica; "
              "init_replica(Database(sys.argv[1]), sys.argv[2], name='killed')")
    killed = subprocess.run([sys.executable, "-c", script, f"sqlite:///{path}", url], cwd=ROOT, capture_output=True,
                            env={**os.environ, "GRIDCC_SYNC_CRASH": "pull-mid-page", "PYTHONPATH": str(ROOT)})
    assert killed.returncode == 77, killed.stderr.decode()[-2000:]
    assert _indexes(replica) < before  # the plain indexes are gone while the first pull is unfinished

    server = Database(pg_server_url)
    try:
        pull(replica, server)
        assert _indexes(replica) == before
        with replica.read() as local, server.read() as remote:
            assert local.scalar(select(func.count()).select_from(Region)) == \
                remote.scalar(select(func.count()).select_from(Region))
    finally:
        server.dispose()
        replica.dispose()


def test_a_first_pull_keeps_the_files_settings_and_indexes(pg_server_url, tmp_path):
    replica = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    upgrade_and_seed(replica, backup=False)
    before = _indexes(replica)
    init_replica(replica, pg_server_url.render_as_string(hide_password=False), name="fresh")
    with replica.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL, as db.engine sets it
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert _indexes(replica) == before
    replica.dispose()
