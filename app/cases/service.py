"""The case service: create cases, act on them, read them. What the CLI and the GUI call.

Each public method is one unit of work in its own transaction. The configuration (rules and
calendar) is read once and kept while the configuration revision stays put (app/config/revision.py):
a write checks the revision in its own transaction, `refresh_config()` checks it on request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.calendar import TimeUnit, WorkingCalendar, parse_time_limit
from app.cases.clock import start_clock
from app.cases.draft_rules import clean_case_draft
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError, CaseNotFound, ConflictError, MissingInput
from app.cases.numbering import CaseNumberer
from app.cases.projection import snapshot_of, store
from app.cases.queries import CaseFilter, base_select, count_select, list_select, view_columns, view_from_row
from app.cases.reading import read_detail
from app.cases.sweep import SweepResult, sweep
from app.cases.states import Action, CaseStatus
from app.cases.views import CaseDetail, CaseView
from app.cases.workflow import CaseSnapshot, Step, apply, check_allowed
from app.config.calendar_config import load_calendar
from app.config.revision import ConfigCache
from app.config.rules import CaseRules, load_rules
from db.engine import Database
from db.ids import uuid7
from db.schema import Case, CaseEvent, SupervisionCard


def real_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Config:
    """The rules and calendar a unit of work needs."""

    rules: CaseRules
    calendar: WorkingCalendar

    @property
    def tz(self) -> ZoneInfo:
        return self.calendar.tz


def load_config(session: Session) -> Config:
    """The rules and calendar stored now."""
    return Config(load_rules(session), load_calendar(session))


class CaseService:
    """Cases on one database, evaluated at the instant `now()` returns."""

    def __init__(self, database: Database, *, now: Callable[[], datetime] = real_now,
                 workstation: str | None = None):
        self.database = database
        self.now = now
        self.workstation = workstation
        self._config = ConfigCache(load_config)

    # configuration -------------------------------------------------------
    def config(self) -> Config:
        """Rules and calendar as last read (read on first use; no database access after that)."""
        return self._config.get(self.database)

    def refresh_config(self) -> bool:
        """Read the configuration again if another writer changed it; True when it did."""
        return self._config.refresh(self.database)

    def reload_config(self) -> None:
        """Forget the cached configuration (after an administrator changed it)."""
        self._config.forget()

    # creating ------------------------------------------------------------
    def create(self, draft: CaseDraft, actor: str) -> CaseView:
        """Save a new case (reported, or registered when the draft says so) and return it."""
        with self.database.write() as session:
            creator = CaseCreator(session, self._config.fresh(session), self.now(), self.workstation)
            row = creator.create(draft, actor)
            case_no = row.case_no
        return self.view(case_no)

    # acting --------------------------------------------------------------
    def act(self, case_no: str, action: Action | str, *, actor: str, note: str | None = None,
            department: str | None = None, limit: str | None = None,
            expected_version: int | None = None, card_color: str = "leader") -> CaseView:
        """Do one workflow action on a case and return it as it now is.

        `expected_version` is the version the user saw: if the case changed since, nothing is
        written and ConflictError says so. Without it the action applies to the current state.
        """
        action = _action(action)
        try:
            with self.database.write() as session:
                config = self._config.fresh(session)
                row = _case_row(session, case_no)
                if expected_version is not None and row.version != expected_version:
                    raise _conflict(row)
                check_allowed(CaseStatus(row.status), action)
                step = self._step(row, action, actor, note, department, limit, config)
                record_step(session, row, step, config, self.workstation)
                if action == Action.SUPERVISE:
                    session.add(SupervisionCard(
                        case_id=row.id, color=card_color, origin="manual", reason=note or "领导督办",
                        issuer=actor, department_id=row.department_id, issued_at=step.at,
                    ))
                session.flush()
        except (StaleDataError, IntegrityError):
            with self.database.read() as session:
                raise _conflict(_case_row(session, case_no)) from None
        return self.view(case_no)

    def _step(self, row: Case, action: Action, actor: str, note, department, limit, config: Config) -> Step:
        department_id = None
        if action == Action.DISPATCH:
            department_id = self._dispatch_department(row, department, config)
        extra = None
        if action == Action.EXTEND:
            extra = _extension_seconds(row, limit, config.calendar)
        at = max(self.now(), row.stage_started_at or row.reported_at)
        return Step(action=action, actor=actor, at=at, note=note, department_id=department_id,
                    extra_seconds=extra)

    @staticmethod
    def _dispatch_department(row: Case, department: str | None, config: Config):
        if department:
            found = config.rules.department(department)
            if found is None:
                raise MissingInput(f"找不到部门“{department}”")
            return found.id
        category = config.rules.categories[row.category_id]
        return category.default_department_id

    def sweep(self) -> SweepResult:
        """File the yellow and red cards due at now (see app.cases.sweep)."""
        with self.database.write() as session:
            config = self._config.fresh(session)
            kinds = {cid: c.policy.kind for cid, c in config.rules.categories.items()}
            return sweep(session, self.now(), kinds)

    # reading -------------------------------------------------------------
    def view(self, case_no: str) -> CaseView:
        """One case as a queue row."""
        with self.database.read() as session:
            row = session.execute(base_select(*view_columns()).where(Case.case_no == case_no)).first()
            if row is None:
                raise CaseNotFound(f"找不到案件“{case_no}”")
            return view_from_row(row, self.now())

    def get(self, case_no: str) -> CaseDetail:
        """Everything about one case, with its history, cards and allowed actions."""
        with self.database.read() as session:
            return read_detail(session, case_no, self.config(), self.now())

    def list(self, flt: CaseFilter = CaseFilter(), *, limit: int | None = None, offset: int = 0,
             order: str = "newest") -> list[CaseView]:
        """Cases matching a filter, lit at now; `order` is 'newest' or 'due' (soonest due first)."""
        now = self.now()
        query = list_select(flt, now, order=order, limit=limit, offset=offset)
        with self.database.read() as session:
            return [view_from_row(row, now) for row in session.execute(query)]

    def count(self, flt: CaseFilter = CaseFilter()) -> int:
        """How many cases match a filter."""
        with self.database.read() as session:
            return session.scalar(count_select(flt, self.now()))


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
        rules, calendar = self.config.rules, self.config.calendar
        draft = clean_case_draft(draft, now=self.now, rules=rules)
        category = rules.category(draft.category)
        limit = draft.time_limit or rules.limit(category.id, draft.urgency)
        if limit is None:
            raise CaseError(f"类别“{category.name}”没有配置{draft.urgency}时限")
        row = Case(
            id=uuid7(), case_no=self.numberer().next(draft.reported_at), external_no=draft.external_no,
            source=draft.source, category_id=category.id, urgency=draft.urgency,
            title=draft.title, description=draft.description,
            address=draft.address, lon=draft.lon, lat=draft.lat, grid_id=self._grid_for(draft),
            reporter_name=draft.reporter_name, reporter_phone=draft.reporter_phone,
            reporter_anonymous=draft.reporter_anonymous, reported_at=draft.reported_at,
            limit_amount=limit.amount, limit_unit=limit.unit.value,
            limit_seconds=calendar.limit_seconds(limit), event_count=0,
        )
        self.session.add(row)
        snapshot = CaseSnapshot(status=CaseStatus.REPORTED, clock=start_clock(limit, draft.reported_at, calendar),
                                stage_started_at=draft.reported_at)
        report = Step(action=Action.REPORT, actor=actor, at=draft.reported_at, note=None)
        append_event(self.session, row, report, snapshot, self.config, self.workstation, from_status=None)
        if draft.status == CaseStatus.REGISTERED:
            register = Step(action=Action.REGISTER, actor=actor, at=max(self.now, draft.reported_at))
            append_event(self.session, row, register, apply(snapshot, register, calendar), self.config,
                         self.workstation)
        return row

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
                 workstation: str | None, *, from_status: str | None | object = ...) -> None:
    """Record `step` as the case's next event and project the new snapshot into the row."""
    before = row.status if from_status is ... else from_status
    policy = config.rules.categories[row.category_id].policy
    store(row, snapshot, policy, config.calendar)
    row.event_count = (row.event_count or 0) + 1
    data = {"extra_seconds": step.extra_seconds} if step.extra_seconds else None
    session.add(CaseEvent(
        case_id=row.id, seq=row.event_count, action=step.action.value, actor=step.actor, at=step.at,
        note=step.note, from_status=before, to_status=snapshot.status.value,
        department_id=step.department_id, data=data, workstation=workstation,
    ))


