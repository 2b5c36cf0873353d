"""What is needed to create a case, from a form, an import row or the demo."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.calendar import TimeLimit
from app.cases.states import CaseStatus


@dataclass(frozen=True, kw_only=True)
class CaseDraft:
    """A case not yet saved. `category` is a code or name; `time_limit` overrides the category's."""

    source: str
    category: str
    description: str
    reported_at: datetime
    urgency: str = "一般"
    title: str = ""
    address: str | None = None
    lon: float | None = None
    lat: float | None = None
    grid_id: uuid.UUID | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reporter_anonymous: bool = False
    external_no: str | None = None
    time_limit: TimeLimit | None = None
    status: CaseStatus = CaseStatus.REPORTED
