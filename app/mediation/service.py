"""The mediation service: register disputes, act on them, read them. What the CLI and the pane call.

Each public method is one unit of work in its own transaction and returns plain views (never
ORM rows). The configuration (docket rules and the working calendar) is read once and kept
until `reload_config()`. Concurrency is the cases': `expected_version` is the version the user
saw; a dispute changed since is not written and ConflictError says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.accounts.guard import require
from app.accounts.permissions import dispute_action
from app.accounts.principal import SYSTEM, WHOLE_DISTRICT, Principal, Scope
from app.accounts.scope import dispute_condition
from app.calendar import WorkingCalendar
from app.cases.errors import CaseError, ConflictError
from app.cases.service import CaseService, real_now
from app.config.calendar_config import load_calendar
from app.mediation import effects
from app.mediation.drafts import ActionInputs, DisputeDraft
from app.mediation.effects import Act
from app.mediation.errors import DisputeNotFound
from app.mediation.files import check_complete
from app.mediation.filters import resolve_filter
from app.mediation.ladder import level_number
from app.mediation.projection import relight, snapshot_of, store
from app.mediation.queries import DisputeFilter, count_select, list_select, view_from_row
from app.mediation.reading import file_checklist, flag_names, read_detail, read_view
from app.mediation.registration import DisputeRegistrar
from app.mediation.rules import MediationRules, load_mediation_rules
from app.mediation.states import PERFORMANCE_STATUSES, DisputeAction, DisputeStatus
from app.mediation.views import DisputeDetail, DisputeView
from app.mediation.workflow import DisputeStep, apply, check_allowed
from app.scoping import narrowed
from db.engine import Database
from db.schema import Dispute, DisputeEvent, DisputeObligation

A = DisputeAction


@dataclass(frozen=True)
class MediationConfig:
    rules: MediationRules
    calendar: WorkingCalendar


class MediationService:
    """Disputes on one database, evaluated at the instant `now()` returns."""

    def __init__(self, database: Database, *, now: Callable[[], datetime] = real_now,
                 workstation: str | None = None, principal: Principal = SYSTEM):
        self.database = database
        self.now = now
        self.workstation = workstation
        self.principal = principal
        self._config: MediationConfig | None = None

    # configuration -------------------------------------------------------
    def config(self) -> MediationConfig:
        """Docket rules and the working calendar, read on first use."""
        if self._config is None:
            with self.database.read() as session:
                self._config = MediationConfig(load_mediation_rules(session), load_calendar(session))
        return self._config

    def reload_config(self) -> None:
        """Forget the cached configuration (after committees, mediators or rules changed)."""
        self._config = None

    @property
    def tz(self):
        return self.config().calendar.tz

    # who may do and see what -----------------------------------------------
    def scoped(self, query):
        """`query` over disputes narrowed to the acting account's scope (unchanged district-wide)."""
        return narrowed(query, self.principal.scope, dispute_condition)

    def require(self, code: str, dispute_no: str | None = None) -> None:
        """Refuse (audited, naming the permission) unless the acting account holds `code`; with
        `dispute_no`, a dispute outside the scope is refused as missing first."""
        entity_id = None
        if dispute_no is not None and not self.principal.may(code):
            with self.database.read() as session:
                entity_id = self.find(session, dispute_no).id
        require(self.database, self.principal, code, entity="dispute", entity_id=entity_id)

    def _visible_case(self, session: Session, case_no: str | None) -> None:
        """CaseNotFound for a case outside the acting account's scope (linking must not tell it exists)."""
        CaseService(self.database, principal=self.principal).case_row(session, (case_no or "").strip())

    def find(self, session: Session, dispute_no: str) -> Dispute:
        """The dispute (see find_row) if the acting account may see it; DisputeNotFound otherwise."""
        return find_row(session, dispute_no, self.principal.scope)

    # registering ---------------------------------------------------------
    def register(self, draft: DisputeDraft, actor: str) -> DisputeView:
        """Register a new dispute (state 待告知) and return it."""
        self.require("dispute.register")
        config = self.config()
        with self.database.write() as session:
            row = DisputeRegistrar(session, config.rules, config.calendar, self.now(), self.workstation) \
                .register(draft, actor)
            dispute_id = row.id
        return self._view_by_id(dispute_id)

    # acting --------------------------------------------------------------
    def act(self, dispute_no: str, action: DisputeAction | str, *, actor: str,
            inputs: ActionInputs | None = None, expected_version: int | None = None) -> DisputeView:
        """Do one workflow action and return the dispute as it now is.

        Refused actions (wrong state, missing input, missing file item, extension without both
        parties' consent …) raise a CaseError subclass with one Chinese line and change nothing.
        """
        action = parse_action(action)
        self.require(dispute_action(action), dispute_no)
        inputs = inputs or ActionInputs()
        config = self.config()
        try:
            with self.database.write() as session:
                row = self.find(session, dispute_no)
                if expected_version is not None and row.version != expected_version:
                    raise _conflict(row)
                if action == A.LINK_CASE and not self.principal.scope.whole_district:
                    self._visible_case(session, inputs.case_no)
                apply_action(session, row, action, inputs, actor=actor, config=config,
                             at=max(inputs.at or self.now(), row.registered_at), workstation=self.workstation)
                dispute_id = row.id
        except (StaleDataError, IntegrityError):
            with self.database.read() as session:
                raise _conflict(self.find(session, dispute_no)) from None
        return self._view_by_id(dispute_id)

    # reading -------------------------------------------------------------
    def view(self, dispute_no: str) -> DisputeView:
        """One dispute as a docket row."""
        with self.database.read() as session:
            return read_view(session, self.find(session, dispute_no).id, self.config().rules, self.tz, self.now())

    def get(self, dispute_no: str) -> DisputeDetail:
        """Everything about one dispute (the card): parties, records, countdowns, file, history."""
        config = self.config()
        with self.database.read() as session:
            return read_detail(session, self.find(session, dispute_no), config.rules, config.calendar, self.now())

    def list(self, flt: DisputeFilter = DisputeFilter(), *, limit: int | None = None, offset: int = 0,
             order: str = "newest") -> list[DisputeView]:
        """Disputes matching a filter, lit at now; `order` 'newest' or 'due'. The docket pane's query."""
        now = self.now()
        names = flag_names(self.config().rules)
        with self.database.read() as session:
            rows = session.execute(self.scoped(list_select(flt, now, order=order, limit=limit, offset=offset))).all()
        return [view_from_row(row, now, self.tz, names) for row in rows]

    def count(self, flt: DisputeFilter = DisputeFilter()) -> int:
        with self.database.read() as session:
            return session.scalar(self.scoped(count_select(flt, self.now())))

    def filter(self, **criteria) -> DisputeFilter:
        """A DisputeFilter from what a user picks by name: type, committee, community, mediator,
        level and light as text (e.g. filter(type='劳动争议', level='镇街调委会', light='red'))."""
        return resolve_filter(self, **criteria)

    def _view_by_id(self, dispute_id: uuid.UUID) -> DisputeView:
        with self.database.read() as session:
            return read_view(session, dispute_id, self.config().rules, self.tz, self.now())