def _case_row(session: Session, case_no: str) -> Case:
    row = session.scalar(select(Case).where(Case.case_no == case_no, Case.deleted_at.is_(None)))
    if row is None:
        raise CaseNotFound(f"找不到案件“{case_no}”")
    return row


def _conflict(row: Case) -> ConflictError:
    return ConflictError(
        f"案件 {row.case_no} 已被他人修改，现为“{CaseStatus(row.status).label}”；本次操作未保存，请刷新后重试"
    )


def _action(action: Action | str) -> Action:
    try:
        return Action(action)
    except ValueError:
        names = "、".join(a.value for a in Action if a != Action.REPORT)
        raise CaseError(f"未知的操作“{action}”，可用：{names}") from None


def _extension_seconds(row: Case, limit: str | None, calendar: WorkingCalendar) -> float:
    if not limit:
        raise MissingInput("延期需要给出延长的时限，如 2工作日")
    try:
        extension = parse_time_limit(limit)
    except ValueError as exc:
        raise MissingInput(str(exc)) from None
    if extension.unit.is_working != TimeUnit(row.limit_unit).is_working:
        kind = "工作时/工作日" if TimeUnit(row.limit_unit).is_working else "小时/天/分钟"
        raise MissingInput(f"本案时限按{kind}计算，延期也应使用{kind}")
    return calendar.limit_seconds(extension)
