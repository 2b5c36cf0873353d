"""Reading the audit log: a filter, newest first, a page at a time.

The log grows to millions of entries, so a page is found by keyset, never by OFFSET: the next
page starts below the last entry shown (its time, then its id), which the index on `at` — or on
(actor, at), (action, at), (entity_id, at) when one of those is filtered on — serves directly
however deep the reader pages. The kinds present are found by skipping through the (action, at)
index, one probe per kind, rather than reading every entry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from app.audit.labels import action_label, entity_label
from app.audit.records import record_names
from app.audit.text import detail_text
from db.schema import AuditEntry

#: entries per page the viewer and the exports read at a time
PAGE_SIZE = 200
#: the most entries one page request may ask for
MAX_PAGE = 10_000


@dataclass(frozen=True, kw_only=True)
class AuditFilter:
    """Which entries: by whom (login), which kind of act, about which record, in which time span
    (`since` inclusive, `until` exclusive). Empty fields do not filter."""

    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class AuditRow:
    """One entry as people read it: who, when, from where, what (in Chinese), about what, details."""

    id: uuid.UUID
    at: datetime
    actor: str
    workstation: str
    action: str
    action_label: str
    entity: str
    entity_label: str
    entity_id: uuid.UUID | None
    record: str
    detail: str


@dataclass(frozen=True)
class PageMark:
    """Where a page ended: the next page holds the entries older than this one."""

    at: datetime
    id: uuid.UUID


@dataclass(frozen=True)
class AuditPage:
    """A page of entries and where the next one starts (None: this was the last)."""

    rows: tuple[AuditRow, ...]
    next: PageMark | None


def read_page(session: Session, flt: AuditFilter, *, limit: int = PAGE_SIZE,
              after: PageMark | None = None) -> AuditPage:
    """Up to `limit` entries matching `flt`, newest first, older than `after` when given."""
    limit = max(1, min(int(limit), MAX_PAGE))
    query = select(AuditEntry).where(*conditions(flt))
    if after is not None:
        query = query.where(AuditEntry.at <= after.at,
                            or_(AuditEntry.at < after.at, and_(AuditEntry.at == after.at, AuditEntry.id < after.id)))
    entries = session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit + 1)).all()
    more = len(entries) > limit
    entries = entries[:limit]
    names = record_names(session, [(e.entity, e.entity_id) for e in entries])
    rows = tuple(_row(e, names.get((e.entity, e.entity_id))) for e in entries)
    return AuditPage(rows, PageMark(entries[-1].at, entries[-1].id) if more else None)


def conditions(flt: AuditFilter) -> list:
    """The WHERE conditions of a filter."""
    found = []
    if flt.actor:
        found.append(AuditEntry.actor == flt.actor.strip())
    if flt.action:
        found.append(AuditEntry.action == flt.action.strip())
    if flt.entity:
        found.append(AuditEntry.entity == flt.entity)
    if flt.entity_id is not None:
        found.append(AuditEntry.entity_id == flt.entity_id)
    if flt.since is not None:
        found.append(AuditEntry.at >= flt.since)
    if flt.until is not None:
        found.append(AuditEntry.at < flt.until)
    return found


def kinds_present(session: Session) -> list[str]:
    """The action names the log holds, sorted: a skip scan over the (action, at) index."""
    found = session.execute(text(
        "WITH RECURSIVE k(action) AS ("
        " SELECT MIN(action) FROM audit_log"
        " UNION ALL"
        " SELECT (SELECT MIN(a.action) FROM audit_log a WHERE a.action > k.action) FROM k WHERE k.action IS NOT NULL"
        ") SELECT action FROM k WHERE action IS NOT NULL")).scalars().all()
    return sorted(found)


def _row(entry: AuditEntry, record: str | None) -> AuditRow:
    return AuditRow(id=entry.id, at=entry.at, actor=entry.actor, workstation=entry.workstation or "",
                    action=entry.action, action_label=action_label(entry.action), entity=entry.entity,
                    entity_label=entity_label(entry.entity), entity_id=entry.entity_id,
                    record=record or (str(entry.entity_id) if entry.entity_id else ""),
                    detail=detail_text(entry.detail))
