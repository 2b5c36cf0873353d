"""Column types that keep ID numbers and phones encrypted at rest in a SQLite file.

On a sealed SQLite file (every file upgraded to the at-rest revision has its key, see
db.at_rest_key) a `Sealed` column stores AES-GCM ciphertext and reads back clear text, so the
application code above sees the same values as before; beside it `BlindIndex` columns store keyed
hashes (HMAC) of the whole value and of its last four digits, which is how the file is searched
by ID number or phone, and how ID numbers stay unique, without holding them in clear.
`ClearOnServer` columns (the reversed ID and phone, PostgreSQL's tail search) stay empty there.

Comparisons are rewritten per database: `Person.id_number == x` is `id_number = x` on
PostgreSQL and `id_hash = HMAC(x)` on a sealed file; `ends_with` is a prefix range of the
reversed column on PostgreSQL and, on the file, the hash of the last four (or six) digits (an
index seek) checked against the decrypted value for longer tails (SQL function `gridcc_ends`). Other
operators (LIKE) compare the decrypted value (`gridcc_open`), a scan: fine for the cases' and
disputes' few thousand rows, never used on persons.

PostgreSQL stores and compares these columns as before: the server, its accounts and row-level
security protect them, and no key is involved.

What the file still tells without the key: which persons share an ID number's last four or six
digits or a phone's last four (equal tail hashes), and how long a value is (ciphertext length).
"""

from __future__ import annotations

import base64
import json
import sqlite3
from functools import partial

from sqlalchemy import JSON, Boolean, LargeBinary, String, and_, event, false, func, type_coerce
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from db.at_rest_key import KEY_CHECK_SETTING, KEY_ID_SETTING, Sealer, load_key

#: how many trailing digits the tail hashes cover: a shorter tail cannot be searched on a file.
#: ID numbers have a second, of six: their last four (order number and check digit) repeat a
#: lot, order numbers being handed out from 001 each birth day, so a longer tail typed would
#: otherwise decrypt thousands of candidates
TAIL = 4
ID_TAIL = 6
_ATTRIBUTE = "gridcc_sealer"
SEALED_KEY = "gridcc_sealed"


def sealer_for(dialect) -> Sealer | None:
    """The key of the sealed SQLite file this dialect's engine opens; None on PostgreSQL and on a
    file not sealed yet (before the at-rest revision)."""
    return getattr(dialect, _ATTRIBUTE, None)


def attach(engine_or_connection, sealer: Sealer) -> None:
    """From now on, this engine seals and unseals with `sealer` (the migration that creates the
    key calls this); statements compiled before are forgotten."""
    setattr(engine_or_connection.dialect, _ATTRIBUTE, sealer)
    engine = getattr(engine_or_connection, "engine", engine_or_connection)
    engine.clear_compiled_cache()


def install(engine: Engine) -> None:
    """On every new SQLite connection: the SQL functions, and the file's key when it has one
    (KeyMissing, one line, when this computer's credential store does not hold it)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dialect = engine.dialect
        dbapi_connection.create_function("gridcc_open", 2, partial(_sql_open, dialect), deterministic=True)
        dbapi_connection.create_function("gridcc_ends", 3, partial(_sql_ends, dialect), deterministic=True)
        stored = _stored_key(dbapi_connection)
        if stored is not None:
            setattr(dialect, _ATTRIBUTE, load_key(*stored))


def _stored_key(dbapi_connection) -> tuple[str, str | None] | None:
    """(key id, key check) from the file's settings; None when it has none (not sealed yet)."""
    try:
        rows = dict(dbapi_connection.execute(
            "SELECT key, value FROM settings WHERE key IN (?, ?)", (KEY_ID_SETTING, KEY_CHECK_SETTING)
        ).fetchall())
    except sqlite3.OperationalError:  # no settings table: a new or very old file
        return None
    return (rows[KEY_ID_SETTING], rows.get(KEY_CHECK_SETTING)) if KEY_ID_SETTING in rows else None


def _open_value(dialect, purpose: bytes, value):
    if isinstance(value, bytes):
        sealer = sealer_for(dialect)
        if sealer is None:
            raise ValueError("a sealed value on a file without its key")
        return sealer.open(purpose, value)
    return value


def _sql_open(dialect, value, purpose: str):
    return _open_value(dialect, purpose.encode(), value)


def _sql_ends(dialect, value, purpose: str, tail: str):
    text = _open_value(dialect, purpose.encode(), value)
    if text is None:
        return 0
    if purpose == "phone":
        text = "".join(ch for ch in text if ch.isdigit())
    return int(text.endswith(tail))


class by_dialect(FunctionElement):
    """Two forms of one condition: the first for PostgreSQL (and unsealed files), the second for
    a sealed SQLite file. Only the chosen one is compiled, so only its parameters are bound."""

    inherit_cache = True
    type = Boolean()
    name = "by_dialect"
    _is_implicitly_boolean = True  # a condition itself: never rendered as "(…) = 1", which no index serves


@compiles(by_dialect)
def _compile_clear(element, compiler, **kw):
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(by_dialect, "sqlite")
def _compile_sqlite(element, compiler, **kw):
    chosen = 1 if sealer_for(compiler.dialect) is not None else 0
    return compiler.process(element.clauses.clauses[chosen], **kw)


class opened(FunctionElement):
    """A sealed column's clear value inside SQL (`gridcc_open`) on a sealed file; the column itself elsewhere."""

    inherit_cache = True
    type = String()
    name = "opened"


