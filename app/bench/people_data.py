"""Two million generated residents for the benchmarks, generated once and reused.

Generating them costs minutes, so the result is kept: a SQLite file in the bench cache folder
(`GRIDCC_BENCH_CACHE`, default the temporary folder's gridcc-bench-cache), named after the
count and the generator version. `ensure_people_db(url)` hands out that file, copies it to
another SQLite path, or loads it into a PostgreSQL database with COPY — never generating twice.

Loading is done the bulk way: the ledger tables' secondary indexes are dropped, the rows
inserted, the indexes built once at the end, then ANALYZE, as any DBA loads a big table.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from app.database import upgrade_and_seed
from app.demo.district_rows import write_district
from app.demo.geography import build_district
from app.demo.people import populate
from db.engine import Database, parse_database_url
from db.schema import (
    Building,
    Household,
    Person,
    PersonCategory,
    PopulationCategory,
    Region,
    RentalHouse,
    RentalTenant,
    Room,
    Visit,
)

GENERATOR_VERSION = 1
DEFAULT_PERSONS = 2_000_000
SEED = 20251
#: the instant the data is generated for ("now" of the benchmarks' visits-due list)
DATA_NOW = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
CACHE_ENV = "GRIDCC_BENCH_CACHE"
#: parents first: the order rows are copied in
COPIED = (Region, PopulationCategory, Building, Room, Household, Person, PersonCategory, Visit, RentalHouse,
          RentalTenant)
_LOADED = COPIED[2:]


def cache_dir() -> Path:
    folder = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "gridcc-bench-cache")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_file(persons: int) -> Path:
    return cache_dir() / f"people-{persons}-v{GENERATOR_VERSION}.db"


def ensure_people_db(url: str | None = None, persons: int = DEFAULT_PERSONS) -> Database:
    """A database holding the generated district and `persons` residents (about), ready to query.

    url None: the cached SQLite file itself (do not write to it); a sqlite URL: a copy of it;
    a postgresql URL: that database (migrated here if empty) loaded from the cached file.
    """
    source = cached_file(persons)
    if not source.exists():
        _generate(source, persons)
    if url is None:
        return _with_indexes(Database(f"sqlite:///{source}"))
    target = parse_database_url(url)
    if target.get_backend_name() == "sqlite":
        path = Path(target.database)
        if not path.exists() or path.stat().st_mtime < source.stat().st_mtime:
            shutil.copyfile(source, path)
        return _with_indexes(Database(target))
    database = Database(target)
    upgrade_and_seed(database)
    with database.read() as session:
        loaded = session.scalar(select(func.count()).select_from(Person))
    if not loaded:
        _load_postgresql(database, source)
    return _with_indexes(database)


def _with_indexes(database: Database) -> Database:
    """Add any index the schema gained since the data was generated (a cheap check otherwise)."""
    with database.engine.begin() as conn:
        for model in _LOADED:
            existing = {ix["name"] for ix in inspect(conn).get_indexes(model.__tablename__)}
            added = [ix for ix in model.__table__.indexes if ix.name not in existing]
            for index in added:
                index.create(conn)
            if added:
                conn.execute(text(f'ANALYZE "{model.__tablename__}"'))
    return database


def _progress(started: float):
    def report(written: dict[str, int]) -> None:
        print(f"\r  生成人口：{written['persons']:>9,} 人（{time.perf_counter() - started:5.0f} 秒）",
              end="", file=sys.stderr, flush=True)
    return report


def _generate(path: Path, persons: int) -> None:
    """Generate into a temporary name and rename at the end, so a broken run is never reused."""
    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    database = Database(f"sqlite:///{partial}")
    started = time.perf_counter()
    print(f"生成 {persons:,} 人的测试数据（只需一次，保存在 {path}）", file=sys.stderr)
    try:
        upgrade_and_seed(database)
        with database.write() as session:
            write_district(session, build_district(SEED))
        indexes = _drop_indexes(database)
        with database.write() as session:
            populate(session, SEED, persons, now=DATA_NOW, progress=_progress(started))
        print(file=sys.stderr)
        _create_indexes(database, indexes)
    finally:
        database.dispose()
    with sqlite3.connect(partial) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    print(f"  完成，用时 {time.perf_counter() - started:.0f} 秒", file=sys.stderr)


def _drop_indexes(database: Database) -> list:
    indexes = [index for model in _LOADED for index in model.__table__.indexes]
    with database.engine.begin() as conn:
        for index in indexes:
            index.drop(conn)
    return indexes


def _create_indexes(database: Database, indexes: list) -> None:
    started = time.perf_counter()
    with database.engine.begin() as conn:
        for index in indexes:
            index.create(conn)
        conn.execute(text("ANALYZE"))
    print(f"  建索引与统计：{time.perf_counter() - started:.0f} 秒", file=sys.stderr)


def _load_postgresql(database: Database, source: Path) -> None:
    """Copy the cached SQLite rows into PostgreSQL with COPY (UTC session, so stored times stay)."""
    started = time.perf_counter()
    print(f"载入 PostgreSQL：{database.describe()}", file=sys.stderr)
    indexes = _drop_indexes(database)
    reader = sqlite3.connect(source)
    try:
        with database.engine.begin() as conn:
            conn.execute(text("SET TIME ZONE 'UTC'"))
            conn.execute(text("DELETE FROM population_categories"))
            driver = conn.connection.driver_connection
            for model in COPIED:
                _copy_table(reader, driver, model.__table__)
    finally:
        reader.close()
    _create_indexes(database, indexes)
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    print(f"  完成，用时 {time.perf_counter() - started:.0f} 秒", file=sys.stderr)


def _copy_table(reader: sqlite3.Connection, driver, table) -> None:
    names = [column.name for column in table.columns]
    columns = ", ".join(f'"{n}"' for n in names)
    booleans = [i for i, column in enumerate(table.columns) if column.type.python_type is bool]
    cursor = reader.execute(f'SELECT {columns} FROM "{table.name}"')
    with driver.cursor() as pg, pg.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        while batch := cursor.fetchmany(20_000):
            for row in batch:
                if booleans:
                    row = tuple(bool(v) if i in booleans and v is not None else v for i, v in enumerate(row))
                copy.write_row(row)
