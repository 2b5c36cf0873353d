"""How a sync conflict reads to a person: kind, table, record and fields in Chinese, numbers masked.

Kept apart from the resolving (app.sync.conflicts) so the conflicts view, the command line and
the tests name a conflict the same way. A record is named by what people know it by — a case's
or a dispute's number, a person's name — never by an ID number; an ID number or a phone among
the disputed values is masked the way the ledger and the audit log mask it (app.audit.changes).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.changes import masked
from app.audit.labels import entity_label
from app.cases.draft_rules import FIELD_LABELS as CASE_FIELDS
from app.people.errors import FIELD_LABELS as PERSON_FIELDS
from app.sync.tables import by_name
from db.schema import Case, Dispute, Person, SyncConflict

KIND_LABELS = {
    "update_update": "修改冲突",
    "update_delete": "修改与删除冲突",
    "duplicate": "重复记录",
    "refused": "服务器拒绝",
    "workflow": "流程冲突",
}
RESOLUTION_LABELS = {"server": "采用服务器", "local": "采用本机", "merged": "合并"}
#: column labels of the records people edit (the forms' own); other columns show their name
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "cases": CASE_FIELDS,
    "persons": PERSON_FIELDS,
    "disputes": {"location": "地点", "facts": "纠纷事实", "external_no": "编号", "referring_body": "移送单位",
                 "referring_no": "移送文号", "arose_place": "发生地点", "people_involved": "涉及人数",
                 "amount": "涉及金额", "note": "备注"},
}
_WORKFLOW_FIELDS = {"action": "操作"}
#: a child row is named by its parent: (column, parent model, the parent's name column)
_PARENTS = (("case_id", Case, "case_no"), ("dispute_id", Dispute, "dispute_no"), ("person_id", Person, "name"))
_OWN_NAMES = {"cases": (Case, "case_no"), "disputes": (Dispute, "dispute_no"), "persons": (Person, "name")}


@dataclass(frozen=True)
class ConflictField:
    """One disputed column: its label and the three values as text (personal numbers masked)."""

    column: str
    label: str
    base: str
    local: str
    server: str


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the conflicts view lists it."""

    id: uuid.UUID
    kind: str
    kind_label: str
    table: str
    table_label: str
    record: str
    fields: tuple[ConflictField, ...]
    desk: str
    detected_at: datetime
    detail: str
    has_local_row: bool
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None

    @property
    def resolution_label(self) -> str:
        return RESOLUTION_LABELS.get(self.resolution or "", self.resolution or "")


def column_label(table: str, column: str) -> str:
    """The Chinese name of a column of `table` where the forms have one; else the column's name."""
    return COLUMN_LABELS.get(table, {}).get(column) or _WORKFLOW_FIELDS.get(column) or column


def shown(column: str, value) -> str:
    """A JSON value as the view shows it: empty for none, personal numbers masked."""
    if value is None:
        return ""
    if isinstance(value, dict) and "bytes" in value:
        return f"（{value['bytes']} 字节）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(masked(column, value if isinstance(value, str) else str(value)))


def view_of(session: Session, conflict: SyncConflict) -> ConflictView:
    """The view of one conflict row, its record named from this database (or the desk's row)."""
    fields = tuple(
        ConflictField(column, column_label(conflict.table_name, column), shown(column, values.get("base")),
                      _local_text(conflict.kind, column, values), shown(column, values.get("server")))
        for column, values in (conflict.fields or {}).items()
    )
    return ConflictView(
        id=conflict.id, kind=conflict.kind, kind_label=KIND_LABELS.get(conflict.kind, conflict.kind),
        table=conflict.table_name, table_label=entity_label(conflict.table_name),
        record=record_label(session, conflict.table_name, conflict.row_id, conflict.local_row),
        fields=fields, desk=conflict.desk, detected_at=conflict.detected_at, detail=conflict.detail or "",
        has_local_row=conflict.local_row is not None, resolved_at=conflict.resolved_at,
        resolved_by=conflict.resolved_by, resolution=conflict.resolution,
    )


def _local_text(kind: str, column: str, values: dict) -> str:
    """A workflow conflict's local value is the desk's action: named by the workflow's label."""
    value = values.get("local")
    if kind == "workflow" and column == "action" and isinstance(value, str):
        label = _action_label(value)
        actor = values.get("actor")
        return f"{label}（{actor}）" if actor else label
    return shown(column, value)


def _action_label(value: str) -> str:
    from app.cases.states import Action
    from app.mediation.states import DisputeAction

    for actions in (Action, DisputeAction):
        try:
            return actions(value).label
        except ValueError:
            continue
    return value


def record_label(session: Session, table: str, row_id: uuid.UUID, local_row: dict | None) -> str:
    """案件 SJ…, a dispute's number, a person's name: the record itself, its parent, or a short id."""
    if table in _OWN_NAMES:
        model, column = _OWN_NAMES[table]
        name = session.scalar(select(getattr(model, column)).where(model.id == row_id))
        if name is None and local_row:
            name = local_row.get(column)
        if name:
            return str(name)
    synced = by_name().get(table)
    row = _row(session, synced, row_id) if synced is not None else None
    values = row or local_row or {}
    for column, model, name_column in _PARENTS:
        parent = values.get(column)
        if parent:
            name = session.scalar(select(getattr(model, name_column)).where(model.id == uuid.UUID(str(parent))))
            if name:
                return f"{entity_label(model.__tablename__)} {name}"
    return "…" + str(row_id)[-8:]


def _row(session: Session, synced, row_id: uuid.UUID) -> dict | None:
    found = session.execute(select(synced.table).where(synced.table.c.id == row_id)).mappings().first()
    return dict(found) if found is not None else None
