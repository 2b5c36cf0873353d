"""The audit trail as administrators and auditors use it: read it a page at a time, list the kinds
of act it holds, export it for an inspector. Every use needs the audit.view permission, and an
export is itself audited (who took which part of the log away, and how many entries).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.audit.filters import span
from app.audit.export import ExportHeader, export_format, write_export
from app.audit.labels import ACTION_LABELS, action_label
from app.audit.query import PAGE_SIZE, AuditFilter, AuditPage, AuditRow, PageMark, kinds_present, read_page
from app.audit.records import find_record
from db.engine import Database
from db.schema.audit import audit_entry, utcnow

VIEW = "audit.view"
EXPORT_ACTION = "audit_export"


@dataclass(frozen=True)
class ExportResult:
    """Where the export went and how many entries it holds."""

    path: Path
    rows: int


class AuditService:
    """Reads and exports the audit log for `principal` (refused without audit.view)."""

    def __init__(self, database: Database, principal: Principal = SYSTEM):
        self.database = database
        self.principal = principal

    def page(self, flt: AuditFilter = AuditFilter(), *, limit: int = PAGE_SIZE,
             after: PageMark | None = None) -> AuditPage:
        """A page of matching entries, newest first; pass the page's `next` for the one after."""
        require(self.database, self.principal, VIEW, entity="audit_log")
        with self.database.read() as session:
            return read_page(session, flt, limit=limit, after=after)

    def kinds(self) -> list[tuple[str, str]]:
        """(action, Chinese label) of every kind of act the log holds, in the labels' order."""
        require(self.database, self.principal, VIEW, entity="audit_log")
        with self.database.read() as session:
            present = kinds_present(session)
        order = {name: number for number, name in enumerate(ACTION_LABELS)}
        return [(name, action_label(name)) for name in sorted(present, key=lambda n: (order.get(n, len(order)), n))]

    def find_record(self, typed: str) -> uuid.UUID:
        """The id of a typed case number, dispute number, login or id (UnknownRecord otherwise)."""
        require(self.database, self.principal, VIEW, entity="audit_log")
        with self.database.read() as session:
            return find_record(session, typed)[1]

    def filter_for(self, *, actor: str | None = None, kind: str | None = None, record: str | None = None,
                   since: date | None = None, until: date | None = None) -> AuditFilter:
        """The filter of what a person gave: a login, a kind, a typed record, whole days (BadDate,
        UnknownRecord when they cannot be used)."""
        start, end = span(since, until)
        entity_id = self.find_record(record) if record and record.strip() else None
        return AuditFilter(actor=(actor or "").strip() or None, action=(kind or "").strip() or None,
                           entity_id=entity_id, since=start, until=end)

    def export(self, flt: AuditFilter, path: str | Path, *, filter_text: str = "") -> ExportResult:
        """Write the matching entries to an .xlsx or .csv at `path` and audit the export."""
        path = Path(path)
        kind = export_format(path)
        require(self.database, self.principal, VIEW, entity="audit_log")
        at = utcnow()
        who = self.principal.login if self.principal.name in ("", self.principal.login) \
            else f"{self.principal.login}（{self.principal.name}）"
        header = ExportHeader(filter_text=filter_text, exported_by=who, exported_at=at)
        count = write_export(path, header, self.rows(flt))
        with self.database.write() as session:
            session.add(audit_entry(actor=self.principal.login, workstation=self.principal.workstation,
                                    action=EXPORT_ACTION, entity="audit_log",
                                    detail={"filter": filter_text or "全部", "rows": count, "format": kind,
                                            "file": path.name}))
        return ExportResult(path, count)

    def rows(self, flt: AuditFilter) -> Iterator[AuditRow]:
        """Every matching entry, newest first, read a page at a time (callers check the permission)."""
        after = None
        while True:
            with self.database.read() as session:
                page = read_page(session, flt, limit=2000, after=after)
            yield from page.rows
            if page.next is None:
                return
            after = page.next