def apply_action(session: Session, row: Dispute, action: DisputeAction, inputs: ActionInputs, *, actor: str,
                 config: MediationConfig, at: datetime, workstation: str | None = None) -> None:
    """Check and apply one action to a stored dispute: its records, projection and event.

    Used by the service, the importer and the demo, so all of them obey the same workflow.
    """
    status = DisputeStatus(row.status)
    check_allowed(status, action)
    step = DisputeStep(action=action, note=inputs.note, level=level_number(inputs.level), decision=inputs.decision)
    snapshot = apply(snapshot_of(row), step)
    act = Act(session, row, config.rules, config.calendar, inputs, actor, at)
    if action == A.CLOSE:
        if status == DisputeStatus.AGREED:
            effects.check_performed(act)
        check_complete(file_checklist(session, row, config.rules) if row.result else [])
    data = _effect(act, action, snapshot.level)
    store(row, snapshot)
    performing = snapshot.status in PERFORMANCE_STATUSES
    obligations = session.scalars(select(DisputeObligation).where(DisputeObligation.dispute_id == row.id)).all() \
        if performing else ()
    relight(row, obligations, config.rules, config.calendar)
    row.event_count = (row.event_count or 0) + 1
    session.add(DisputeEvent(
        dispute_id=row.id, seq=row.event_count, action=action.value, actor=actor, at=at, note=inputs.note,
        from_status=status.value, to_status=snapshot.status.value, data=data or None, workstation=workstation))


