"""An administrator's edits of the label aliases: list, add, delete (app/config/aliases.py).

Each edit is one transaction with an audit entry; bad input raises AliasError with one Chinese
line saying what is wrong, and nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.config.aliases import KIND_LABELS, normalize_label, target_names
from db.engine import Database
from db.schema import LABEL_KINDS, LabelAlias
from db.schema.audit import audit_entry

ALIAS_MAX = LabelAlias.__table__.c.alias.type.length


class AliasError(ValueError):
    """An alias edit that cannot be made; the message says why."""


@dataclass(frozen=True)
class AliasRecord:
    """One alias as the settings dialog lists it."""

    id: uuid.UUID
    kind: str
    alias: str
    target: str
    target_name: str


class AliasService:
    """The aliases of one database, edited by `actor` at `workstation` (the account `principal`,
    which needs config.edit to change them: an alias is configuration)."""

    def __init__(self, database: Database, *, actor: str = "system", workstation: str | None = None,
                 principal: Principal = SYSTEM):
        self.database = database
        self.actor = actor
        self.workstation = workstation
        self.principal = principal

    def aliases(self, kind: str | None = None) -> list[AliasRecord]:
        """The live aliases (of one kind, or all), by kind, target and word."""
        with self.database.read() as session:
            query = select(LabelAlias).where(LabelAlias.deleted_at.is_(None))
            if kind is not None:
                query = query.where(LabelAlias.kind == _kind(kind))
            rows = list(session.scalars(query.order_by(LabelAlias.kind, LabelAlias.target, LabelAlias.alias)))
            names = {k: target_names(session, k) for k in {row.kind for row in rows}}
            return [AliasRecord(row.id, row.kind, row.alias, row.target, names[row.kind].get(row.target, row.target))
                    for row in rows]

    def targets(self, kind: str) -> dict[str, str]:
        """{code: name} an alias of `kind` may point to."""
        with self.database.read() as session:
            return target_names(session, _kind(kind))

    def add_alias(self, kind: str, alias: str, target: str) -> AliasRecord:
        """Make `alias` mean `target` (a code or name); a deleted alias of the same word comes back."""
        require(self.database, self.principal, "config.edit", entity="label_aliases")
        with self.database.write() as session:
            return add_alias(session, kind, alias, target, actor=self.actor, workstation=self.workstation)

    def delete_alias(self, alias_id: uuid.UUID) -> None:
        """Remove an alias (marked deleted, so the default is not seeded again)."""
        require(self.database, self.principal, "config.edit", entity="label_aliases", entity_id=alias_id)
        now = datetime.now(timezone.utc)
        with self.database.write() as session:
            row = session.get(LabelAlias, alias_id)
            if row is None or row.deleted_at is not None:
                raise AliasError("该别名已不存在（可能已被他人删除）")
            row.deleted_at = now
            session.add(audit_entry(actor=self.actor, workstation=self.workstation, action="delete_alias",
                                    entity="label_aliases", entity_id=row.id,
                                    detail={"kind": row.kind, "alias": row.alias, "target": row.target}))


def add_alias(session: Session, kind: str, alias: str, target: str, *, actor: str,
              workstation: str | None) -> AliasRecord:
    """`AliasService.add_alias` inside the caller's transaction (mapping a label uses it too).
    An alias that already means `target` is returned unchanged."""
    kind = _kind(kind)
    word = normalize_label(alias)
    if not word:
        raise AliasError("别名不能为空")
    if len(word) > ALIAS_MAX:
        raise AliasError(f"别名最多{ALIAS_MAX}个字，现在有{len(word)}个字")
    names = target_names(session, kind)
    code = _target_code(names, target, kind)
    if normalize_label(names[code]) == word or normalize_label(code) == word:
        raise AliasError(f"“{alias}”就是{KIND_LABELS[kind]}“{names[code]}”本身，不需要别名")
    taken = {normalize_label(name): c for c, name in names.items()}
    if word in taken:
        raise AliasError(f"“{alias}”已是{KIND_LABELS[kind]}“{names[taken[word]]}”的名称，不能作别名")
    row = session.scalar(select(LabelAlias).where(LabelAlias.kind == kind, LabelAlias.alias == word))
    if row is not None and row.deleted_at is None:
        if row.target != code:
            raise AliasError(f"别名“{alias}”已指向{KIND_LABELS[kind]}“{names.get(row.target, row.target)}”，请先删除")
        return AliasRecord(row.id, kind, word, code, names[code])
    if row is None:
        row = LabelAlias(kind=kind, alias=word, target=code)
        session.add(row)
    else:
        row.target, row.deleted_at = code, None
    session.flush()
    session.add(audit_entry(actor=actor, workstation=workstation,
                            action="add_alias", entity="label_aliases", entity_id=row.id,
                            detail={"kind": kind, "alias": word, "target": code}))
    return AliasRecord(row.id, kind, word, code, names[code])


def _kind(kind: str) -> str:
    if kind not in LABEL_KINDS:
        raise AliasError(f"没有“{kind}”这一类名称（可用：{'、'.join(LABEL_KINDS)}）")
    return kind


def _target_code(names: dict[str, str], target: str, kind: str) -> str:
    """The code of `target` given as a code or a name."""
    wanted = normalize_label(target)
    for code, name in names.items():
        if wanted in (normalize_label(code), normalize_label(name)):
            return code
    raise AliasError(f"{KIND_LABELS[kind]}“{target}”不存在")
