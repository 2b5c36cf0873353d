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

from app.accounts.guard import require
from app.accounts.permissions import case_action
from app.accounts.principal import SYSTEM, Principal
from app.accounts.scope import case_condition
from app.calendar import TimeUnit, WorkingCalendar, parse_time_limit
from app.cases.creator import CaseCreator, record_step
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError, CaseNotFound, ConflictError, MissingInput
from app.cases.queries import CaseFilter, base_select, count_select, list_select, view_columns, view_from_row
from app.cases.reading import read_detail
from app.cases.sweep import SweepResult, sweep
from app.cases.states import Action, CaseStatus
from app.cases.views import CaseDetail, CaseView
from app.cases.workflow import Step, check_allowed
from app.config.calendar_config import load_calendar
from app.config.revision import ConfigCache
from app.config.rules import CaseRules, load_rules
from app.scoping import narrowed
from db.engine import Database
from db.schema import Case, SupervisionCard


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
                 workstation: str | None = None, principal: Principal = SYSTEM):
        self.database = database
        self.now = now
        self.workstation = workstation
        self.principal = principal
        self._config = ConfigCache(load_config)

    def acting_for(self, principal: Principal) -> CaseService:
        """The same cases acted on by `principal` (the desktop after a login), sharing the
        configuration already read, so logging in does not read it again."""
        other = CaseService(self.database, now=self.now, workstation=self.workstation, principal=principal)
        other._config = self._config
        return other

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

    # who may do and see what -----------------------------------------------
    def scoped(self, query):
        """`query` over cases narrowed to the acting account's scope (unchanged district-wide)."""
        return narrowed(query, self.principal.scope, case_condition)

    def require(self, code: str, case_no: str | None = None) -> None:
        """Refuse (audited, naming the permission) unless the acting account holds `code`.

        With `case_no`, a case outside the scope is refused as missing before the permission is
        looked at (a refusal must not tell that the case exists), and the refusal names the case.
        """
        entity_id = None
        if case_no is not None and not self.principal.may(code):
            with self.database.read() as session:
                entity_id = self.case_row(session, case_no).id
        require(self.database, self.principal, code, entity="case", entity_id=entity_id)

    def case_row(self, session: Session, case_no: str) -> Case:
        """The live case numbered `case_no` if the acting account may see it; CaseNotFound otherwise."""
        row = session.scalar(self.scoped(select(Case).where(Case.case_no == case_no, Case.deleted_at.is_(None))))
        if row is None:
            raise CaseNotFound(f"找不到案件“{case_no}”")
        return row

    # creating ------------------------------------------------------------
    def create(self, draft: CaseDraft, actor: str) -> CaseView:
        """Save a new case (reported, or registered when the draft says so) and return it."""
        self.require("case.report")
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
        self.require(case_action(action), case_no)
        try:
            with self.database.write() as session:
                config = self._config.fresh(session)
                row = self.case_row(session, case_no)
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
                raise _conflict(self.case_row(session, case_no)) from None
        except OverflowError:
            raise CaseError(f"案件 {case_no} 的期限将超出可计算的范围（公元9999年），本次操作未保存") from None
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
            row = session.execute(self.scoped(base_select(*view_columns()).where(Case.case_no == case_no))).first()
            if row is None:
                raise CaseNotFound(f"找不到案件“{case_no}”")
            return view_from_row(row, self.now())

    def get(self, case_no: str) -> CaseDetail:
        """Everything about one case, with its history, cards and allowed actions."""
        with self.database.read() as session:
            if not self.principal.scope.whole_district:
                self.case_row(session, case_no)  # outside the scope: missing
            return read_detail(session, case_no, self.config(), self.now())

    def list(self, flt: CaseFilter = CaseFilter(), *, limit: int | None = None, offset: int = 0,
             order: str = "newest") -> list[CaseView]:
        """Cases matching a filter, lit at now; `order` is 'newest' or 'due' (soonest due first)."""
        now = self.now()
        query = self.scoped(list_select(flt, now, order=order, limit=limit, offset=offset))
        with self.database.read() as session:
            return [view_from_row(row, now) for row in session.execute(query)]

    def count(self, flt: CaseFilter = CaseFilter()) -> int:
        """How many cases match a filter."""
        with self.database.read() as session:
            return session.scalar(self.scoped(count_select(flt, self.now())))


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


__all__ = ["CaseCreator", "CaseService", "Config", "load_config", "real_now", "record_step"]
