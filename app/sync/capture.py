"""Capture: triggers on a replica that write every local change into its outbox.

A trigger runs inside the transaction that makes the change, so a change and its outbox row
commit together or not at all — there is no way to change a synced table on a replica that the
outbox does not record (a service, the CLI, an importer, even another program editing the file).
Each outbox row holds the whole row before (`old`) and after (`new`) as JSON of the stored values;
binary values (sealed ID numbers and phones, attachments) as `["<hex>"]`. Derived columns are
left out (app.sync.tables).

Capture is switched off while pulled rows are applied: the pull sets `sync_state.capture` to '0'
inside its own write transaction and back to '1' before committing; SQLite lets one writer in at a
time, so no user's change can slip in unrecorded meanwhile, and a pull killed midway rolls back
with the switch still on.
"""

from __future__ import annotations

from sqlalchemy import LargeBinary, text
from sqlalchemy.orm import Session

from app.sync.tables import SyncedTable, synced_tables
from db.sealed import Sealed

CAPTURE_KEY = "capture"
_WHEN = f"(SELECT value FROM sync_state WHERE key = '{CAPTURE_KEY}') = '1'"
_MUTATION_ID = "lower(hex(randomblob(16)))"
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
OPS = ("insert", "update", "delete")


def _value(side: str, column) -> str:
    ref = f'{side}."{column.name}"'
    if isinstance(column.type, (Sealed, LargeBinary)):
        return f"CASE WHEN typeof({ref}) = 'blob' THEN json_array(hex({ref})) ELSE {ref} END"
    return ref


def _document(side: str, synced: SyncedTable) -> str:
    pairs = ", ".join(f"'{name}', {_value(side, synced.table.c[name])}" for name in synced.columns)
    return f"json_object({pairs})"


def trigger_statements(synced: SyncedTable) -> list[str]:
    """CREATE TRIGGER statements (insert, update, delete) for one pushed table."""
    name = synced.name
    old, new = _document("OLD", synced), _document("NEW", synced)
    bodies = {
        "insert": ("NEW", "NULL", new),
        "update": ("NEW", old, new),
        "delete": ("OLD", old, "NULL"),
    }
    statements = []
    for op, (side, before, after) in bodies.items():
        statements.append(
            f'CREATE TRIGGER "gcc_capture_{name}_{op}" AFTER {op.upper()} ON "{name}" '
            f"WHEN {_WHEN} BEGIN "
            f"INSERT INTO sync_outbox (mutation_id, table_name, row_id, op, old, new, made_at) "
            f"VALUES ({_MUTATION_ID}, '{name}', {side}.id, '{op}', {before}, {after}, {_NOW}); END"
        )
    return statements


def install_capture(session: Session) -> None:
    """(Re)create the capture triggers on every pushed table and switch capture on.

    Run when a file becomes a replica and after every upgrade of one: a migration may add
    columns (the triggers must capture them) or rebuild a table (SQLite drops its triggers)."""
    remove_capture(session)
    for synced in synced_tables():
        if synced.push:
            for statement in trigger_statements(synced):
                session.execute(text(statement))
    set_capture(session, True)


def remove_capture(session: Session) -> None:
    """Drop the capture triggers (a replica turned back into a plain local file)."""
    for synced in synced_tables():
        for op in OPS:
            session.execute(text(f'DROP TRIGGER IF EXISTS "gcc_capture_{synced.name}_{op}"'))


def set_capture(session: Session, on: bool) -> None:
    """Switch capture on or off for the rest of this transaction and after it."""
    session.execute(text("INSERT INTO sync_state (key, value) VALUES (:key, :value) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                    {"key": CAPTURE_KEY, "value": "1" if on else "0"})
