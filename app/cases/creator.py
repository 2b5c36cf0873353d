"""Creating cases inside a write transaction: one from a form, thousands from an import file.

Both ways go through `CaseCreator.plan`: the draft checked by `clean_case_draft`, numbered, its
grid found, its clock started and its 'report' (and 'register') events worked out as plain
column values. `create` stores one plan through the ORM and returns the row (the demo acts on
it further); `create_many` stores many plans with `db.bulk.insert_rows` — COPY on PostgreSQL —
which keeps a 50,000-order import close to the time the database needs to store the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.cases.clock import start_clock
from app.cases.draft_rules import clean_case_draft
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.numbering import CaseNumberer
from app.cases.projection import snapshot_of, store
from app.cases.states import Action, CaseStatus
from app.cases.workflow import CaseSnapshot, Step, apply
from db.bulk import insert_rows
from db.ids import uuid7
from db.schema import Case, CaseEvent
from db.schema.base import utcnow

if TYPE_CHECKING:
    from app.cases.service import Config

#: the columns a new case's projection fills (with the row's own columns, they are the whole row)
_PROJECTED = ("status", "status_before_park", "department_id", "stage_started_at", "closed_at", "rework_count",
              "escalation_level", "urge_count", "extension_seconds", "consumed_seconds", "running_since",
              "parked_light", "yellow_at", "red_at", "due_at")


@dataclass(frozen=True)
class PlannedCase:
    """A new case as column values: the `cases` row and its events, in order."""

    case: dict
    events: list[dict]


class CaseCreator:
    """Creates cases inside one write transaction (one form, or a whole import file)."""

    def __init__(self, session: Session, config: Config, now: datetime, workstation: str | None = None):
        self.session = session
        self.config = config
        self.now = now
        self.workstation = workstation
        self._numberer: CaseNumberer | None = None
        self._locator = None

    def create(self, draft: CaseDraft, actor: str) -> Case:
        """Insert one case with its 'report' event (and 'register' when the draft is registered).

        The draft is checked by `clean_case_draft` first: CaseDraftError names every broken rule
        and nothing is written.
        """
        planned = self.plan(draft, actor)
        row = Case(**planned.case)
        self.session.add(row)
        self.session.add_all(CaseEvent(**event) for event in planned.events)
        return row

    def create_many(self, drafts: Iterable[CaseDraft], actor: str, *, checked: bool = False) -> int:
        """Insert many cases as `create` would, in bulk; returns how many. A bad draft raises first.

        ``checked`` says the drafts came out of `clean_case_draft` with this creator's rules and
        now (the import checks every row to report it), so they are not checked twice.
        """
        cases, events = [], []
        for draft in drafts:
            planned = self.plan(draft, actor, checked=checked)
            cases.append(planned.case)
            events.extend(planned.events)
        stamp = utcnow()
        insert_rows(self.session, Case.__table__, cases,
                    same={"created_at": stamp, "updated_at": stamp, "version": 1, "deleted_at": None})
        insert_rows(self.session, CaseEvent.__table__, events, same={"created_at": stamp})
        return len(cases)

    def plan(self, draft: CaseDraft, actor: str, *, checked: bool = False) -> PlannedCase:
        """The draft, checked unless ``checked``, as the columns of its case and of its first events."""
        rules, calendar = self.config.rules, self.config.calendar
        if not checked:
            draft = clean_case_draft(draft, now=self.now, rules=rules)
        category = rules.category(draft.category)
        limit = draft.time_limit or rules.limit(category.id, draft.urgency)
        if limit is None:
            raise CaseError(f"类别“{category.name}”没有配置{draft.urgency}时限")
        row = SimpleNamespace(
            id=uuid7(), case_no=self.numberer().next(draft.reported_at), external_no=draft.external_no,
            source=draft.source, category_id=category.id, urgency=draft.urgency, title=draft.title,
            description=draft.description, address=draft.address, lon=draft.lon, lat=draft.lat,
            grid_id=self._grid_for(draft), reporter_name=draft.reporter_name, reporter_phone=draft.reporter_phone,
            reporter_anonymous=draft.reporter_anonymous, reported_at=draft.reported_at,
            limit_amount=limit.amount, limit_unit=limit.unit.value, limit_seconds=calendar.limit_seconds(limit),
            event_count=0, **dict.fromkeys(_PROJECTED),
        )
        snapshot = CaseSnapshot(status=CaseStatus.REPORTED, clock=start_clock(limit, draft.reported_at, calendar),
                                stage_started_at=draft.reported_at)
        report = Step(action=Action.REPORT, actor=actor, at=draft.reported_at, note=None)
        registered = draft.status == CaseStatus.REGISTERED
        events = [event_values(row, report, snapshot, self.config, self.workstation, project=not registered)]
        if registered:
            register = Step(action=Action.REGISTER, actor=actor, at=max(self.now, draft.reported_at))
            events.append(event_values(row, register, apply(snapshot, register, calendar), self.config,
                                       self.workstation))
        return PlannedCase(vars(row), events)

    def numberer(self) -> CaseNumberer:
        if self._numberer is None:
            self._numberer = CaseNumberer(self.session, self.config.tz)
        return self._numberer

    def _grid_for(self, draft: CaseDraft):
        if draft.grid_id is not None or draft.lon is None or draft.lat is None:
            return draft.grid_id
        if self._locator is None:
            from app.geo.locator import GridLocator  # numpy and shapely: only once a case has a point

            self._locator = GridLocator.from_session(self.session)
        return self._locator.locate(draft.lon, draft.lat)


def record_step(session: Session, row: Case, step: Step, config: Config, workstation: str | None) -> None:
    """Apply `step` to a stored case: check it, append its event, update the projection."""
    append_event(session, row, step, apply(snapshot_of(row), step, config.calendar), config, workstation)


def append_event(session: Session, row: Case, step: Step, snapshot: CaseSnapshot, config: Config,
                 workstation: str | None) -> None:
    """Record `step` as the case's next event and project the new snapshot into the row."""
    session.add(CaseEvent(**event_values(row, step, snapshot, config, workstation)))


def event_values(row, step: Step, snapshot: CaseSnapshot, config: Config, workstation: str | None, *,
                 project: bool = True) -> dict:
    """Project `snapshot` into `row` (a Case or its planned columns) and return its next event's columns.

    ``project=False`` sets only the status, for a snapshot the next event replaces at once.
    """
    before = row.status
    if project:
        store(row, snapshot, config.rules.categories[row.category_id].policy, config.calendar)
    else:
        row.status = snapshot.status.value
    row.event_count = (row.event_count or 0) + 1
    data = {"extra_seconds": step.extra_seconds} if step.extra_seconds else None
    return dict(
        id=uuid7(), case_id=row.id, seq=row.event_count, action=step.action.value, actor=step.actor, at=step.at,
        note=step.note, from_status=before, to_status=snapshot.status.value,
        department_id=step.department_id, data=data, workstation=workstation,
    )
