"""Sealing a SQLite file that holds ID numbers and phones in clear (the at-rest migration).

A new key is made and stored in the OS credential store (db.at_rest_key), its id and check
value go into the settings, and the rows already there are rewritten a batch at a time on the
migration's own connection and transaction: persons (ID number, phone, their keyed hashes; the
reversed clear columns emptied), cases' reporter phones, dispute parties' ID numbers and phones,
the persons' change history and their memberships' own fields. `secure_delete` zeroes what
the rewrite frees, so no clear value lingers in a free page of the file. Empty documents ({}:
a new person's first change entry, most memberships' fields) hold nothing and are left as
they are. The hashes are computed exactly as db.sealed's column types compute them (same
purposes, last four or six digits, a phone's digits only).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

from db.at_rest_key import KEY_CHECK_SETTING, KEY_ID_SETTING, Sealer, new_key
from db.sealed import ID_TAIL, SEALED_KEY, TAIL, sealed_document

BATCH = 5000
#: page cache while rewriting, KiB: the unique index on the ID number takes two million values at
#: random places, which a small cache rereads from disk over and over
CACHE_KIB = 262_144


def seal_file(connection) -> Sealer:
    """Make the file's key and seal every sensitive value in it; returns the key.

    `connection` is the migration's SQLAlchemy connection (its transaction commits everything,
    or nothing when anything fails — the key then stays unused in the credential store)."""
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA secure_delete = ON")
    raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    sealer = new_key()
    now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    for key, value in ((KEY_ID_SETTING, sealer.key_id), (KEY_CHECK_SETTING, sealer.check())):
        raw.execute("INSERT INTO settings (id, key, value, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)",
                    (uuid.uuid4().hex, key, value, now, now))
    _rewrite(raw, "persons", ("id_number", "phone"), lambda row: _person(sealer, *row),
             "id_number = ?, phone = ?, id_hash = ?, id_tail = ?, id_tail6 = ?, phone_hash = ?, phone_tail = ?, "
             "id_reversed = NULL, phone_reversed = NULL")
    _rewrite(raw, "cases", ("reporter_phone",), lambda row: (_seal(sealer, b"phone", row[0]),),
             "reporter_phone = ?", "reporter_phone IS NOT NULL")
    _rewrite(raw, "dispute_parties", ("id_number", "phone"),
             lambda row: (_seal(sealer, b"id", row[0]), _seal(sealer, b"phone", row[1])),
             "id_number = ?, phone = ?", "id_number IS NOT NULL OR phone IS NOT NULL")
    for table, column, purpose in (("person_changes", "changes", b"person-change"),
                                   ("person_categories", "fields", b"membership")):
        _rewrite(raw, table, (column,), lambda row, purpose=purpose: (_seal_document(sealer, purpose, row[0]),),
                 f"{column} = ?", f"{column} IS NOT NULL AND {column} NOT IN ('{{}}', 'null') "
                 f"AND {column} NOT LIKE '%{SEALED_KEY}%'")
    return sealer


def _rewrite(raw, table: str, columns: tuple[str, ...], convert, assignments: str, where: str = "1") -> None:
    """UPDATE every row of `table` (matching `where`) with `convert`'s values, BATCH rows at a time in rowid order."""
    last = 0
    select = (f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? AND ({where}) "
              f"ORDER BY rowid LIMIT {BATCH}")
    update = f"UPDATE {table} SET {assignments} WHERE rowid = ?"
    while True:
        rows = raw.execute(select, (last,)).fetchall()
        if not rows:
            return
        raw.executemany(update, [(*convert(row[1:]), row[0]) for row in rows])
        last = rows[-1][0]


def _seal(sealer: Sealer, purpose: bytes, value):
    """A clear value sealed (a value sealed already, or NULL, is left as it is)."""
    if value is None or isinstance(value, bytes):
        return value
    return sealer.seal(purpose, value)


def _seal_document(sealer: Sealer, purpose: bytes, text: str) -> str:
    """A JSON document's text as SealedJSON stores it."""
    return json.dumps(sealed_document(sealer, purpose, text))


def _blind(sealer: Sealer, purpose: bytes, value: str | None, tail: int | None = None) -> bytes | None:
    if not value or (tail and len(value) < tail):
        return None
    return sealer.blind(purpose, value[-tail:] if tail else value)


def _person(sealer: Sealer, id_number, phone) -> tuple:
    """The sealed ID number and phone, and their hashes, of one person."""
    digits = "".join(ch for ch in phone if ch.isdigit()) if isinstance(phone, str) else None
    number = id_number if isinstance(id_number, str) else None
    return (_seal(sealer, b"id", id_number), _seal(sealer, b"phone", phone),
            _blind(sealer, b"id", number), _blind(sealer, b"id4", number, TAIL),
            _blind(sealer, b"id6", number, ID_TAIL),
            _blind(sealer, b"phone", digits), _blind(sealer, b"phone4", digits, TAIL))
