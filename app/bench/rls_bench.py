"""`gridcc bench rls`: what PostgreSQL's row-level security costs the queue and the ledger search.

On a temporary database of the server (`--pg URL` or GRIDCC_BENCH_PG) it loads the generated
district and its residents (app/bench/people_data.py, `--persons`, default two million) and the
case benchmark's 100,000 cases (10,000 open), spread over the district's grids. Two accounts are
made through the account service: one scoped to a street and one to the whole district. Each
then runs what its desk runs, over its own connection, so row-level security applies:
- the queue's first rows: the sorted keys of the open cases with their lights, then the rows of
  the first page (app/cases/queue_query.py), timed as the median of REPEATS runs;
- the ledger search: `search_people` over SAMPLES residents of the street, by full name, ID
  tail and phone tail, as p95.
Owner and account take turns on every run, so a busy machine slows both alike.

Measured at 2,000,000 persons on PostgreSQL 15, on a shared 2-core machine where repeated runs
vary by about ±15%. Queue first rows: district 40.4 ms against 44.4 ms (0.91×), street 31.1
against 29.6 ms (1.05×). Search p95: district 22.7 against 23.6 ms (0.96×), street 24.0
against 32.7 ms (0.73×). Before the scope functions were PL/pgSQL and the region test a hashed
subplan, the street queue was 1.36×.
The same reads are also run on the owner connection, which row-level security does not
apply to. So each pair returns the same rows, the street's reads carry the street as a filter
on both sides, and the ratio is the cost of the policies alone (target ≤ 1.2×).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import uuid

from sqlalchemy import select, text

from app.accounts.pg_login import connect_as
from app.accounts.principal import SYSTEM
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.bench.cases_bench import NOW, _close_all_but_open, _insert_cases
from app.bench.people_data import DEFAULT_PERSONS, ensure_people_db
from app.bench.runner import Metric
from app.bench.scratch import scratch_postgresql
from app.cases.queries import CaseFilter
from app.cases.queue_query import rows_for, sorted_keys
from app.cases.service import CaseService
from app.people.search import search_people
from db.engine import Database
from db.schema import Person, Region

REPEATS = 15
SAMPLES = 200
PAGE = 50
PASSWORD = "Bench-rls-2025"


def run(pg_url: str | None = None, persons: int = DEFAULT_PERSONS) -> list[Metric]:
    """The RLS metrics; PostgreSQL only (SQLite has no row-level security)."""
    if not pg_url:
        print("  rls：只在 PostgreSQL 上测量，请加 --pg URL（或设置 GRIDCC_BENCH_PG）", file=sys.stderr)
        return []
    with scratch_postgresql(pg_url) as scratch:
        url = scratch.url
        started = time.perf_counter()
        owner = ensure_people_db(url.render_as_string(hide_password=False), persons)
        _spread_cases(owner)
        metrics = [Metric("rls.load_s", round(time.perf_counter() - started, 1), "s")]
        street = _first_street(owner)
        logins = _accounts(owner, street)
        try:
            metrics += _compare(owner, url, logins, street)
        finally:
            _drop_roles(owner, logins)
            owner.dispose()
    return metrics


def _spread_cases(owner: Database) -> None:
    """The case benchmark's cases, then each given one of the district's grids at random."""
    _insert_cases(CaseService(owner, now=lambda: NOW))
    _close_all_but_open(owner)
    with owner.write() as session:
        session.execute(text(
            "UPDATE cases SET grid_id = g.ids[1 + abs(hashtext(case_no)) % g.n] "
            "FROM (SELECT array_agg(id ORDER BY code) AS ids, count(*) AS n FROM regions WHERE level = 'grid') g"))
    with owner.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE cases"))


def _first_street(owner: Database) -> Region:
    with owner.read() as session:
        return session.scalars(select(Region).where(Region.level == "street").order_by(Region.code)).first()


def _accounts(owner: Database, street: Region) -> dict[str, str]:
    suffix = uuid.uuid4().hex[:6]
    service = AccountService(owner)
    logins = {"street": f"bench{suffix}.street", "district": f"bench{suffix}.district"}
    service.create(NewAccount(login=logins["street"], name="街道账户", role="dispatcher", scope_region=street.code),
                   PASSWORD, SYSTEM)
    service.create(NewAccount(login=logins["district"], name="全区账户", role="dispatcher"), PASSWORD, SYSTEM)
    return logins


def _drop_roles(owner: Database, logins: dict[str, str]) -> None:
    with owner.engine.begin() as conn:
        for login in logins.values():
            conn.execute(text(f'DROP ROLE IF EXISTS "gcc_{login}"'))


def _compare(owner: Database, url, logins: dict[str, str], street: Region) -> list[Metric]:
    texts = _search_texts(owner, street)
    metrics: list[Metric] = []
    for scope, grid in (("district", None), ("street", street.code)):
        account = connect_as(url, logins[scope], PASSWORD, "bench")
        try:
            pair = (owner, account.database)
            plain_queue, rls_queue = _queue_ms(pair, CaseFilter(open_only=True, grid_code=grid))
            plain_search, rls_search = _search_p95(pair, texts, grid)
        finally:
            account.database.dispose()
        metrics += [
            Metric(f"rls.{scope}.queue_first_rows_ms", rls_queue, "ms"),
            Metric(f"rls.{scope}.queue_first_rows_owner_ms", plain_queue, "ms"),
            Metric(f"rls.{scope}.queue_ratio", round(rls_queue / plain_queue, 2), "x"),
            Metric(f"rls.{scope}.search_p95_ms", rls_search, "ms"),
            Metric(f"rls.{scope}.search_p95_owner_ms", plain_search, "ms"),
            Metric(f"rls.{scope}.search_ratio", round(rls_search / plain_search, 2), "x"),
        ]
        print(f"  rls {scope}: queue {rls_queue} / {plain_queue} ms, search p95 {rls_search} / {plain_search} ms",
              file=sys.stderr)
    return metrics


def _timed_ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _queue_ms(pair: tuple[Database, Database], flt: CaseFilter) -> tuple[float, float]:
    """Median time to the queue's first page (the sorted keys with their lights, then the rows),
    owner and account taking turns so a busy machine slows both alike."""
    services = [CaseService(database, now=lambda: NOW) for database in pair]
    timings: list[list[float]] = [[], []]

    def first_rows(service: CaseService) -> None:
        keys = sorted_keys(service, flt, "remaining", False)
        rows_for(service, keys.case_nos[:PAGE])

    for service in services:
        service.config()  # read once, as a desk does at start
        first_rows(service)  # and the connection warmed
    for _ in range(REPEATS):
        for n, service in enumerate(services):
            timings[n].append(_timed_ms(lambda service=service: first_rows(service)))
    return round(statistics.median(timings[0]), 2), round(statistics.median(timings[1]), 2)


def _search_texts(owner: Database, street: Region) -> list[str]:
    """Full names, ID tails and phone tails of residents of the street, picked at random."""
    rng = random.Random(4243)
    with owner.read() as session:
        grids = select(Region.id).where(Region.code.like(street.code + "%"), Region.level == "grid")
        rows = session.execute(select(Person.name, Person.id_number, Person.phone)
                               .where(Person.grid_id.in_(grids), Person.deleted_at.is_(None))
                               .limit(SAMPLES * 20)).all()
    picked = rng.sample(rows, min(SAMPLES, len(rows)))
    texts = []
    for n, (name, id_number, phone) in enumerate(picked):
        choice = (name, (id_number or "")[-6:], (phone or "")[-4:])[n % 3]
        texts.append(choice or name)
    return texts


def _search_p95(pair: tuple[Database, Database], texts: list[str], grid: str | None) -> tuple[float, float]:
    """p95 of the searches, owner and account taking turns on each text."""
    timings: list[list[float]] = [[], []]
    for database in pair:
        search_people(database, texts[0], grid=grid)  # warm the connection
    for query in texts:
        for n, database in enumerate(pair):
            timings[n].append(_timed_ms(lambda database=database: search_people(database, query, grid=grid)))
    return tuple(round(statistics.quantiles(values, n=20)[-1], 2) for values in timings)