@compiles(opened)
def _compile_opened_clear(element, compiler, **kw):
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(opened, "sqlite")
def _compile_opened_sqlite(element, compiler, **kw):
    column = element.clauses.clauses[0]
    if sealer_for(compiler.dialect) is None:
        return compiler.process(column, **kw)
    return f"gridcc_open({compiler.process(column, **kw)}, '{column.type.purpose}')"


class Sealed(TypeDecorator):
    """A text column encrypted on a sealed SQLite file (see the module docstring).

    `blind` names the BlindIndex column of the same table that holds the keyed hash of the whole
    value (equality and IN use it), `tails` the (digits, column) of the hashes of its last digits,
    longest first, and `clear_reversed` the reversed clear column PostgreSQL searches tails with
    (`ends_with` uses those).
    """

    impl = String
    cache_ok = True

    def __init__(self, length: int | None = None, *, purpose: str, blind: str | None = None,
                 tails: tuple[tuple[int, str], ...] = (), clear_reversed: str | None = None):
        super().__init__(length)
        self.purpose, self.blind, self.tails, self.clear_reversed = purpose, blind, tails, clear_reversed

    def process_bind_param(self, value, dialect):
        sealer = sealer_for(dialect)
        if sealer is None or value is None:
            return value
        return sealer.seal(self.purpose.encode(), value)

    def process_result_value(self, value, dialect):
        return _open_value(dialect, self.purpose.encode(), value)

    class comparator_factory(String.Comparator):
        def operate(self, op, *other, **kwargs):
            column = self.expr
            kind = column.type
            clear = type_coerce(column, String(kind.length))
            if op in (operators.is_, operators.is_not):  # NULL stays NULL when sealed
                return op(clear, *other, **kwargs)
            if any(isinstance(value, ClauseElement) for value in other):  # another column, ANY(…): as stored
                return super().operate(op, *other, **kwargs)
            hashed = column.table.c[kind.blind] if kind.blind else None
            if hashed is not None and op is operators.eq:
                return by_dialect(clear == other[0], hashed == other[0])
            if hashed is not None and op is operators.in_op:
                return by_dialect(clear.in_(other[0]), hashed.in_(other[0]))
            return by_dialect(op(clear, *other, **kwargs), op(opened(column), *other, **kwargs))


class BlindIndex(TypeDecorator):
    """A keyed hash of the clear value written to it (of its last `tail` characters when set, of
    its digits alone when `digits_only`: a phone); NULL on PostgreSQL and unsealed files.
    Compared values are hashed the same way. With `default=from_column(…)` an insert that
    leaves it out hashes the clear column's value."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, purpose: str, tail: int | None = None, *, digits_only: bool = False):
        super().__init__()
        self.purpose, self.tail, self.digits_only = purpose, tail, digits_only

    def process_bind_param(self, value, dialect):
        sealer = sealer_for(dialect)
        if sealer is not None and value and self.digits_only and not value.isdigit():
            value = "".join(ch for ch in value if ch.isdigit())
        if sealer is None or not value:
            return None
        if self.tail is not None:
            if len(value) < self.tail:
                return None
            value = value[-self.tail:]
        return sealer.blind(self.purpose.encode(), value)


def from_column(name: str):
    """A column default: the value the same insert gives column `name` (before it is sealed)."""
    return lambda context: context.get_current_parameters().get(name)


class ClearOnServer(TypeDecorator):
    """A clear search column kept only where values are not sealed (NULL on a sealed file)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if sealer_for(dialect) is not None else value


class SealedJSON(TypeDecorator):
    """A JSON document encrypted whole on a sealed SQLite file, stored as {"gridcc_sealed": base64}
    (still JSON, so the column's type is the same everywhere); JSON as before elsewhere."""

    impl = JSON
    cache_ok = True

    def __init__(self, purpose: str):
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value, dialect):
        sealer = sealer_for(dialect)
        if sealer is None or value is None:
            return value
        return sealed_document(sealer, self.purpose.encode(), json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value, dialect):
        if isinstance(value, dict) and SEALED_KEY in value:
            return json.loads(_open_value(dialect, self.purpose.encode(), base64.b64decode(value[SEALED_KEY])))
        return value


def sealed_document(sealer: Sealer, purpose: bytes, text: str) -> dict:
    """What a SealedJSON column holds for a document (given as JSON text)."""
    return {SEALED_KEY: base64.b64encode(sealer.seal(purpose, text)).decode()}


def ends_with(column, digits: str):
    """`column` (a Sealed column with `tails` and `clear_reversed`) ends with `digits`.

    PostgreSQL: a prefix range on the reversed column. A sealed file: the hash of the longest
    stored tail the digits cover (an index seek), checked against the decrypted value when more
    digits were typed; fewer digits than the shortest tail find nothing there (a scan decrypting
    every row would take seconds)."""
    column = getattr(column, "expression", column)
    kind, table = column.type, column.table
    reversed_column, backwards = table.c[kind.clear_reversed], digits[::-1]
    upper = backwards[:-1] + chr(ord(backwards[-1]) + 1)
    clear = and_(reversed_column >= backwards, reversed_column < upper)
    usable = [(length, name) for length, name in kind.tails if len(digits) >= length]
    if not usable:
        return by_dialect(clear, false())
    length, name = usable[0]
    sealed = table.c[name] == digits
    if len(digits) > length:
        sealed = and_(sealed, func.gridcc_ends(column, kind.purpose, digits) == 1)
    return by_dialect(clear, sealed)
