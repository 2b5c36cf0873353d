"""Push: a batch of a replica's outbox applied to the server in one server transaction.

In order, idempotent and never losing a desk's change:
1. The batch's mutation ids go into `sync_applied`; the ones already there (a batch sent again
   because the replica died before it heard the acknowledgement) are skipped.
2. The server rows the batch touches are read once, locked (FOR UPDATE), and every mutation is
   played in the desk's order against them in memory: inserts add rows, updates merge field by
   field (app.sync.merge), deletes apply when the server did not change the row meanwhile.
   What cannot be merged becomes a conflict record (kept with its three values; the server's
   value stays, so every replica converges on the same content).
3. The result is written table by table (parents first; ON CONFLICT DO NOTHING, so an insert
   that collides with another record — the same ID number registered at two desks — is caught
   and becomes a `duplicate` conflict), cases and disputes that got events are re-derived from
   their merged history (app.sync.events), and rows whose desk copy now differs from the
   server (a conflict, a refused delete) are touched so the desk pulls them back.
If the batch cannot be written together, it is written one mutation at a time, each in a
savepoint, so one bad row never holds back the others (app.sync.engine does that).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from app.sync.events import EventSequencer
from app.sync.merge import changed_since, merge_update
from app.sync.tables import EVENT_TABLES, SAME_FACT_KEYS, SyncedTable, by_name, derived_values, rank
from app.sync.values import row_json, to_json
from db.schema import SyncConflict


@dataclass(frozen=True)
class Mutation:
    """One outbox row as Python values."""

    seq: int
    mutation_id: str
    table: str
    row_id: uuid.UUID
    op: str
    old: dict | None
    new: dict | None


@dataclass
class PushResult:
    """What one batch did on the server."""

    applied: int = 0
    replayed: int = 0
    conflicts: list[dict] = field(default_factory=list)


def claim(session: Session, ids: list[str], replica_id: uuid.UUID) -> set[str]:
    """Remember mutation ids as applied; returns those not seen before (the ones to apply)."""
    if not ids:
        return set()
    rows = session.execute(
        text("INSERT INTO sync_applied (mutation_id, replica_id) SELECT x, :replica "
             "FROM unnest(CAST(:ids AS varchar[])) AS x ON CONFLICT DO NOTHING RETURNING mutation_id"),
        {"ids": ids, "replica": replica_id})
    return {row[0] for row in rows}


def bury(session: Session, table: str, row_id: uuid.UUID) -> None:
    """A desk's new row the server refused (kept whole in its conflict): a tombstone, so the desk
    drops its copy — and with it the children the server refused with it — on the next pull.
    Nothing is buried when the server holds a row of that key."""
    session.execute(text(f'INSERT INTO sync_tombstones (table_name, row_id) SELECT :name, :row '
                         f'WHERE NOT EXISTS (SELECT 1 FROM "{table}" WHERE id = :row)'),
                    {"name": table, "row": row_id})


def touch(session: Session, table: str, row_id: uuid.UUID) -> None:
    """Mark the server's row as written now, so the desk pulls it back over its own refused change."""
    session.execute(text(f'UPDATE "{table}" SET id = id WHERE id = :row'), {"row": row_id})


