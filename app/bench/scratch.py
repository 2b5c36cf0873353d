"""Throw-away databases for benchmarks: a SQLite file in a temporary folder, or a temporary
database on a PostgreSQL server, created migrated and seeded, removed afterwards; and the
statistics a filled one needs before it is measured."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from app.database import upgrade_and_seed
from db.engine import Database, parse_database_url


@contextmanager
def scratch_sqlite() -> Iterator[Database]:
    """A new SQLite database in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="gridcc-bench-") as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade_and_seed(database)
        try:
            yield database
        finally:
            database.dispose()


@contextmanager
def scratch_postgresql(server_url: str) -> Iterator[Database]:
    """A new database on the server at `server_url`, dropped afterwards."""
    admin_url = parse_database_url(server_url)
    name = f"gridcc_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(admin_url.set(database=name))
    try:
        upgrade_and_seed(database)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def analyze(database: Database) -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map that lets a covering index
    answer alone (what autovacuum does on a server that has been running)."""
    if database.kind == "postgresql":
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
