"""Data for the sync benchmark: a district kept on the server between runs, and batches of changes.

The district's server (app/bench/people_data.py's generated residents, the case benchmark's
cases) takes minutes to build, so it is kept as a database of the server named after its size and
the generator's version (`gridcc_bench_sync_<persons>p_<cases>c_v<n>`), marked ready with a
database comment only once complete: a run killed while building starts over. Replicas made of it
are removed from its desk list afterwards, so it stays as it was built.

Changes are made the way desks and the center make them: persons' notes edited and visits
recorded, on a replica through its own file (the capture triggers record them), on the server
through SQLAlchemy (each server transaction stamps its rows for the pull).
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from datetime import date, timedelta

from sqlalchemy import bindparam, create_engine, func, select, text
from sqlalchemy.engine import URL

from app.bench.cases_bench import NOW, _close_all_but_open, _insert_cases
from app.bench.people_data import GENERATOR_VERSION, ensure_people_db
from app.cases.service import CaseService
from db.engine import Database, parse_database_url
from db.schema import Person, Visit

READY = "gridcc bench sync: ready"
#: of each batch of changes, this share are new visits; the rest are persons' notes edited
VISIT_SHARE = 5


def district_url(pg_url: str, persons: int, cases: int) -> URL:
    """The kept district on the server at `pg_url`, built first when missing or incomplete."""
    admin_url = parse_database_url(pg_url)
    name = f"gridcc_bench_sync_{persons}p_{cases}c_v{GENERATOR_VERSION}"
    url = admin_url.set(database=name)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    try:
        with admin.connect() as conn:
            comment = conn.execute(text("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                        "WHERE datname = :name"), {"name": name}).first()
            if comment is not None and comment[0] == READY:
                return url
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        _build(url, persons, cases)
        with admin.connect() as conn:
            conn.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{READY}'"))
    finally:
        admin.dispose()
    return url


def _build(url: URL, persons: int, cases: int) -> None:
    started = time.perf_counter()
    database = ensure_people_db(url.render_as_string(hide_password=False), persons)
    try:
        print(f"  服务器案件：{cases:,} 件", file=sys.stderr)
        if cases:
            _insert_cases(CaseService(database, now=lambda: NOW), total=cases)
            _close_all_but_open(database)
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        database.dispose()
    print(f"  同步测试的服务器数据就绪，用时 {time.perf_counter() - started:.0f} 秒", file=sys.stderr)


def forget_replica(server_url: URL, replica_id: str) -> None:
    """Remove a benchmark replica from the kept district's desk list."""
    database = Database(server_url)
    try:
        with database.write() as session:
            session.execute(text("DELETE FROM sync_replicas WHERE id = :id"), {"id": uuid.UUID(replica_id)})
    finally:
        database.dispose()


def person_ids(database: Database, count: int, *, skip: int = 0) -> list[uuid.UUID]:
    """`count` persons' ids in id order after the first `skip` (disjoint slices for disjoint desks)."""
    with database.read() as session:
        return list(session.scalars(select(Person.id).order_by(Person.id).offset(skip).limit(count)))


def make_changes(database: Database, ids: list[uuid.UUID], changes: int, *, seed: int, who: str) -> None:
    """`changes` changes in one transaction: new visits to the first persons, notes of the rest."""
    rng = random.Random(seed)
    visits = changes // VISIT_SHARE
    edits = changes - visits
    if len(ids) < max(edits, visits):
        raise ValueError(f"{len(ids)} persons are too few for {changes} changes")
    with database.write() as session:
        persons = Person.__table__
        edit = persons.update().where(persons.c.id == bindparam("pid")).values(
            note=bindparam("new_note"), updated_at=NOW, version=persons.c.version + 1)
        session.execute(edit, [{"pid": person_id, "new_note": f"{who} 走访备注 {rng.randrange(10 ** 6)}"}
                               for person_id in ids[:edits]])
        day = date(2026, 11, 1)
        session.execute(Visit.__table__.insert(), [
            {"id": uuid.uuid4(), "created_at": NOW, "person_id": person_id, "visited_on": day + timedelta(days=n % 20),
             "visitor": who, "content": "入户走访", "findings": "情况正常"}
            for n, person_id in enumerate(ids[:visits])])


def count_rows(database: Database, model, **where) -> int:
    with database.read() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return session.scalar(query)