class BatchApplier:
    """Applies mutations on one server session (see the module docstring)."""

    def __init__(self, session: Session, *, replica_id: uuid.UUID, desk: str, now: datetime):
        self.session, self.replica_id, self.desk, self.now = session, replica_id, desk, now
        self.rows: dict[tuple[str, uuid.UUID], dict | None] = {}
        self.existed: set[tuple[str, uuid.UUID]] = set()
        self.dirty: dict[tuple[str, uuid.UUID], set[str]] = {}  # changed columns ('*' = inserted)
        self.deleted: set[tuple[str, uuid.UUID]] = set()
        self.touch: set[tuple[str, uuid.UUID]] = set()
        self.conflicts: list[dict] = []
        self.sequencer = EventSequencer(session)

    # ------------------------------------------------------------------ entry
    def apply(self, mutations: list[Mutation]) -> PushResult:
        fresh = self._claim([m.mutation_id for m in mutations])
        todo = [m for m in mutations if m.mutation_id in fresh]
        self._load(todo)
        for mutation in todo:
            getattr(self, f"_{mutation.op}")(mutation)
        self._write()
        self.sequencer.rederive(self.session, self.conflict)
        self._touch()
        for values in self.conflicts:
            self.session.add(SyncConflict(**values))
        return PushResult(applied=len(todo), replayed=len(mutations) - len(todo), conflicts=self.conflicts)

    def _claim(self, ids: list[str]) -> set[str]:
        return claim(self.session, ids, self.replica_id)

    def _load(self, mutations: list[Mutation]) -> None:
        wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
        changing: set[str] = set()
        for m in mutations:
            wanted[m.table].add(m.row_id)
            if m.op != "insert":
                changing.add(m.table)
        self.sequencer.prefetch(mutations)
        for name, ids in sorted(wanted.items(), key=lambda item: rank(item[0])):
            synced = by_name()[name]
            table = synced.table
            query = select(*(table.c[c] for c in synced.columns)).where(table.c.id.in_(list(ids)))
            if name in changing:  # rows only added need no lock (and the audit log grants no UPDATE to lock with)
                query = query.with_for_update()
            for row in self.session.execute(query).mappings():
                key = (name, row["id"])
                self.rows[key] = dict(row)
                self.existed.add(key)
            for row_id in ids:
                self.rows.setdefault((name, row_id), None)

    # ------------------------------------------------------------ operations
    def _insert(self, m: Mutation) -> None:
        key = (m.table, m.row_id)
        current = self.rows.get(key)
        if current is not None:  # already there (made by an earlier batch of the same desk): merge
            self._update(Mutation(m.seq, m.mutation_id, m.table, m.row_id, "update", dict(current), m.new))
            return
        values = dict(m.new)
        if m.table in EVENT_TABLES:
            values["seq"] = self.sequencer.next_seq(m.table, values)
        self.rows[key] = values
        self.dirty[key] = {"*"}
        self.deleted.discard(key)

    def _update(self, m: Mutation) -> None:
        key = (m.table, m.row_id)
        synced = by_name()[m.table]
        current = self.rows.get(key)
        if current is None:
            self.conflict("update_delete", m.table, m.row_id, m.mutation_id, local_row=m.new,
                          detail="本机修改了一条在服务器上已被删除的记录，修改未保存到服务器")
            return
        merged = merge_update(current, m.old or {}, m.new, synced.merged_columns)
        if merged.conflicts:
            self.conflict("update_update", m.table, m.row_id, m.mutation_id, fields={
                column: {"base": to_json(b), "local": to_json(loc), "server": to_json(s)}
                for column, (b, loc, s) in merged.conflicts.items()
            }, detail="同一字段在本机和服务器上都被修改，暂保留服务器上的值")
            self.touch.add(key)
        if current.get("deleted_at") is not None and merged.assign and "deleted_at" not in merged.assign:
            self.conflict("update_delete", m.table, m.row_id, m.mutation_id, local_row=m.new,
                          detail="本机修改了一条在服务器上已被删除的记录，记录保持删除")
            self.touch.add(key)
        if merged.assign:
            current.update(merged.assign)
            if m.new.get("updated_at") is not None:
                current["updated_at"] = m.new["updated_at"]
            marks = self.dirty.setdefault(key, set())
            marks.update(merged.assign)
            if "updated_at" in synced.table.c:
                marks.add("updated_at")

    def _delete(self, m: Mutation) -> None:
        key = (m.table, m.row_id)
        current = self.rows.get(key)
        if current is None:
            return  # already gone: nothing to do
        moved = changed_since(current, m.old or {}, by_name()[m.table].merged_columns)
        if moved:
            self.conflict("update_delete", m.table, m.row_id, m.mutation_id, local_row=m.old,
                          fields={c: {"base": to_json(m.old.get(c)), "local": None, "server": to_json(current.get(c))}
                                  for c in moved},
                          detail="本机删除了一条在服务器上已被修改的记录，记录保留")
            self.touch.add(key)
            return
        self.rows[key] = None
        if self.dirty.pop(key, None) == {"*"} and key not in self.existed:
            return  # made and removed within the batch: the server never needs it
        self.deleted.add(key)

    # ----------------------------------------------------------------- writes
    def _write(self) -> None:
        by_table: dict[str, list[tuple[uuid.UUID, set[str]]]] = defaultdict(list)
        for (name, row_id), marks in self.dirty.items():
            by_table[name].append((row_id, marks))
        for name in sorted(by_table, key=rank):
            synced = by_name()[name]
            inserts = [row_id for row_id, marks in by_table[name] if "*" in marks and (name, row_id) not in self.existed]
            updates = [(row_id, marks) for row_id, marks in by_table[name] if (name, row_id) in self.existed]
            self._insert_rows(synced, inserts)
            self._update_rows(synced, updates)
        for name, row_id in sorted(self.deleted, key=lambda key: -rank(key[0])):
            table = by_name()[name].table
            self.session.execute(table.delete().where(table.c.id == row_id))

    def _insert_rows(self, synced: SyncedTable, ids: list[uuid.UUID]) -> None:
        if not ids:
            return
        table = synced.table
        rows = []
        for row_id in ids:
            values = dict(self.rows[(synced.name, row_id)])
            values.update(derived_values(synced.name, values))
            rows.append(values)
        if not synced.pull:  # the audit log: a desk may add to it but not read it back (no RETURNING)
            self.session.execute(pg_insert(table).on_conflict_do_nothing(), rows)
            return
        # event rows may only meet an event of the same id (a replay); a clash of numbers is a fault,
        # never a "duplicate" (the numbers are given under the record's lock, app.sync.events)
        target = {"index_elements": ["id"]} if synced.name in EVENT_TABLES else {}
        statement = pg_insert(table).on_conflict_do_nothing(**target).returning(table.c.id)
        done = set(self.session.scalars(statement, rows))
        for values in rows:
            if values["id"] not in done and synced.name in SAME_FACT_KEYS:
                self.rows[(synced.name, values["id"])] = None  # the server has it already
            elif values["id"] not in done:
                self.conflict("duplicate", synced.name, values["id"], None, local_row=values,
                              detail="与服务器上已有的记录重复（如编号或身份证号相同），未保存到服务器；本机的内容保存在此处")
                self.rows[(synced.name, values["id"])] = None
                bury(self.session, synced.name, values["id"])

    def _update_rows(self, synced: SyncedTable, updates: list[tuple[uuid.UUID, set[str]]]) -> None:
        if not updates:
            return
        table = synced.table
        columns = sorted(set().union(*(marks for _, marks in updates)) - {"*", "id"})
        rows = []
        for row_id, _ in updates:
            current = self.rows[(synced.name, row_id)]
            values = {c: current.get(c) for c in columns}
            values.update({k: v for k, v in derived_values(synced.name, current).items()})
            rows.append({"row_key": row_id, **{f"v_{c}": v for c, v in values.items()}})
        assigned = sorted(key[2:] for key in rows[0] if key != "row_key")
        statement = update(table).where(table.c.id == bindparam("row_key", type_=table.c.id.type)).values(
            {c: bindparam(f"v_{c}", type_=table.c[c].type) for c in assigned})
        if "version" in table.c:
            statement = statement.values(version=table.c.version + 1)
        self.session.execute(statement, rows)

    def _touch(self) -> None:
        pending: dict[str, set[uuid.UUID]] = defaultdict(set)
        for name, row_id in self.touch:
            if self.rows.get((name, row_id)) is not None and (name, row_id) not in self.dirty:
                pending[name].add(row_id)
        for name, ids in pending.items():
            table = by_name()[name].table
            self.session.execute(update(table).where(table.c.id.in_(list(ids))).values(id=table.c.id))

    # -------------------------------------------------------------- conflicts
    def conflict(self, kind: str, table: str, row_id: uuid.UUID, mutation_id: str | None, *, fields=None,
                 local_row=None, detail: str | None = None) -> None:
        """Record a conflict of this batch (written with the batch)."""
        self.conflicts.append(dict(
            kind=kind, table_name=table, row_id=row_id, desk=self.desk, mutation_id=mutation_id,
            detected_at=self.now, fields=fields, local_row=row_json(local_row), detail=detail,
        ))
