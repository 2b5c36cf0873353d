"""Inserting many rows at once with less per-row overhead than SQLAlchemy's executemany.

A 100,000-row ledger import spends as long in SQLAlchemy preparing parameters (a dictionary per
row, every value passed through its type one call at a time) as the database spends storing
them. `insert_rows` converts each column with the column's own SQLAlchemy type — so values are
stored exactly as any other insert stores them — but as one pass per column of a batch,
converts the values every row shares (`same`) once, and hands the driver plain tuples.

The rows may be a generator, consumed a batch at a time. On PostgreSQL every batch goes into
one COPY that stays open, so the server stores and indexes the rows already sent while Python
is still building the next ones: on two cores the two kinds of work overlap instead of adding up.
(A helper thread storing SQLite batches was tried and was slower: the two threads take turns
on Python's lock at every row.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from itertools import chain, islice

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from db.types import UTCDateTime

BATCH = 2000


def insert_rows(session: Session, table: Table, rows: Iterable[Mapping], same: Mapping | None = None) -> int:
    """INSERT `rows` (dicts with the same keys) into `table`, each with the values of `same` too.

    Returns how many rows were inserted.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    same = dict(same or {})
    connection = session.connection()
    dialect = connection.dialect
    names = [name for name in first if name not in same] + list(same)
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    keys = list(compiled.positiontup if compiled.positional else compiled.binds)
    missing = set(keys) - set(names)
    if missing:  # a column with a default the rows do not fill: defaults are not run here
        raise ValueError(f"insert_rows into {table.name}: no value for {', '.join(sorted(missing))}")
    converters = [column_converter(table.c[key], dialect) for key in keys]
    shared = {key: _convert(converter, [same[key]])[0]
              for key, converter in zip(keys, converters) if key in same}
    batches = _batches(chain([first], rows), keys, converters, shared)
    if dialect.name == "postgresql":
        return _copy(connection, table, keys, batches)
    count = 0
    for batch in batches:
        parameters = list(zip(*batch))
        if not compiled.positional:
            parameters = [dict(zip(keys, values)) for values in parameters]
        connection.exec_driver_sql(compiled.string, parameters)
        count += len(parameters)
    return count


def _batches(rows: Iterator[Mapping], keys: list[str], converters: list, shared: dict) -> Iterator[list[list]]:
    """The rows a batch at a time, as one list of converted values per column."""
    while True:
        batch = list(islice(rows, BATCH))
        if not batch:
            return
        yield [[shared[key]] * len(batch) if key in shared else _convert(converter, [row[key] for row in batch])
               for key, converter in zip(keys, converters)]


def _copy(connection, table: Table, keys: list[str], batches: Iterator[list[list]]) -> int:
    """PostgreSQL: COPY the converted values in, on the session's own connection and transaction.

    Several times faster than any INSERT. The binary format spares the server parsing every
    UUID, date and time from text (a fifth of a ledger import's writing); psycopg encodes each
    value for the column's own type, looked up in the catalogue.
    """
    names = ", ".join(f'"{key}"' for key in keys)
    driver_connection = connection.connection.driver_connection
    types = _column_types(driver_connection, table.name)
    count = 0
    with driver_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
            copy.set_types([types[key] for key in keys])
            for batch in batches:
                for row in zip(*batch):
                    copy.write_row(row)
                count += len(batch[0])
    return count


def _column_types(driver_connection, table_name: str) -> dict[str, str]:
    """{column: its PostgreSQL type name} of a table, from the catalogue."""
    with driver_connection.cursor() as cursor:
        cursor.execute("SELECT attname, atttypid::regtype::text FROM pg_attribute"
                       " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped", (table_name,))
        return dict(cursor.fetchall())


def column_converter(column, dialect):
    """The column type's conversion to what the driver takes, or None when values pass as they are.

    A UTC timestamp on SQLite takes a shortcut: SQLAlchemy turns it into UTC, drops the zone and
    formats the text field by field through a dictionary (a third of the conversion time of a case
    and its events); `_sqlite_utc_text` writes the very same text with one C call.
    """
    if dialect.name == "sqlite" and isinstance(column.type, UTCDateTime):
        return _sqlite_utc_text
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _sqlite_utc_text(value: datetime | None) -> str | None:
    """What UTCDateTime and SQLite's DATETIME store for `value`: "YYYY-MM-DD HH:MM:SS.ffffff" in UTC."""
    if value is None:
        return None
    zone = value.tzinfo
    if zone is not timezone.utc:
        if zone is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; give it a time zone")
        value = value.astimezone(timezone.utc)
    return value.isoformat(" ", "microseconds")[:-6]  # without "+00:00"


def convert_column(converter, values: list) -> list:
    """`values` of one column through its `column_converter` (None: as they are)."""
    return _convert(converter, values)


def _convert(converter, values: list) -> list:
    return values if converter is None else [converter(value) for value in values]
