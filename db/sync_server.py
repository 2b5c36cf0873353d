"""The server's side of offline sync (PostgreSQL only), made by migration 0013.

Why each piece exists:

- `sync_xid` (xid8) on every tracked table: the transaction that last wrote the row. Inserts get
  it from the column default, updates from a BEFORE UPDATE trigger. A replica pulls the rows
  whose `sync_xid` is at or above its cursor. Sequence numbers or timestamps would lose rows: a
  transaction that started earlier can commit later than one that started after it; the cursor
  therefore only advances to `pg_snapshot_xmin(pg_current_snapshot())` — the oldest transaction
  still running — so a late commit is always at or above a replica's cursor.
- `sync_tombstones`: a row deleted on the server, by table, key and deleting transaction, so a
  replica deletes it too (the app soft-deletes most records; the few hard deletes — a tenant
  moved out, a dispute unlinked from a case — must not come back).
- `sync_applied`: every mutation id a replica pushed, so a batch sent twice (the replica died
  before it heard the acknowledgement) applies once.
- `sync_replicas`: the registered desks; `desk_no` (1, 2, …) becomes the desk's code (R1, R2 …)
  in the case and dispute numbers the desk hands out offline, so two desks never make the same
  number.

The program's role gcc_app (db.pg_policies) may read and write these; the tables a later
migration adds call `track_statements` for themselves.
"""

from __future__ import annotations

#: tables that exist only inside a replica's file, or hold secrets that never leave the server
UNTRACKED = frozenset({"alembic_version", "sync_outbox", "sync_state", "sync_log", "account_secrets",
                       "spatial_ref_sys"})
XID_COLUMN = "sync_xid"
#: PostgreSQL-only objects compare_metadata would otherwise report as differences from db.schema
SERVER_ONLY_TABLES = frozenset({"sync_tombstones", "sync_applied", "sync_replicas"})

_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION gcc_sync_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sync_xid := pg_current_xact_id();
    RETURN NEW;
END $$""",
    """CREATE OR REPLACE FUNCTION gcc_sync_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sync_tombstones (table_name, row_id) VALUES (TG_TABLE_NAME, OLD.id);
    RETURN OLD;
END $$""",
]

_TABLES = [
    """CREATE TABLE IF NOT EXISTS sync_tombstones (
    id bigserial PRIMARY KEY,
    table_name varchar(40) NOT NULL,
    row_id uuid NOT NULL,
    sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id())""",
    "CREATE INDEX IF NOT EXISTS ix_sync_tombstones_sync_xid ON sync_tombstones (sync_xid)",
    """CREATE TABLE IF NOT EXISTS sync_applied (
    mutation_id varchar(36) PRIMARY KEY,
    replica_id uuid NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS sync_replicas (
    id uuid PRIMARY KEY,
    desk_no serial UNIQUE,
    name varchar(64) NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz)""",
]


def tracked(tables: list[str]) -> list[str]:
    """The tables among `tables` that replicas pull (everything but UNTRACKED and the server's own)."""
    return sorted(t for t in tables if t not in UNTRACKED and t not in SERVER_ONLY_TABLES)


def track_statements(table: str) -> list[str]:
    """DDL that makes `table` pullable: its sync_xid column, index and triggers."""
    return [
        f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS {XID_COLUMN} xid8 NOT NULL DEFAULT pg_current_xact_id()',
        f'CREATE INDEX IF NOT EXISTS "ix_{table}_{XID_COLUMN}" ON "{table}" ({XID_COLUMN})',
        f'DROP TRIGGER IF EXISTS gcc_sync_touch ON "{table}"',
        f'CREATE TRIGGER gcc_sync_touch BEFORE UPDATE ON "{table}" FOR EACH ROW EXECUTE FUNCTION gcc_sync_touch()',
        f'DROP TRIGGER IF EXISTS gcc_sync_tombstone ON "{table}"',
        f'CREATE TRIGGER gcc_sync_tombstone AFTER DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION gcc_sync_tombstone()',
    ]


def untrack_statements(table: str) -> list[str]:
    """The reverse of track_statements (the migration's downgrade)."""
    return [
        f'DROP TRIGGER IF EXISTS gcc_sync_touch ON "{table}"',
        f'DROP TRIGGER IF EXISTS gcc_sync_tombstone ON "{table}"',
        f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS {XID_COLUMN}',
    ]


def install_statements(tables: list[str], *, has_app_role: bool) -> list[str]:
    """Everything migration 0013 runs on a server whose tables are `tables`."""
    statements = [*_TABLES, *_FUNCTIONS]
    for table in tracked(tables):
        statements.extend(track_statements(table))
    if has_app_role:
        statements += [
            "GRANT SELECT, INSERT ON sync_tombstones TO gcc_app",
            "GRANT SELECT, INSERT ON sync_applied TO gcc_app",
            "GRANT SELECT, INSERT, UPDATE ON sync_replicas TO gcc_app",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON sync_conflicts TO gcc_app",
            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO gcc_app",
        ]
    return statements


def remove_statements(tables: list[str]) -> list[str]:
    """Everything migration 0013's downgrade runs."""
    statements = []
    for table in tracked(tables):
        statements.extend(untrack_statements(table))
    statements += [f"DROP TABLE IF EXISTS {name}" for name in sorted(SERVER_ONLY_TABLES)]
    statements += ["DROP FUNCTION IF EXISTS gcc_sync_touch()", "DROP FUNCTION IF EXISTS gcc_sync_tombstone()"]
    return statements
