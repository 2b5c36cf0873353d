"""A small district for the wiring tests: the enforcement tests' regions (two streets, three
grids) with one registered case and one person in every grid, and accounts that can log in on
the command line (their first password already changed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.accounts.principal import SYSTEM, Principal
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.cases.states import CaseStatus
from app.people.service import PeopleService
from tests.app.accounts.enforce_world import GRIDS, REPORTED_AT, WORKSTATION, add_regions
from tests.app.people.people_fixtures import person_id_number

PASSWORD = "Wired-2026pw"
FIRST_PASSWORD = "Wired-first-1"


@dataclass(frozen=True)
class Wired:
    regions: dict[str, uuid.UUID]
    cases: dict[str, str]
    persons: dict[str, uuid.UUID]


def build(database, clock) -> Wired:
    """One case registered at REPORTED_AT and one person (phone, ID number) in every grid."""
    clock.set(REPORTED_AT)
    regions = add_regions(database)
    cases = CaseService(database, now=clock, workstation=WORKSTATION)
    people = PeopleService(database, now=clock, actor="system", workstation=WORKSTATION)
    case_nos, persons = {}, {}
    for index, code in enumerate(GRIDS):
        case_nos[code] = cases.create(CaseDraft(
            source="网格员上报", category="暴露垃圾", description=f"垃圾{index}", reported_at=REPORTED_AT,
            grid_id=regions[code], status=CaseStatus.REGISTERED), actor="grid1").case_no
        persons[code] = people.add_person({"name": f"居民{index}", "grid": code, "phone": f"1390000000{index}",
                                           "id_number": person_id_number(index + 1)})
    return Wired(regions, case_nos, persons)


def login_of(role: str) -> str:
    """A login of this test's own (PostgreSQL login roles are shared by the server's databases)."""
    return f"{role.replace('_', '')[:8]}{uuid.uuid4().hex[:6]}"


def account(database, role: str, *, region: str | None = None, department: str | None = None) -> Principal:
    """A new account that has changed its first password (so `--user` logs in), as its principal."""
    login = login_of(role)
    accounts = AccountService(database)
    accounts.create(NewAccount(login=login, name=login, role=role, scope_region=region, department=department),
                    FIRST_PASSWORD, SYSTEM)
    accounts.change_password(login, FIRST_PASSWORD, PASSWORD)
    return accounts.principal(login, workstation=WORKSTATION)
