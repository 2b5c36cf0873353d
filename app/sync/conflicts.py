"""Listing and settling the conflicts a sync could not merge on its own.

A resolution is an ordinary change of the record on the database the person works on — on a
replica the capture triggers record it and the next sync pushes it, on the server it is written
at once — plus the conflict row's `resolved_at` / `resolved_by` / `resolution`, in the same
transaction (the conflict row is a synced table too, so the other desks learn it was settled):

- 'server'  the server's value already stands: the conflict is only marked resolved (for a
            deleted or duplicate record the desk's version is discarded; a workflow conflict is
            acknowledged — the dispatcher redoes the action by hand if it is still needed);
- 'local'   the desk's values of the disputed fields are written into the record; for a row the
            server never took (update_delete, duplicate) the desk's whole row is re-applied when
            the record still exists, otherwise only the resolution is recorded, and said so;
- 'merged'  the person's own value per field (update_update only).
Settling needs the permission `sync.resolve`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Boolean, Float, Integer, LargeBinary, Numeric, select
from sqlalchemy.orm import Session

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.audit.changes import changed_fields
from app.sync.conflict_view import ConflictView, view_of
from app.sync.tables import OWN_COLUMNS, PROJECTED, by_name, derived_values
from app.sync.values import from_json
from db.engine import Database
from db.schema import SyncConflict
from db.schema.audit import audit_entry

PERMISSION = "sync.resolve"
CHOICES = ("server", "local", "merged")
RESOLVE_ACTION = "sync_resolve"


class ConflictError(ValueError):
    """A resolution that cannot be made; the message is one line for the user."""


@dataclass(frozen=True)
class Resolved:
    """What a resolution did: the fields written into the record and a line for the user."""

    written: tuple[str, ...]
    message: str


class ConflictService:
    """The conflicts of one database (a replica or the server) for one person."""

    def __init__(self, database: Database, principal: Principal = SYSTEM, *, now=lambda: datetime.now(timezone.utc)):
        self.database, self.principal, self.now = database, principal, now

    def list(self, open_only: bool = True, desk: str | None = None) -> list[ConflictView]:
        """Conflicts newest first; open ones only unless `open_only` is False; one desk's if given."""
        query = select(SyncConflict).where(SyncConflict.deleted_at.is_(None))
        if open_only:
            query = query.where(SyncConflict.resolved_at.is_(None))
        if desk is not None:
            query = query.where(SyncConflict.desk == desk)
        with self.database.read() as session:
            rows = session.scalars(query.order_by(SyncConflict.detected_at.desc(), SyncConflict.id)).all()
            return [view_of(session, row) for row in rows]

    def get(self, conflict_id: uuid.UUID) -> ConflictView:
        with self.database.read() as session:
            return view_of(session, self._conflict(session, conflict_id))

    def resolve(self, conflict_id: uuid.UUID, choice: str, actor: str, merged: dict[str, str] | None = None) -> Resolved:
        """Settle one conflict (see the module docstring); raises ConflictError with one line."""
        if choice not in CHOICES:
            raise ConflictError(f"未知的处理方式：{choice}")
        require(self.database, self.principal, PERMISSION, entity="sync_conflicts", entity_id=conflict_id)
        with self.database.write() as session:
            conflict = self._conflict(session, conflict_id)
            if conflict.resolved_at is not None:
                raise ConflictError(f"该冲突已于 {conflict.resolved_at:%Y-%m-%d %H:%M} 由 {conflict.resolved_by} 处理")
            values = self._values(conflict, choice, merged or {})
            written, message = self._write(session, conflict, values)
            conflict.resolved_at, conflict.resolved_by, conflict.resolution = self.now(), actor, choice
            session.add(audit_entry(actor=actor, workstation=self.principal.workstation, action=RESOLVE_ACTION,
                                    entity=conflict.table_name, entity_id=conflict.row_id,
                                    detail={"kind": conflict.kind, "choice": choice, "changes": written}))
        return Resolved(tuple(written), message)

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def _conflict(session: Session, conflict_id: uuid.UUID) -> SyncConflict:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.deleted_at is not None:
            raise ConflictError("找不到该冲突记录（可能已在其他工作站处理）")
        return conflict

    def _values(self, conflict: SyncConflict, choice: str, merged: dict[str, str]) -> dict | None:
        """The values to write into the record (None: nothing to write)."""
        if choice == "server":
            return None
        if conflict.kind == "workflow":
            raise ConflictError("流程冲突只能确认：如仍需要，请在案件或纠纷上重新办理该操作")
        table = conflict.table_name
        if conflict.kind == "update_update":
            fields = conflict.fields or {}
            if choice == "local":
                return {c: from_json(table, c, v.get("local")) for c, v in fields.items() if _writable(table, c)}
            unknown = set(merged) - set(fields)
            if unknown:
                raise ConflictError(f"合并的字段不在冲突中：{'、'.join(sorted(unknown))}")
            return {c: typed(table, c, text) for c, text in merged.items() if _writable(table, c)}
        if choice == "merged":
            raise ConflictError("这类冲突不能逐字段合并：请选择采用服务器或采用本机")
        local = conflict.local_row or {}
        return {c: from_json(table, c, v) for c, v in local.items() if _writable(table, c)}

    def _write(self, session: Session, conflict: SyncConflict, values: dict | None) -> tuple[dict, str]:
        """Write `values` into the record as a normal change; the audit's changes and a line."""
        if values is None:
            return {}, "已采用服务器上的内容"
        synced = by_name()[conflict.table_name]
        table = synced.table
        row = session.execute(select(table).where(table.c.id == conflict.row_id)).mappings().first()
        if row is None:
            raise ConflictError("记录在服务器上已不存在（已删除，或与他人登记的记录重复）：不能采用本机的内容。"
                                "请按冲突中保存的本机内容重新登记或合并到已有记录，再选“采用服务器”关闭此冲突")
        current = dict(row)
        after = {**current, **values}
        assign = {**values, **derived_values(conflict.table_name, after)}
        if "version" in table.c:
            assign["version"] = (current.get("version") or 0) + 1
        if "updated_at" in table.c:
            assign["updated_at"] = self.now()
        session.execute(table.update().where(table.c.id == conflict.row_id).values(**assign))
        changes = changed_fields({c: _plain(current.get(c)) for c in values}, {c: _plain(v) for c, v in values.items()})
        return changes, "已把本机的内容写入记录，下次同步时推送" if self.database.kind == "sqlite" else "已把本机的内容写入记录"


def _writable(table: str, column: str) -> bool:
    """Columns a resolution may write: not the key, bookkeeping, projections, derived or binary."""
    synced = by_name()[table]
    if column not in synced.columns or column in ("id", "created_at") or column in OWN_COLUMNS:
        return False
    binary = isinstance(synced.table.c[column].type, LargeBinary)
    return column not in PROJECTED.get(table, frozenset()) and not binary


def typed(table: str, column: str, text: str | None):
    """A value the person typed for `column`, as the column's Python value (empty → none)."""
    if text is None or str(text).strip() == "":
        return None
    text = str(text).strip()
    if ("id_number" in column or "phone" in column) and "*" in text:
        raise ConflictError("请输入完整的号码：带 * 的是遮挡后的显示，不能作为合并结果")
    column_type = by_name()[table].table.c[column].type
    try:
        if isinstance(column_type, Boolean):
            return text in ("1", "是", "true", "True")
        if isinstance(column_type, Integer):
            return int(text)
        if isinstance(column_type, (Float, Numeric)):
            return float(text)
        return from_json(table, column, text)
    except ValueError:
        raise ConflictError(f"“{text}”不是该字段（{column}）可用的值") from None


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if isinstance(value, uuid.UUID) else value)
