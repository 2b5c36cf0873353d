"""The schema, one module per part of the domain; importing this package registers every table."""

from db.schema.accounts import AccountSecret, Role, RolePermission
from db.schema.attachments import CaseAttachment
from db.schema.audit import AuditEntry
from db.schema.base import Base, utcnow
from db.schema.cases import Case, CaseEvent, SupervisionCard
from db.schema.config import (
    STAGES, CalendarOverride, CaseCategory, LightPolicy, OfficeHoursPeriod, Setting, TimeLimitRule,
)
from db.schema.labels import LABEL_KINDS, LabelAlias, PersonUnmappedLabel
from db.schema.mediation import (
    Dispute, DisputeCaseLink, DisputeDocument, DisputeEvent, DisputeInvestigation, DisputeObligation, DisputeParty,
    DisputeTransfer, DisputeType, DisputeVisit, MediationAgreement, MediationCommittee, MediationFileItem,
    MediationLimit, MediationSession, Mediator, RiskFlag, ScreeningReport,
)
from db.schema.org import REGION_LEVELS, Department, Region, Staff
from db.schema.sync import CONFLICT_KINDS, SyncConflict, SyncLogEntry, SyncOutbox, SyncState
from db.schema.people import (
    RESIDENCE_TYPES, Building, Household, Person, PersonCategory, PersonChange, PopulationCategory, RentalHouse,
    RentalTenant, Room, Visit,
)

#: Tables of seeded configuration (kept when a demo is rebuilt or a test empties the data).
CONFIGURATION_TABLES = frozenset({
    "calendar_overrides", "case_categories", "departments", "light_policies", "office_hours",
    "population_categories", "settings", "time_limits", "label_aliases",
    "dispute_types", "mediation_limits", "mediation_file_items", "risk_flags", "roles", "role_permissions",
})

__all__ = [
    "CONFIGURATION_TABLES", "AccountSecret", "Role", "RolePermission",
    "AuditEntry", "Base", "CalendarOverride", "Case", "CaseAttachment", "CaseCategory", "CaseEvent",
    "Department", "LightPolicy", "OfficeHoursPeriod", "REGION_LEVELS", "Region", "STAGES", "Setting", "Staff",
    "SupervisionCard", "TimeLimitRule", "utcnow",
    "RESIDENCE_TYPES", "Building", "Household", "Person", "PersonCategory", "PersonChange", "PopulationCategory",
    "RentalHouse", "RentalTenant", "Room", "Visit", "LABEL_KINDS", "LabelAlias", "PersonUnmappedLabel",
    "Dispute", "DisputeCaseLink", "DisputeDocument", "DisputeEvent", "DisputeInvestigation", "DisputeObligation",
    "DisputeParty", "DisputeTransfer", "DisputeType", "DisputeVisit", "MediationAgreement", "MediationCommittee",
    "MediationFileItem", "MediationLimit", "MediationSession", "Mediator", "RiskFlag", "ScreeningReport",
    "CONFLICT_KINDS", "SyncConflict", "SyncLogEntry", "SyncOutbox", "SyncState",
]
