"""Bulk inserts for generated data: rows as dicts, written in batches through the driver.

SQLAlchemy's executemany spends more time preparing each row's parameters than the database
spends storing it; for the demo's and the benchmarks' millions of generated rows that doubles
the time. Here each column's own bind processor (the same conversion SQLAlchemy would apply:
UUIDs, dates, UTC times, JSON) turns a row into a tuple once, and the tuples go to the driver:
executemany on SQLite, COPY on PostgreSQL. Parents are flushed before children.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Table
from sqlalchemy.orm import Session


class _TableWriter:
    """One table's column order, converters and statement."""

    def __init__(self, table: Table, dialect):
        self.table = table
        self.names = [column.name for column in table.columns]
        self.processors = [_last_value_cached(column.type.dialect_impl(dialect).bind_processor(dialect))
                           for column in table.columns]
        columns = ", ".join(f'"{name}"' for name in self.names)
        self.insert_sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(self.names))})'
        self.copy_sql = f'COPY "{table.name}" ({columns}) FROM STDIN'

    def tuples(self, rows: list[dict]) -> list[tuple]:
        pairs = list(zip(self.names, self.processors))
        return [tuple(p(row.get(n)) if p else row.get(n) for n, p in pairs) for row in rows]


def _last_value_cached(processor):
    """The processor remembering its last conversion: generated rows repeat the same timestamp
    and parent key row after row, and converting a UTC time is the costliest of them."""
    if processor is None:
        return None
    last = [object(), None]

    def convert(value):
        if value is not last[0]:
            last[0], last[1] = value, processor(value)
        return last[1]
    return convert


class BulkRows:
    """Rows waiting to be inserted into `tables` (listed parents first), flushed in batches."""

    def __init__(self, session: Session, tables: Sequence[type], batch: int = 5_000,
                 progress: Callable[[dict[str, int]], None] | None = None):
        self.session = session
        self.batch = batch
        dialect = session.get_bind().dialect
        self._postgres = dialect.name == "postgresql"
        self._writers = {model: _TableWriter(model.__table__, dialect) for model in tables}
        self._rows: dict[type, list[dict]] = {model: [] for model in tables}
        self.written = {model.__tablename__: 0 for model in tables}
        self._progress = progress

    def add(self, model: type, row: dict) -> None:
        pending = self._rows[model]
        pending.append(row)
        if len(pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write everything pending, parents first."""
        connection = self.session.connection()
        for model, rows in self._rows.items():
            if not rows:
                continue
            writer = self._writers[model]
            values = writer.tuples(rows)
            if self._postgres:
                driver = connection.connection.driver_connection
                with driver.cursor() as cursor, cursor.copy(writer.copy_sql) as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                connection.connection.driver_connection.executemany(writer.insert_sql, values)
            self.written[model.__tablename__] += len(rows)
            self._rows[model] = []
        if self._progress:
            self._progress(self.written)
