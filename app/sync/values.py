"""Values on their way between a replica's file, the server and a conflict record.

The outbox holds a replica's stored values (a UUID as 32 hex digits, a time as text, a sealed
phone as ciphertext); `OutboxReader` turns them into the Python values the application uses by
the columns' own types on the replica's engine — the same conversions a query would make, so a
sealed value is opened with the file's key. The server is then written with those values through
its own column types. Conflict records keep values as JSON (`to_json` / `from_json`).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from functools import cache

from sqlalchemy import Date, LargeBinary, Uuid

from app.sync.tables import by_name
from db.types import UTCDateTime


class OutboxReader:
    """Converts outbox documents of a replica (whose engine dialect holds the file's key)."""

    def __init__(self, dialect):
        self._dialect = dialect
        self._processors: dict[tuple[str, str], object] = {}

    def _processor(self, table: str, column: str):
        key = (table, column)
        if key not in self._processors:
            col = by_name()[table].table.c[column]
            self._processors[key] = col.type.dialect_impl(self._dialect).result_processor(self._dialect, None)
        return self._processors[key]

    def row(self, table: str, document: str | None) -> dict | None:
        """The Python values of an outbox document (None stays None)."""
        if document is None:
            return None
        raw = json.loads(document)
        known = by_name()[table].table.c
        values = {}
        for column, value in raw.items():
            if column not in known:  # captured before an upgrade dropped the column: nothing to send
                continue
            if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
                value = bytes.fromhex(value[0])
            processor = self._processor(table, column)
            values[column] = processor(value) if processor is not None and value is not None else value
        return values


def to_json(value):
    """A value as a conflict record stores it (None, numbers, text, lists and documents as they are)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):  # an attachment's content: kept, not only its size
        return {"bytes": len(bytes(value)), "hex": bytes(value).hex()}
    return value


def from_json(table: str, column: str, value):
    """A conflict record's value back as the column's Python value."""
    if value is None:
        return None
    kind = _kind(table, column)
    if kind == "uuid":
        return uuid.UUID(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bytes" and isinstance(value, dict) and "hex" in value:
        return bytes.fromhex(value["hex"])
    return value


@cache
def _kind(table: str, column: str) -> str:
    column_type = by_name()[table].table.c[column].type
    if isinstance(column_type, Uuid):
        return "uuid"
    if isinstance(column_type, UTCDateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, LargeBinary):
        return "bytes"
    return "plain"


def row_json(values: dict | None) -> dict | None:
    """A whole row as a conflict record stores it."""
    return None if values is None else {k: to_json(v) for k, v in values.items()}
