"""Shared fixtures: a real database on SQLite and on PostgreSQL, a clock tests can set, and the
log file in a folder of the test's own.

PostgreSQL tests use the server named by GRIDCC_TEST_PG (e.g.
postgresql://postgres@127.0.0.1:5432/test): a database of their own is created for the test
session and dropped afterwards. Without the variable they are skipped, and say why.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from app.accounts.policy import SETTINGS_KEY as ACCOUNT_POLICY
from app.accounts.seed import seed_roles
from app.assessment.settings import restore_default_weights
from app.cases.service import CaseService
from app.config.aliases import seed_aliases
from app.database import upgrade_and_seed
from app.logs import setup_logging
from db.engine import Database, parse_database_url
from db.schema import Base, Setting
from tests.keyring_backend import PATH_ENV, ScratchKeyring

TZ = ZoneInfo("Asia/Shanghai")
PG_ENV = "GRIDCC_TEST_PG"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def local(*args) -> datetime:
    """A district-local (+08:00) datetime, the way rules are written."""
    return datetime(*args, tzinfo=TZ)


class SettableClock:
    """The instant the service evaluates at; tests move it."""

    def __init__(self, start: datetime):
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value


@pytest.fixture(scope="session", autouse=True)
def test_keyring(tmp_path_factory):
    """Every test's database keys go to a scratch credential store, never the machine's; the
    command-line processes tests start use it too (through the environment)."""
    import keyring

    before_keyring = keyring.get_keyring()
    saved = {name: os.environ.get(name) for name in (PATH_ENV, "PYTHON_KEYRING_BACKEND")}
    os.environ[PATH_ENV] = str(tmp_path_factory.mktemp("keyring") / "keyring.json")
    os.environ["PYTHON_KEYRING_BACKEND"] = "tests.keyring_backend.ScratchKeyring"
    store = ScratchKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(before_keyring)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated and seeded SQLite file, copied for each test (fast)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    upgrade_and_seed(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def pg_server_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    with own_pg_database("gridcc_test") as url:
        yield url
        database = Database(url)
        with database.engine.begin() as conn:
            drop_account_roles(conn)
        database.dispose()
    admin = create_engine(parse_database_url(os.environ[PG_ENV]), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        drop_program_roles(conn)
    admin.dispose()


def drop_program_roles(conn) -> None:
    """The migration's own roles (gcc_app, gcc_gate, gcc_role_*) outlive the test databases
    (roles are cluster-wide): drop those no other database still grants to (one that does —
    another test run's, a real one — keeps them, and the DROP is refused harmlessly)."""
    roles = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname IN ('gcc_app', 'gcc_gate') "
                              "OR rolname LIKE 'gcc\\_role\\_%'")).scalars().all()
    for role in roles:
        try:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        except Exception:  # still granted to in another database: it stays
            pass


def drop_account_roles(conn) -> None:
    """Accounts a test made are also login roles of the server, which outlive the database
    (roles are cluster-wide): drop them with the rows (app/accounts/pg_roles.py)."""
    for (role,) in conn.execute(text("SELECT r.rolname FROM pg_roles r JOIN staff s ON r.rolname = 'gcc_' || s.login "
                                     "WHERE r.rolname NOT IN ('gcc_app', 'gcc_gate') AND r.rolname NOT LIKE 'gcc\\_role\\_%'")):
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@contextmanager
def own_pg_database(prefix: str):
    """A migrated and seeded PostgreSQL database of a test module's own on the GRIDCC_TEST_PG server
    (skipped without it); yields its URL and drops it afterwards."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests need a server URL")
    admin_url = parse_database_url(server)
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name)
    database = Database(url)
    upgrade_and_seed(database)
    database.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_pg_url(pg_server_url):
    """A new PostgreSQL database with no tables on the test server, dropped afterwards."""
    name = f"gridcc_empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_server_url.set(database=name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_CONFIG_TABLES = {"case_categories", "time_limits", "light_policies", "departments", "office_hours",
                  "settings", "alembic_version", "population_categories",
                  "dispute_types", "mediation_limits", "mediation_file_items", "risk_flags"}


def _clean_pg(url) -> None:
    """Empty every table a test may have filled, keeping the seeded configuration."""
    database = Database(url)
    data_tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name not in _CONFIG_TABLES]
    with database.engine.begin() as conn:
        drop_account_roles(conn)
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in data_tables) + " CASCADE"))
    with database.write() as session:
        seed_aliases(session)  # tests edit the aliases: each starts from the defaults
        restore_default_weights(session)  # and the assessment weights
        seed_roles(session)  # and the roles and their grants
        session.execute(delete(Setting).where(Setting.key == ACCOUNT_POLICY))  # and the lockout defaults
    database.dispose()


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path):
    """A ready database (migrated, seeded, no cases) on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "gridcc.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
    else:
        url = request.getfixturevalue("pg_server_url")
        _clean_pg(url)
        db = Database(url)
    yield db
    db.dispose()


@pytest.fixture
def clock():
    """A settable 'now', starting Tuesday 2025-09-30 10:00 +08:00."""
    return SettableClock(local(2025, 9, 30, 10, 0))


@pytest.fixture
def service(database, clock):
    """A CaseService on the test database, evaluated at `clock`."""
    return CaseService(database, now=clock, workstation="test")


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """The log set up in a folder of the test's own (its path); the handlers it added removed afterwards."""
    monkeypatch.setenv("GRIDCC_LOG_DIR", str(tmp_path / "logs"))
    before = list(logging.getLogger().handlers)
    yield setup_logging()
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


def pytest_report_header(config):
    server = os.environ.get(PG_ENV)
    if not server:
        return f"PostgreSQL tests: skipped ({PG_ENV} not set)"
    return f"PostgreSQL tests: on {make_url(server).render_as_string(hide_password=True)}"


__all__ = ["TZ", "SettableClock", "local", "timezone"]
