"""Pull: the server's changes since the replica's cursor, applied to the replica page by page.

The cursor is a PostgreSQL transaction id (db.sync_server): every row whose writing transaction
is at or above it is read, inside one REPEATABLE READ snapshot of the server, and the new cursor
is that snapshot's xmin — the oldest transaction still running when it was taken. A transaction
that commits late (started before a later one that already committed) is therefore at or above
the new cursor and is read next time: nothing is lost, and a row read twice is simply written
again (or left alone: a later pull writes only the columns that differ, see `_write_changes`).
The first replica is the same pull from cursor zero: one consistent snapshot of everything.

On the replica each page is one write transaction with capture off (pulled rows are the
server's, not the desk's changes) and foreign-key checks off (a page of children may arrive
before the page that re-creates their parent; the server already keeps the references whole).
The cursor is saved in the same transaction as the last page, with the tombstones and the
accounts' password hashes (replaced whole, when the server lets the sync read them, so the desk's
people log in offline with their usual passwords): a pull killed
midway restarts from the old cursor and writes the same rows again. Pulled rows are applied only
while the outbox is empty — a desk's unpushed change is never overwritten; the engine pushes
first and pulls again.

The first pull (cursor zero: a new replica, or one whose first pull was cut off) copies a whole
district, so it is written the way a bulk load is: pages of FIRST_PAGE rows, the pulled tables'
plain indexes dropped first and built again in the transaction that saves the cursor (their
definitions wait in `sync_state` meanwhile, so a pull killed midway builds them the next time),
and `synchronous=OFF` on the writing connection (see `_local_writer`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import and_, exists, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.sync import state
from app.sync.capture import set_capture
from app.sync.crash import crash_point
from app.sync.errors import SyncError
from app.sync.tables import SyncedTable, by_name, derived_values, synced_tables
from db.bulk import column_converter, convert_column
from db.engine import BULK_CACHE_KIB, Database
from db.schema import AccountSecret, SyncOutbox
from db.sealed import Sealed

PAGE = 2000
#: the first pull's pages: fewer, larger transactions while the whole district comes in
FIRST_PAGE = 20_000
#: the sync_state key holding the definitions of the indexes a first pull dropped
_DROPPED_INDEXES = "first_pull_indexes"
#: where a replica connection keeps its compiled upserts (connection.info)
_COMPILED = "gridcc_pull_upserts"


class PullDeferred(Exception):
    """The desk changed something while pulling: push first, then pull again."""


@dataclass
class PullResult:
    rows: int = 0
    deleted: int = 0
    cursor: str | None = None


def pull(replica: Database, server: Database, *, page: int | None = None,
         progress: Callable[[str, int], None] | None = None) -> PullResult:
    """Pull every change since the replica's cursor (see the module docstring)."""
    with replica.read() as session:
        cursor = state.read(session, state.CURSOR) or "0"
    first = cursor == "0"
    page = page or (FIRST_PAGE if first else PAGE)
    result = PullResult()
    with server.engine.connect().execution_options(isolation_level="REPEATABLE READ") as source, \
            _local_writer(replica, first=first) as local:
        upper = source.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")).scalar()
        if int(upper) < int(cursor):
            raise SyncError("服务器的事务编号比本副本上次同步时还小：服务器可能已从备份恢复或迁到另一台服务器。"
                            "本副本不能再与它同步，请用新文件重新 sync init")
        source.execute(text("SET LOCAL TIME ZONE 'UTC'"))  # times arrive in UTC, as the replica stores them
        if first:
            with Session(local) as session, session.begin():
                _start_page(session)
                _drop_indexes(session)
                set_capture(session, True)
        for synced in synced_tables():
            if not synced.pull:
                continue
            for rows in _pages(source, synced, cursor, page):
                with Session(local) as session, session.begin():
                    _start_page(session)
                    with _triggers_set_aside(session, synced, first):
                        _upsert_page(session, synced, synced.columns, rows, only_changes=not first)
                    crash_point("pull-mid-page")
                    set_capture(session, True)
                result.rows += len(rows)
                if progress:
                    progress(synced.name, result.rows)
        gone = _tombstones(source, cursor)
        secrets = _account_secrets(source)
        crash_point("pull-before-cursor")
        with Session(local) as session, session.begin():
            _start_page(session)
            for table_name, row_id in gone:
                synced = by_name().get(table_name)
                if synced is not None and synced.pull:
                    session.execute(synced.table.delete().where(synced.table.c.id == row_id))
            result.deleted = len(gone)
            if secrets is not None:
                _replace_account_secrets(session, secrets)
            _restore_indexes(session)
            state.write(session, state.CURSOR, upper)
            set_capture(session, True)
    result.cursor = upper
    return result


