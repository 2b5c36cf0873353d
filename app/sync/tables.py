"""Which tables a replica syncs, in which direction, and what is special about each.

- Configuration (categories, time limits, calendar, departments, regions, staff, roles, the
  mediation committees…) is pull-only: the center decides it; a desk never pushes it. A replica
  refuses such a change locally (the capture triggers are not installed on them, and the
  services' permission checks keep desks from editing them; an edit made anyway is overwritten
  by the next pull).
- The audit log is push-only: a desk's audited acts reach the server; a replica does not hold the
  district's whole log.
- Everything else goes both ways. Rows are merged field by field (app.sync.merge); a case's and a
  dispute's workflow columns are not merged but re-derived from their merged events
  (`PROJECTED`), and event rows get the next free sequence number when another desk used theirs.
- Columns derived from others (the persons' keyed hashes on a sealed file and reversed numbers on
  the server) are never captured or compared: each side computes its own from the clear values
  (`derived_values`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Table

from db.schema import Base, CONFIGURATION_TABLES
from db.sealed import BlindIndex, ClearOnServer

PULL_ONLY = CONFIGURATION_TABLES | {
    "regions", "staff", "mediation_committees", "mediators", "case_categories",
}
PUSH_ONLY = frozenset({"audit_log"})
NOT_SYNCED = frozenset({"sync_outbox", "sync_state", "sync_log", "account_secrets", "alembic_version"})

#: columns of a case / dispute its events decide; re-derived on the server, never merged
PROJECTED = {
    "cases": frozenset({
        "status", "status_before_park", "department_id", "stage_started_at", "closed_at", "rework_count",
        "escalation_level", "urge_count", "extension_seconds", "consumed_seconds", "running_since", "due_at",
        "yellow_at", "red_at", "parked_light", "event_count",
    }),
}
#: event tables: (parent key column, parent table); a desk's event gets the next free `seq`
EVENT_TABLES = {"case_events": ("case_id", "cases"), "dispute_events": ("dispute_id", "disputes")}
#: tables whose unique key names the same fact wherever it is recorded: a desk's row that meets
#: the server's is the same fact (the sweep's yellow card of a case), not a duplicate to settle
SAME_FACT_KEYS = {"supervision_cards": "sweep_key"}
#: bookkeeping columns every side sets for itself
OWN_COLUMNS = frozenset({"version", "updated_at"})


@dataclass(frozen=True)
class SyncedTable:
    """One table as the sync sees it."""

    name: str
    table: Table
    pull: bool
    push: bool
    columns: tuple[str, ...]  # the columns captured, transported and compared

    @property
    def merged_columns(self) -> frozenset[str]:
        """Columns merged field by field (not the key, bookkeeping or projection)."""
        return frozenset(self.columns) - {"id", "created_at"} - OWN_COLUMNS - PROJECTED.get(self.name, frozenset())


def _is_derived(column) -> bool:
    return isinstance(column.type, (BlindIndex, ClearOnServer))


@cache
def synced_tables() -> tuple[SyncedTable, ...]:
    """Every synced table in foreign-key order (parents before children)."""
    result = []
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_SYNCED or "id" not in table.c:
            continue
        columns = tuple(c.name for c in table.c if not _is_derived(c))
        result.append(SyncedTable(table.name, table, pull=table.name not in PUSH_ONLY,
                                  push=table.name not in PULL_ONLY, columns=columns))
    return tuple(result)


@cache
def by_name() -> dict[str, SyncedTable]:
    """The synced tables by name."""
    return {t.name: t for t in synced_tables()}


def rank(name: str) -> int:
    """Position in foreign-key order (parents first)."""
    return _ranks()[name]


@cache
def _ranks() -> dict[str, int]:
    return {t.name: i for i, t in enumerate(synced_tables())}


def derived_values(table: str, values: dict) -> dict:
    """The derived columns of a row of `table` from its clear values (empty for most tables).

    Persons: the keyed hashes and reversed numbers the ledger's search uses, computed by the
    ledger's own rule; the column types keep on each database only its own kind.
    """
    if table == "persons":
        from app.people.search_keys import number_keys

        return number_keys(values.get("id_number"), values.get("phone"))
    return {}
