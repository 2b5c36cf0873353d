"""A demo that finishes or starts over: an interrupted build leaves nothing, and the next start rebuilds."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

import app.demo.builder as builder
from app.cases.service import CaseService
from app.demo.builder import ensure_demo, fill_demo
from app.demo.completion import DemoState, demo_state
from app.demo.district_rows import write_district
from app.demo.geography import build_district
from db.engine import Database
from db.schema import Case, Person, Region

SMALL = dict(cases=30, persons=150)
#: A build killed from outside: the residents' step announces itself in a file, then waits forever.
_KILLED_BUILD = """
import sys, time
from pathlib import Path
from datetime import datetime, timezone
import app.demo.builder as builder
from app.cases.service import CaseService
from db.engine import Database

def stall(session, *args, **kwargs):
    session.flush()
    Path(sys.argv[2]).write_text("building")
    time.sleep(600)

builder.populate = stall
service = CaseService(Database(sys.argv[1]), now=lambda: datetime(2025, 9, 30, 2, tzinfo=timezone.utc))
builder.ensure_demo(service, cases=30, persons=150)
"""


def counts(database) -> tuple[int, int, int]:
    """How many regions, cases and persons the database holds."""
    with database.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Region, Case, Person))


def state(database) -> DemoState:
    with database.read() as session:
        return demo_state(session)


def test_failed_build_leaves_nothing_and_next_start_rebuilds(service, monkeypatch):
    """A build failing at its last part stores nothing; ensure_demo then builds a complete demo."""
    real_populate = builder.populate

    def failing(session, *args, **kwargs):
        real_populate(session, *args, **kwargs)
        session.flush()
        raise RuntimeError("power cut")

    monkeypatch.setattr(builder, "populate", failing)
    with pytest.raises(RuntimeError):
        ensure_demo(service, **SMALL)
    assert counts(service.database) == (0, 0, 0)
    assert state(service.database) == DemoState.EMPTY
    monkeypatch.setattr(builder, "populate", real_populate)
    assert ensure_demo(service, **SMALL) is True
    regions, cases, persons = counts(service.database)
    assert regions > 294 and cases == SMALL["cases"] and persons > 0
    assert state(service.database) == DemoState.COMPLETE


def test_complete_demo_is_not_built_again(service):
    """Once the demo is complete, ensure_demo leaves it as it is."""
    assert ensure_demo(service, **SMALL) is True
    before = counts(service.database)
    assert ensure_demo(service, **SMALL) is False
    assert counts(service.database) == before


def test_demo_built_meanwhile_by_another_start_is_used(service, monkeypatch):
    """If another start completes the demo between our check and our build, ensure_demo uses it."""
    assert ensure_demo(service, **SMALL) is True
    before = counts(service.database)
    real_state = builder.demo_state
    answers = iter([DemoState.EMPTY])
    monkeypatch.setattr(builder, "demo_state", lambda session: next(answers, None) or real_state(session))
    assert ensure_demo(service, **SMALL) is False
    assert counts(service.database) == before


def test_earlier_interrupted_build_is_cleared_and_rebuilt(service):
    """A district without cases or residents (an earlier version stopped midway) is rebuilt whole."""
    with service.database.write() as session:
        write_district(session, build_district(1))
    assert state(service.database) == DemoState.INTERRUPTED
    assert ensure_demo(service, **SMALL) is True
    with service.database.read() as session:
        grids = session.scalar(select(func.count()).select_from(Region).where(Region.level == "grid"))
    _regions, cases, persons = counts(service.database)
    assert grids == 294 and cases == SMALL["cases"] and persons > 0
    assert state(service.database) == DemoState.COMPLETE


def test_fill_demo_refuses_sizes_out_of_bounds_before_touching_the_database(service):
    """A size out of bounds is refused with the bounds, and nothing is stored."""
    with pytest.raises(builder.DemoRefused, match=r"案件数应为 0 到 100000 之间的整数（收到 -5）"):
        fill_demo(service, cases=-5, persons=0)
    with pytest.raises(builder.DemoRefused, match=r"人口数应为 0 到 2000000 之间的整数（收到 2000001）"):
        fill_demo(service, cases=0, persons=2_000_001)
    assert counts(service.database) == (0, 0, 0)


def test_killed_build_is_rebuilt_at_next_start(tmp_path, sqlite_template, clock):
    """A build killed mid-transaction (SIGKILL) leaves an empty demo; the next start builds it whole."""
    path = tmp_path / "demo.db"
    path.write_bytes(Path(sqlite_template).read_bytes())
    url = f"sqlite:///{path}"
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, url, str(ready)],
                             cwd=Path(builder.__file__).parents[2])
    try:
        while not ready.exists():
            assert child.poll() is None, "the build ended before it reached the residents"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    database = Database(url)
    try:
        assert state(database) == DemoState.EMPTY
        assert ensure_demo(CaseService(database, now=clock), **SMALL) is True
        assert state(database) == DemoState.COMPLETE
        assert counts(database)[1] == SMALL["cases"]
    finally:
        database.dispose()