class _local_writer:
    """A replica connection for writing pulled rows: foreign keys off, write lock at BEGIN, a
    large page cache (db.engine.BULK_CACHE_KIB: pages of rows update a dozen indexes at random
    places); for the first pull also `synchronous=OFF` (no flush to the disk at checkpoints): a
    killed program loses nothing by it (the system still writes what it was handed), a power cut
    during the first pull may damage the file — which then holds nothing but a part of the
    server's copy, made again with a new file. The connection's own settings are restored
    afterwards."""

    def __init__(self, replica: Database, *, first: bool = False):
        self.replica, self.first = replica, first

    def __enter__(self) -> Connection:
        self.connection = self.replica.engine.connect().execution_options(gridcc_write=True)
        driver = self.connection.connection.driver_connection
        self.restore = {name: driver.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "synchronous")}
        driver.execute("PRAGMA foreign_keys=OFF")
        driver.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        if self.first:
            driver.execute("PRAGMA synchronous=OFF")
        return self.connection

    def __exit__(self, *exc) -> None:
        try:
            self.connection.rollback()
            driver = self.connection.connection.driver_connection
            driver.execute("PRAGMA foreign_keys=ON")
            for name, value in self.restore.items():
                driver.execute(f"PRAGMA {name}={int(value)}")
        finally:
            self.connection.close()


def _drop_indexes(session: Session) -> None:
    """First pull: drop the pulled tables' plain (not unique) indexes, their definitions kept in
    `sync_state` in the same transaction; `_restore_indexes` builds them again with the cursor.

    Building an index once over two million rows is several times cheaper than keeping it up to
    date row by row at random places. Unique indexes stay: they keep the data as it must be.
    A first pull killed meanwhile leaves the definitions in `sync_state`; the next pull (again a
    first one: the cursor was not saved) keeps them, drops what is there, and builds them all.
    """
    saved = json.loads(state.read(session, _DROPPED_INDEXES) or "[]")
    tables = [t.name for t in synced_tables() if t.pull]
    connection = session.connection()
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND sql NOT LIKE 'CREATE UNIQUE %' AND tbl_name IN ({', '.join('?' * len(tables))})", tuple(tables)).all()
    for name, sql in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
        saved.append(sql)
    state.write(session, _DROPPED_INDEXES, json.dumps(saved))


def _restore_indexes(session: Session) -> None:
    """Build the indexes `_drop_indexes` dropped (nothing on a later pull)."""
    saved = state.read(session, _DROPPED_INDEXES)
    if not saved:
        return
    connection = session.connection()
    for sql in json.loads(saved):
        connection.exec_driver_sql(sql)
    state.write(session, _DROPPED_INDEXES, None)


@contextmanager
def _triggers_set_aside(session: Session, synced: SyncedTable, first: bool) -> Iterator[None]:
    """First pull: the table's triggers (app.sync.capture's) dropped for one page's writing and
    made again from their own definitions before the page commits.

    Capture is off during the page anyway, but SQLite still runs each trigger's condition for
    every row: a third of the time of inserting two million persons. Inside the page's write
    transaction no other writer can change the table meanwhile, and a page killed midway rolls
    back with its triggers in place.
    """
    if not first:
        yield
        return
    connection = session.connection()
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (synced.name,)).all()
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        connection.exec_driver_sql(sql)


def _start_page(session: Session) -> None:
    if session.scalar(select(exists().select_from(SyncOutbox))):
        raise PullDeferred("本机有尚未推送的修改")
    set_capture(session, False)


