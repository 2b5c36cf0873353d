"""Each built-in role against the permission table, through the services, on SQLite and PostgreSQL.

The expectation of every probe is read from app.accounts.roles (the default grants seeded into
role_permissions), so the test fails when the enforcement and the table disagree. A refused act
raises PermissionDenied naming the permission, changes nothing and leaves a "denied" audit entry.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.accounts.errors import PermissionDenied
from app.accounts.guard import DENIED
from app.accounts.permissions import ALL_CODES, case_action, dispute_action
from app.accounts.principal import SYSTEM
from app.accounts.roles import BUILTIN_BY_CODE, BUILTIN_ROLES
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.assessment.settings import change_weights, read_weights
from app.assessment.workbook import write_workbook
from app.backups import make_backup
from app.cases.attachments import NewAttachment, add_attachments
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.importer import import_work_orders
from app.cases.states import Action, CaseStatus
from app.cases.workflow import NOTE_REQUIRED, TRANSITIONS
from app.config.alias_admin import AliasService
from app.imports.errors import ImportFileError
from app.mediation.importer import import_docket
from app.mediation.states import DisputeAction
from app.paper.printing import case_sheet
from app.people.exporter import export_people
from app.people.importer import import_people
from app.people.privacy import Viewer, reveal
from db.errors import DatabaseError
from db.schema import AuditEntry, Case
from tests.app.accounts.enforce_world import REPORTED_AT, account, build_world, services

S = CaseStatus
#: the actions that bring a reported case to each state (the standard loop)
PATHS = {S.REPORTED: [], S.REGISTERED: ["verify", "register"], S.DISPATCHED: ["verify", "register", "dispatch"],
         S.HANDLING: ["verify", "register", "dispatch", "accept"],
         S.FEEDBACK: ["verify", "register", "dispatch", "accept", "feedback"],
         S.PARKED: ["verify", "register", "park"]}
#: permissions no service checks: the panes are the GUI's to hide (the ledger's pane is what a
#: masked export needs), the audit viewer is the audit lane's, and no operation edits a dispute's
#: registration yet
NOT_SERVICE_CHECKED = {code for code in ALL_CODES if code.startswith("pane.") and code != "pane.people"} | {
    "audit.view", "dispute.edit"}
MISSING = Path("没有这个文件.xlsx")


class Desk:
    """What a probe needs: the role's services, a database, a folder, a fresh case to act on."""

    def __init__(self, database, clock, principal, world, tmp_path):
        self.database, self.clock, self.principal, self.world, self.tmp_path = database, clock, principal, world, tmp_path
        self.cases, self.mediation, self.people = services(database, clock, principal)
        self.system_cases, self.system_mediation, _ = services(database, clock, SYSTEM)

    def case_in(self, status: CaseStatus) -> str:
        case_no = self.system_cases.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="垃圾",
                                                     reported_at=REPORTED_AT), actor="grid1").case_no
        for action in PATHS[status]:
            self.system_cases.act(case_no, action, actor="sys", note="说明")
        return case_no


def _source_state(action: Action) -> CaseStatus:
    sources = TRANSITIONS[action][0]
    return next(status for status in PATHS if status in sources)


def _case_probe(action: Action):
    def probe(desk: Desk) -> None:
        case_no = desk.case_in(_source_state(action))
        before = desk.system_cases.view(case_no).version
        try:
            desk.cases.act(case_no, action, actor=desk.principal.login,
                           note="说明" if action in NOTE_REQUIRED else None,
                           limit="1工作时" if action == Action.EXTEND else None)
        except PermissionDenied:
            assert desk.system_cases.view(case_no).version == before  # nothing written
            raise
    return probe


def _dispute_probe(action: DisputeAction):
    """The permission is checked before the state: a refusal is PermissionDenied, anything else
    (done, or refused by the workflow for this state or its inputs) got past the permission."""
    def probe(desk: Desk) -> None:
        number = next(iter(desk.world.disputes.values()))
        try:
            desk.mediation.act(number, action, actor=desk.principal.login)
        except PermissionDenied:
            raise
        except CaseError:
            pass
    return probe


