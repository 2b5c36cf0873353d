"""The schema, one module per part of the domain; importing this package registers every table."""

from db.schema.attachments import CaseAttachment
from db.schema.audit import AuditEntry
from db.schema.base import Base, utcnow
from db.schema.cases import Case, CaseEvent, SupervisionCard
from db.schema.config import (
    STAGES, CalendarOverride, CaseCategory, LightPolicy, OfficeHoursPeriod, Setting, TimeLimitRule,
)
from db.schema.labels import LABEL_KINDS, LabelAlias, PersonUnmappedLabel
from db.schema.org import REGION_LEVELS, Department, Region, Staff
from db.schema.people import (
    RESIDENCE_TYPES, Building, Household, Person, PersonCategory, PersonChange, PopulationCategory, RentalHouse,
    RentalTenant, Room, Visit,
)

__all__ = [
    "AuditEntry", "Base", "CalendarOverride", "Case", "CaseAttachment", "CaseCategory", "CaseEvent",
    "Department", "LightPolicy", "OfficeHoursPeriod", "REGION_LEVELS", "Region", "STAGES", "Setting", "Staff",
    "SupervisionCard", "TimeLimitRule", "utcnow",
    "RESIDENCE_TYPES", "Building", "Household", "Person", "PersonCategory", "PersonChange", "PopulationCategory",
    "RentalHouse", "RentalTenant", "Room", "Visit", "LABEL_KINDS", "LabelAlias", "PersonUnmappedLabel",
]
