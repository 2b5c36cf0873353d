"""Events from several desks merged into one history, and the state derived from it again.

A case's (or dispute's) events are append-only and numbered (`seq`). Two desks working offline
both append "event 5"; the server keeps the one that arrived first as 5 and gives the other the
next free number, so a desk's offline actions come after the history the server already had,
in the order the desk made them. The record's workflow columns are then derived again from the
whole history (app.cases.rederive, app.mediation.rederive): an action the state no longer
allows at that point (the case was already dispatched by the other desk) stays in the history,
marked as not applied, and becomes a `workflow` conflict for a dispatcher to look at.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.sync.tables import EVENT_TABLES, by_name


class EventSequencer:
    """Numbers a batch's incoming events after the server's and re-derives their records."""

    def __init__(self, session: Session):
        self._session = session
        self._last: dict[tuple[str, uuid.UUID], int] = {}
        self._rederive: dict[str, set[uuid.UUID]] = defaultdict(set)

    def prefetch(self, mutations) -> None:
        """Read the server's last event number of every record the batch adds events to."""
        parents: dict[str, set[uuid.UUID]] = defaultdict(set)
        for m in mutations:
            if m.table in EVENT_TABLES and m.op == "insert":
                parent_column, _ = EVENT_TABLES[m.table]
                parents[m.table].add(m.new[parent_column])
        for table_name, ids in parents.items():
            parent_column, parent_table = EVENT_TABLES[table_name]
            self._lock_parents(parent_table, ids)
            table = by_name()[table_name].table
            for parent_id, last in self._session_rows(table, parent_column, ids):
                self._last[(table_name, parent_id)] = last

    def _lock_parents(self, parent_table: str, ids: set[uuid.UUID]) -> None:
        """Lock the records first (in key order, so two desks' pushes cannot deadlock): a second
        desk pushing events of the same case waits here and then reads the first desk's numbers."""
        table = by_name()[parent_table].table
        self._session.execute(select(table.c.id).where(table.c.id.in_(list(ids))).order_by(table.c.id).with_for_update())

    def _session_rows(self, table, parent_column, ids):
        query = (select(table.c[parent_column], func.max(table.c.seq))
                 .where(table.c[parent_column].in_(list(ids))).group_by(table.c[parent_column]))
        return self._session.execute(query).all()

    def next_seq(self, table_name: str, values: dict) -> int:
        """The number an incoming event keeps, or the next free one when the server used it."""
        parent_column, parent_table = EVENT_TABLES[table_name]
        parent = values[parent_column]
        last = self._last.get((table_name, parent), 0)
        seq = values["seq"] if values["seq"] > last else last + 1
        self._last[(table_name, parent)] = seq
        # a record made in this batch too: its later offline steps reach the server only as events
        # (the projected columns are never merged), so its state must come from its history
        self._rederive[parent_table].add(parent)
        return seq

    def rederive(self, session: Session, conflict) -> None:
        """Derive the state of every record that got events on top of the server's history."""
        from app.sync.rederive import rederive_records

        rederive_records(session, self._rederive, conflict)
