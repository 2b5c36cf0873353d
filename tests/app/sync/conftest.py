"""Fixtures of the sync tests: a real PostgreSQL server per test and replicas in the test's folder.

The module's server template (migrated, seeded, a small district with mediation committees on
it) is made once per test module; each test gets its own copy (CREATE DATABASE … TEMPLATE, fast)
and the copies and the template are dropped afterwards. Replicas are sealed SQLite files made by
`init_replica`, like `gridcc sync init` does.
"""

from __future__ import annotations

import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from app.mediation.register import add_committee, add_mediator
from app.mediation.service import MediationService
from app.sync.replica import init_replica
from db.engine import Database
from tests.app.people.people_rows import write_regions
from tests.conftest import drop_account_roles, drop_program_roles, own_pg_database


def _admin(url):
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="module")
def server_template():
    """A migrated, seeded PostgreSQL database with a district and its committees (the module's)."""
    with own_pg_database("gridcc_synct") as url:
        database = Database(url)
        write_regions(database)
        mediation = MediationService(database)
        add_committee(mediation, code="TJ-HT", name="海棠社区人民调解委员会", level=2, region="370299001001")
        add_committee(mediation, code="TJ-LW", name="澜湾街道人民调解委员会", level=3, region="370299001")
        add_mediator(mediation, name="王调解", committee="TJ-HT", kind="专职")
        database.dispose()
        yield url
    admin = _admin(url.set(database="postgres"))
    with admin.connect() as conn:
        drop_program_roles(conn)
    admin.dispose()


class ServerCopies:
    """Copies of the template, one per call, all dropped at the end."""

    def __init__(self, template_url):
        self.template_url = template_url
        self.admin = _admin(template_url.set(database="postgres"))
        self.names: list[str] = []

    def new(self):
        name = f"gridcc_syncs_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template_url.database}"'))
        self.names.append(name)
        return self.template_url.set(database=name)

    def drop_all(self) -> None:
        for name in self.names:
            url = self.template_url.set(database=name)
            database = Database(url)
            with database.engine.begin() as conn:
                drop_account_roles(conn)
            database.dispose()
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.names.clear()
        self.admin.dispose()


@pytest.fixture(scope="module")
def server_copies(server_template):
    copies = ServerCopies(server_template)
    yield copies
    copies.drop_all()


@pytest.fixture
def server_url(server_copies):
    """This test's own server database (a copy of the module's template)."""
    return server_copies.new()


@pytest.fixture
def server(server_url):
    database = Database(server_url)
    yield database
    database.dispose()


class ReplicaMaker:
    """Makes replicas of one server as new sealed SQLite files in a folder."""

    def __init__(self, folder, template, server_url):
        self.folder, self.template, self.server_url = folder, template, server_url
        self.made: list[Database] = []

    def __call__(self, name: str, server_url=None) -> Database:
        path = self.folder / f"{name}.db"
        shutil.copy(self.template, path)
        database = Database(f"sqlite:///{path}")
        url = server_url or self.server_url
        init_replica(database, url.render_as_string(hide_password=False), name=name)
        self.made.append(database)
        return database

    def dispose(self) -> None:
        for database in self.made:
            database.dispose()


@pytest.fixture
def make_replica(tmp_path, sqlite_template, server_url):
    """`make_replica("desk-a")` → a new replica of this test's server."""
    maker = ReplicaMaker(tmp_path, sqlite_template, server_url)
    yield maker
    maker.dispose()