_EFFECTS: dict[DisputeAction, Callable[[Act], dict]] = {
    A.ACCEPT: effects.accept, A.REFUSE: effects.conclude, A.INVESTIGATE: effects.investigate,
    A.SESSION: effects.session_record, A.AGREE_WRITTEN: lambda act: effects.agree(act, "书面"),
    A.AGREE_ORAL: lambda act: effects.agree(act, "口头"), A.FAIL: effects.conclude, A.TERMINATE: effects.conclude,
    A.APPLY_CONFIRMATION: effects.apply_confirmation, A.CONFIRM: effects.confirm, A.FULFIL: effects.fulfil,
    A.VISIT: effects.visit, A.CLOSE: effects.close, A.FILE: effects.file, A.TRANSFER: effects.transfer,
    A.TRANSFER_RECEIPT: effects.transfer_receipt, A.TRANSFER_OUTCOME: effects.transfer_outcome,
    A.EXTEND: effects.extend, A.FLAG: effects.flag, A.ASSIGN: effects.assign, A.ADD_DOCUMENT: effects.add_document,
}


def _effect(act: Act, action: DisputeAction, level: int) -> dict:
    if action == A.ESCALATE:
        return effects.escalate(act, level)
    if action == A.LINK_CASE:
        from app.mediation.links import link_case
        return link_case(act)
    handler = _EFFECTS.get(action)
    return handler(act) if handler else {}


def find_row(session: Session, dispute_no: str, scope: Scope = WHOLE_DISTRICT) -> Dispute:
    """The dispute by its full number, its external number, or 'YEAR-SEQ' (2026-12), among those
    `scope` sees (one outside it is reported missing, like one that does not exist)."""
    text = (dispute_no or "").strip()
    condition = or_(Dispute.dispute_no == text, Dispute.external_no == text)
    year, _, seq = text.partition("-")
    if year.isdigit() and seq.isdigit():
        condition = or_(condition, (Dispute.year == int(year)) & (Dispute.seq == int(seq)))
    query = narrowed(select(Dispute).where(condition, Dispute.deleted_at.is_(None)), scope, dispute_condition)
    row = session.scalar(query.limit(1))
    if row is None:
        raise DisputeNotFound(f"找不到纠纷“{text}”")
    return row


def parse_action(action: DisputeAction | str) -> DisputeAction:
    try:
        parsed = DisputeAction(action)
    except ValueError:
        parsed = None
    if parsed is None or parsed == A.REGISTER:
        names = "、".join(a.value for a in DisputeAction if a != A.REGISTER)
        raise CaseError(f"未知的操作“{action}”，可用：{names}")
    return parsed


def _conflict(row: Dispute) -> ConflictError:
    return ConflictError(f"纠纷 {row.dispute_no} 已被他人修改，现为“{DisputeStatus(row.status).label}”；"
                         "本次操作未保存，请刷新后重试")


__all__ = ["MediationConfig", "MediationService", "apply_action", "find_row", "parse_action"]