def _pages(source: Connection, synced: SyncedTable, cursor: str, page: int) -> Iterator[list[tuple]]:
    """The table's rows at or above the cursor (tuples of `synced.columns`), a page at a time, in id order.

    Read by psycopg itself, with a server-side cursor in the snapshot's own transaction:
    SQLAlchemy's rows and result processing cost more than the rest of the reading, and psycopg
    already gives the values the column types would (UUIDs, aware times, parsed JSON).
    """
    names = ", ".join(f'"{c}"' for c in synced.columns)
    sql, parameters = f'SELECT {names} FROM "{synced.name}"', ()
    if cursor != "0":
        sql, parameters = sql + " WHERE sync_xid >= CAST(%s AS xid8)", (cursor,)
    driver = source.connection.driver_connection
    with driver.cursor(name=f"gridcc_pull_{synced.name}", binary=True) as rows:
        rows.itersize = page
        rows.execute(sql + " ORDER BY id", parameters)
        while chunk := rows.fetchmany(page):
            yield chunk


def _tombstones(source: Connection, cursor: str) -> list:
    return source.execute(text("SELECT table_name, row_id FROM sync_tombstones WHERE sync_xid >= CAST(:cursor AS xid8) "
                               "ORDER BY id"), {"cursor": cursor}).all()


def _account_secrets(source: Connection) -> list[dict] | None:
    """The accounts' password hashes and lock state, when the sync's server role may read them
    (an owner's connection; a desk account's may not: the replica then keeps its own)."""
    table = AccountSecret.__table__
    try:
        with source.begin_nested():
            return [dict(row) for row in source.execute(select(table)).mappings()]
    except DBAPIError:
        return None


def _replace_account_secrets(session: Session, secrets: list[dict]) -> None:
    """The replica's logins become the server's: the same people log in offline with the same
    passwords (a password changed at the desk itself is replaced by the server's at the next sync)."""
    table = AccountSecret.__table__
    session.execute(table.delete())
    if secrets:
        session.execute(table.insert(), secrets)


def upsert_rows(session: Session, synced: SyncedTable, rows: list[dict]) -> None:
    """Write server rows into the replica (insert or overwrite by id).

    A local row that holds one of the row's unique values under another id (a stale copy: its
    server version is in this pull too, or it lost a duplicate conflict and is kept in the
    conflict list) is removed first.
    """
    if rows:
        keys = tuple(rows[0])
        _upsert_page(session, synced, keys, [tuple(row[key] for key in keys) for row in rows])


def _upsert_page(session: Session, synced: SyncedTable, keys: tuple[str, ...], rows: list[tuple], *,
                 only_changes: bool = False) -> None:
    """`upsert_rows` for a page of tuples of the `keys` columns, as the server sends them;
    `only_changes`: rows the replica holds are written in their changed columns alone."""
    columns = dict(zip(keys, map(list, zip(*rows))))
    columns.update(_derived_columns(synced, keys, rows))
    try:
        with session.begin_nested():
            if only_changes:
                _write_changes(session, synced, keys, rows, columns)
            else:
                _write_columns(session, synced, columns)
    except IntegrityError:
        statement = _upsert(synced, tuple(columns))
        for values in zip(*columns.values()):
            _upsert_one(session, synced, statement, dict(zip(columns, values)))


