"""Merging one desk's change of a row into the server's row, field by field.

A desk's update carries the row before and after its change. For every field the desk changed:
- the server still has the value the desk started from → the desk's value is taken;
- the server already has the desk's value → nothing to do;
- the server has a third value (another desk or the center changed the same field) → a conflict:
  the server's value stays (the first change to reach the server wins, the same on every desk, so
  all replicas converge) and the three values go to the conflict list for a person to settle.
Fields the desk did not change keep the server's value, so two desks editing different fields
of the same record both keep their edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Merged:
    """What merging one change gave: the columns to write and the fields in conflict."""

    assign: dict = field(default_factory=dict)
    conflicts: dict = field(default_factory=dict)  # column → (base, local, server)


def merge_update(server: dict, before: dict, after: dict, columns: frozenset[str]) -> Merged:
    """Merge a desk's change (`before` → `after`) of `columns` into the server's row."""
    merged = Merged()
    for column in sorted(columns):
        if column not in after or column not in before:
            continue
        base, local, current = before[column], after[column], server.get(column)
        if base == local or current == local:
            continue
        if current == base:
            merged.assign[column] = local
        else:
            merged.conflicts[column] = (base, local, current)
    return merged


def changed_since(server: dict, before: dict, columns: frozenset[str]) -> list[str]:
    """The columns the server changed since the desk's `before` (a delete only applies without any)."""
    return sorted(c for c in columns if c in before and server.get(c) != before[c])
