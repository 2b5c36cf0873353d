"""The audit trail as a feature: reading the log with filters, newest first and a page at a time,
Chinese names for every kind of act, the before/after of edits, and exports for an inspector."""

from app.audit.labels import ACTION_LABELS, action_label, entity_label
from app.audit.query import AuditFilter, AuditPage, AuditRow, PageMark
from app.audit.service import AuditService, ExportResult

__all__ = ["ACTION_LABELS", "action_label", "entity_label", "AuditFilter", "AuditPage", "AuditRow", "PageMark",
           "AuditService", "ExportResult"]