def _write_changes(session: Session, synced: SyncedTable, keys: tuple[str, ...], rows: list[tuple],
                   columns: dict[str, list]) -> None:
    """Rows the replica lacks are inserted; rows it holds are updated in the columns whose values
    differ (compared as the application reads them: a sealed value opened), grouped by those
    columns; rows it holds as they are — the desk's own rows its push rewrote — are left alone.

    SQLite rewrites the entries of every index on a column an UPDATE assigns, changed or not:
    overwriting a person's whole row updates seventeen indexes, the changed note alone none.
    """
    table, at = synced.table, keys.index("id")
    with_derived = [key for key in columns if key not in keys]
    query = select(*(table.c[key] for key in keys)).where(table.c.id.in_(columns["id"]))
    held = {row[at]: row for row in session.execute(query)}
    fresh: list[int] = []
    changes: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, row in enumerate(rows):
        mine = held.get(row[at])
        if mine is None:
            fresh.append(n)
            continue
        changed = tuple(key for key, theirs, ours in zip(keys, row, mine) if theirs != ours)
        if changed and any(isinstance(table.c[key].type, Sealed) for key in changed):
            changed += tuple(with_derived)
        if changed:
            changes[changed].append(n)
    if fresh:
        _write_columns(session, synced, {key: [values[n] for n in fresh] for key, values in columns.items()})
    connection = session.connection()
    for changed, numbers in changes.items():  # by hand: a Core UPDATE would also run `onupdate` defaults
        assigned = ", ".join(f'"{key}" = ?' for key in changed)
        converted = [convert_column(column_converter(table.c[key], connection.dialect), [columns[key][n] for n in numbers])
                     for key in (*changed, "id")]
        connection.exec_driver_sql(f'UPDATE "{synced.name}" SET {assigned} WHERE id = ?', list(zip(*converted)))


def _derived_columns(synced: SyncedTable, keys: tuple[str, ...], rows: list[tuple]) -> dict[str, list]:
    """The derived columns of a page (app.sync.tables.derived_values), column by column."""
    if not derived_values(synced.name, dict(zip(keys, rows[0]))):
        return {}
    derived = [derived_values(synced.name, dict(zip(keys, row))) for row in rows]
    return {key: [values[key] for values in derived] for key in derived[0]}


def _write_columns(session: Session, synced: SyncedTable, columns: dict[str, list]) -> None:
    """One executemany of the upsert with plain tuples, each column converted by its own type
    in one pass (db.bulk): the same stored values as SQLAlchemy's executemany, which spends
    more time preparing parameters row by row than SQLite spends storing them."""
    connection = session.connection()
    keys = tuple(columns)
    compiled = connection.info.setdefault(_COMPILED, {})
    if (synced.name, keys) not in compiled:
        compiled[(synced.name, keys)] = _compile(synced, keys, connection.dialect)
    sql, order, converters = compiled[(synced.name, keys)]
    converted = [convert_column(converter, columns[key]) for key, converter in zip(order, converters)]
    connection.exec_driver_sql(sql, list(zip(*converted)))


def _compile(synced: SyncedTable, keys: tuple[str, ...], dialect) -> tuple[str, list[str], list]:
    compiled = _upsert(synced, keys).compile(dialect=dialect, column_keys=list(keys))
    order = list(compiled.positiontup)
    if set(order) - set(keys):  # a column left to a default: defaults are not run here
        raise ValueError(f"pull into {synced.name}: no value for {', '.join(sorted(set(order) - set(keys)))}")
    return compiled.string, order, [column_converter(synced.table.c[key], dialect) for key in order]


def _upsert(synced: SyncedTable, keys: tuple[str, ...]):
    table = synced.table
    statement = sqlite_insert(table)
    columns = [c for c in keys if c != "id"]
    return statement.on_conflict_do_update(index_elements=[table.c.id],
                                           set_={c: statement.excluded[c] for c in columns})


def _upsert_one(session: Session, synced: SyncedTable, statement, row: dict) -> None:
    try:
        with session.begin_nested():
            session.execute(statement, [row])
        return
    except IntegrityError:
        pass
    table = synced.table
    for columns in _unique_keys(table):
        if all(row.get(c) is not None for c in columns):
            session.execute(table.delete().where(and_(table.c.id != row["id"], *(table.c[c] == row[c] for c in columns))))
    session.execute(statement, [row])


def _unique_keys(table) -> list[tuple[str, ...]]:
    keys = [(c.name,) for c in table.c if c.unique and c.name != "id"]
    for constraint in table.constraints:
        names = tuple(c.name for c in getattr(constraint, "columns", ()))
        if constraint.__class__.__name__ == "UniqueConstraint" and names not in keys:
            keys.append(names)
    keys += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
    return keys