def _quietly(call, *errors):
    """Run an import of a missing file: only a refusal of the permission may escape."""
    try:
        call()
    except PermissionDenied:
        raise
    except (ImportFileError, CaseError, OSError, *errors):
        pass


def _report(desk: Desk) -> None:
    desk.cases.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="垃圾", reported_at=REPORTED_AT),
                      actor=desk.principal.login)


def _attach(desk: Desk) -> None:
    add_attachments(desk.cases, desk.case_in(S.REPORTED), [NewAttachment(file_name="a.txt", data=b"x")],
                    desk.principal.login)


def _register_dispute(desk: Desk) -> None:
    from app.mediation.drafts import DisputeDraft, PartyDraft
    desk.mediation.register(DisputeDraft(type="邻里", facts="漏水", parties=(
        PartyDraft(role="申请人", name="甲"), PartyDraft(role="被申请人", name="乙"))), desk.principal.login)


def _edit_person(desk: Desk) -> None:
    person = desk.world.persons[next(iter(desk.world.persons))]
    record = desk.people.get_person(person)
    desk.people.update_person(person, {"note": "改"}, record.version)


def _visit(desk: Desk) -> None:
    desk.people.add_visit(next(iter(desk.world.persons.values())), None, date(2025, 9, 29), "走访人")


def _reveal(desk: Desk) -> None:
    from app.people.privacy import RevealDenied
    try:
        reveal(desk.database, next(iter(desk.world.persons.values())), "phone", desk.principal.login,
               desk.principal.workstation, principal=desk.principal)
    except RevealDenied as exc:
        raise PermissionDenied(str(exc)) from None


def _export_clear(desk: Desk) -> None:
    """A clear export needs export.personal; the masked one a role without it gets is a refusal here."""
    result = export_people(desk.people, desk.tmp_path / "people.xlsx")
    if result.masked:
        raise PermissionDenied("masked")


def _print_clear(desk: Desk) -> None:
    """A case sheet prints the reporter's phone in clear only with print.personal."""
    case_no = desk.world.cases[next(iter(desk.world.cases))]
    case_sheet(desk.cases, case_no, Viewer.of(desk.principal))
    with desk.database.read() as session:
        printed = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "print",
                                                                  AuditEntry.actor == desk.principal.login)).all()
    if printed[-1]["phone"] != "clear":
        raise PermissionDenied("masked")


def _report_export(desk: Desk) -> None:
    write_workbook([], desk.tmp_path / "report.xlsx", level="department", start=date(2025, 9, 1),
                   end=date(2025, 10, 1), database=desk.database, principal=desk.principal)


def _config(desk: Desk) -> None:
    weights = read_weights(desk.database).department.weights
    change_weights(desk.database, "department", dict(weights), actor=desk.principal.login, principal=desk.principal)


def _alias(desk: Desk) -> None:
    AliasService(desk.database, actor=desk.principal.login, principal=desk.principal).add_alias(
        "residence_type", "本地户口的", "户籍")


def _backup(desk: Desk) -> None:
    _quietly(lambda: make_backup(desk.database, "manual", actor=desk.principal.login, principal=desk.principal),
             DatabaseError)


def _manage_accounts(desk: Desk) -> None:
    AccountService(desk.database).create(NewAccount(login="newcomer", name="新人", role="viewer"), "Newcomer-2025",
                                         desk.principal)


def _resolve_conflict(desk: Desk) -> None:
    """Settling a sync conflict (acknowledging a workflow one) needs sync.resolve."""
    import uuid
    from datetime import datetime, timezone

    from app.sync.conflicts import ConflictService
    from db.schema import SyncConflict

    conflict = SyncConflict(kind="workflow", table_name="cases", row_id=uuid.uuid4(), desk="R1",
                            detected_at=datetime.now(timezone.utc), detail="离线操作未生效")
    with desk.database.write() as session:
        session.add(conflict)
    ConflictService(desk.database, desk.principal).resolve(conflict.id, "server", actor=desk.principal.login)


