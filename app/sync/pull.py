"""Pull: the server's changes since the replica's cursor, applied to the replica page by page.

The cursor is a PostgreSQL transaction id (db.sync_server): every row whose writing transaction
is at or above it is read, inside one REPEATABLE READ snapshot of the server, and the new cursor
is that snapshot's xmin — the oldest transaction still running when it was taken. A transaction
that commits late (started before a later one that already committed) is therefore at or above
the new cursor and is read next time: nothing is lost, and a row read twice is simply written
again. The first replica is the same pull from cursor zero: one consistent snapshot of everything.

On the replica each page is one write transaction with capture off (pulled rows are the
server's, not the desk's changes) and foreign-key checks off (a page of children may arrive
before the page that re-creates their parent; the server already keeps the references whole).
The cursor is saved in the same transaction as the last page, with the tombstones and the
accounts' password hashes (replaced whole, when the server lets the sync read them, so the desk's
people log in offline with their usual passwords): a pull killed
midway restarts from the old cursor and writes the same rows again. Pulled rows are applied only
while the outbox is empty — a desk's unpushed change is never overwritten; the engine pushes
first and pulls again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import and_, exists, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.sync import state
from app.sync.capture import set_capture
from app.sync.crash import crash_point
from app.sync.tables import SyncedTable, by_name, derived_values, synced_tables
from db.engine import Database
from db.schema import AccountSecret, SyncOutbox

PAGE = 2000


class PullDeferred(Exception):
    """The desk changed something while pulling: push first, then pull again."""


@dataclass
class PullResult:
    rows: int = 0
    deleted: int = 0
    cursor: str | None = None


def pull(replica: Database, server: Database, *, page: int = PAGE,
         progress: Callable[[str, int], None] | None = None) -> PullResult:
    """Pull every change since the replica's cursor (see the module docstring)."""
    with replica.read() as session:
        cursor = state.read(session, state.CURSOR) or "0"
    result = PullResult()
    with server.engine.connect().execution_options(isolation_level="REPEATABLE READ") as source, \
            _local_writer(replica) as local:
        upper = source.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")).scalar()
        for synced in synced_tables():
            if not synced.pull:
                continue
            for rows in _pages(source, synced, cursor, page):
                with Session(local) as session, session.begin():
                    _start_page(session)
                    upsert_rows(session, synced, rows)
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
            state.write(session, state.CURSOR, upper)
            set_capture(session, True)
    result.cursor = upper
    return result


class _local_writer:
    """A replica connection for writing pulled rows: foreign keys off, write lock at BEGIN."""

    def __init__(self, replica: Database):
        self.replica = replica

    def __enter__(self) -> Connection:
        self.connection = self.replica.engine.connect().execution_options(gridcc_write=True)
        self.connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        return self.connection

    def __exit__(self, *exc) -> None:
        try:
            self.connection.rollback()
            self.connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
        finally:
            self.connection.close()


def _start_page(session: Session) -> None:
    if session.scalar(select(exists().select_from(SyncOutbox))):
        raise PullDeferred("本机有尚未推送的修改")
    set_capture(session, False)


def _pages(source: Connection, synced: SyncedTable, cursor: str, page: int) -> Iterator[list[dict]]:
    table = synced.table
    query = select(*(table.c[c] for c in synced.columns))
    if cursor != "0":
        query = query.where(text(f'"{synced.name}".sync_xid >= CAST(:cursor AS xid8)').bindparams(cursor=cursor))
    result = source.execution_options(stream_results=True, yield_per=page).execute(query.order_by(table.c.id))
    for chunk in result.mappings().partitions(page):
        yield [dict(row) for row in chunk]


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
    if not rows:
        return
    prepared = [{**row, **derived_values(synced.name, row)} for row in rows]
    statement = _upsert(synced, prepared[0])
    try:
        with session.begin_nested():
            session.execute(statement, prepared)
    except IntegrityError:
        for row in prepared:
            _upsert_one(session, synced, statement, row)


def _upsert(synced: SyncedTable, sample: dict):
    table = synced.table
    statement = sqlite_insert(table)
    columns = [c for c in sample if c != "id"]
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
