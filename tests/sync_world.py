"""A server and a replica for the sync GUI and conflict tests: a PostgreSQL database of the test
module's own (migrated and seeded) and a new replica file of it per test, plus helpers that make
a real conflict the way two desks would (the same field changed on both sides, then a sync)."""

from __future__ import annotations

import shutil

import pytest

from sqlalchemy import select, update

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.sync.engine import SyncEngine
from app.sync.replica import init_replica, open_server
from db.engine import Database
from db.schema import Case
from tests.conftest import local, own_pg_database

#: an address where nothing listens: a server that is down
CLOSED_URL = "postgresql://postgres@127.0.0.1:1/gridcc"


@pytest.fixture(scope="module")
def server_url():
    """A migrated and seeded server database of the test module's own (import this fixture)."""
    with own_pg_database("gridcc_sgui") as url:
        yield url.render_as_string(hide_password=False)


def make_replica(template, folder, server_url: str, name: str = "desk") -> Database:
    """A new replica file of `server_url` (from the seeded SQLite template)."""
    path = folder / f"{name}.db"
    shutil.copy(template, path)
    replica = Database(f"sqlite:///{path}")
    init_replica(replica, server_url, name=name)
    return replica


def sync(replica: Database, *, now=None):
    """One sync of `replica` with the server it was made from."""
    server = open_server(replica)
    try:
        engine = SyncEngine(replica, server, now=now) if now else SyncEngine(replica, server)
        return engine.sync_once()
    finally:
        server.dispose()


def new_case(database: Database, description: str = "路边垃圾") -> str:
    return CaseService(database).create(CaseDraft(source="网格员上报", category="暴露垃圾", description=description,
                                                  reported_at=local(2026, 12, 7, 9, 0)), actor="grid1").case_no


def set_description(database: Database, case_no: str, value: str) -> None:
    """An edit of the case's description (on a replica the capture records it)."""
    with database.write() as session:
        session.execute(update(Case).where(Case.case_no == case_no).values(description=value, version=Case.version + 1))


def description(database: Database, case_no: str) -> str:
    with database.read() as session:
        return session.scalar(select(Case.description).where(Case.case_no == case_no))


def update_conflict(server: Database, replica: Database, local_value="本机写的描述", server_value="中心写的描述"):
    """A case both sides edited: returns its number once the sync has found the conflict."""
    case_no = new_case(server, "原来的描述")
    sync(replica)
    set_description(replica, case_no, local_value)
    set_description(server, case_no, server_value)
    report = sync(replica)
    assert report.conflicts == 1
    return case_no