PROBES = {
    **{case_action(action): _case_probe(action) for action in Action if action != Action.REPORT},
    **{dispute_action(action): _dispute_probe(action) for action in DisputeAction if action != DisputeAction.REGISTER},
    "case.report": _report,
    "case.attach": _attach,
    "case.import": lambda desk: _quietly(lambda: import_work_orders(desk.cases, desk.tmp_path / MISSING,
                                                                     actor=desk.principal.login)),
    "dispute.register": _register_dispute,
    "dispute.import": lambda desk: _quietly(lambda: import_docket(desk.mediation, desk.tmp_path / MISSING,
                                                                  actor=desk.principal.login)),
    "people.edit": _edit_person,
    "people.visit": _visit,
    "people.import": lambda desk: _quietly(lambda: import_people(desk.people, desk.tmp_path / MISSING)),
    "people.reveal": _reveal,
    "export.personal": _export_clear,
    "pane.people": lambda desk: export_people(desk.people, desk.tmp_path / "masked.xlsx"),  # a masked export
    "print.personal": _print_clear,
    "report.export": _report_export,
    "config.edit": _config,
    "backup.manage": _backup,
    "accounts.manage": _manage_accounts,
    "sync.resolve": _resolve_conflict,
}
#: further acts that need a permission already probed (one rule, several doors)
EXTRA_PROBES = {"config.edit": _alias}


def test_every_permission_is_probed_or_left_to_the_screens():
    assert set(PROBES) | NOT_SERVICE_CHECKED == set(ALL_CODES)


def _denials(database, login: str) -> list[dict]:
    with database.read() as session:
        return list(session.scalars(select(AuditEntry.detail).where(AuditEntry.action == DENIED,
                                                                    AuditEntry.actor == login)))


@pytest.mark.parametrize("role", [role.code for role in BUILTIN_ROLES])
def test_role_against_the_permission_table(database, clock, tmp_path, role):
    world = build_world(database, clock)
    principal = account(database, f"u.{role}".replace("_", "-"), role)
    desk = Desk(database, clock, principal, world, tmp_path)
    grants = BUILTIN_BY_CODE[role].grants
    wrong = []
    for code, probe in [*PROBES.items(), *EXTRA_PROBES.items()]:
        try:
            probe(desk)
            allowed = True
        except PermissionDenied:
            allowed = False
        if allowed != (code in grants):
            wrong.append(f"{code}: {'allowed' if allowed else 'refused'}")
    assert wrong == []
    denied = {entry["permission"] for entry in _denials(database, principal.login)}
    audited_elsewhere = {"people.reveal", "export.personal", "print.personal"}  # reveal_denied / a masked copy
    assert denied == {code for code in PROBES if code not in grants} - audited_elsewhere


@pytest.mark.parametrize("role", ["viewer"])
def test_a_refusal_names_the_permission_and_is_audited_with_the_case(database, clock, tmp_path, role):
    world = build_world(database, clock)
    principal = account(database, "look", role)
    cases, _, _ = services(database, clock, principal)
    case_no = world.cases[next(iter(world.cases))]
    with pytest.raises(PermissionDenied, match=r"没有“事件：核实”权限（case\.verify）"):
        cases.act(case_no, "verify", actor="look")
    with database.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == DENIED)).one()
        case_id = session.scalar(select(Case.id).where(Case.case_no == case_no))
        assert session.scalar(select(func.count()).select_from(Case).where(Case.status != "reported")) == 0
    assert (entry.actor, entry.workstation, entry.entity, entry.entity_id) == ("look", "ws-enforce", "case", case_id)
    assert entry.detail == {"permission": "case.verify"}
