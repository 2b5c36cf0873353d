"""A small district for the enforcement tests: two streets, three grids, a case, a person and a
dispute in each grid, and accounts made the way a login makes them (AccountService.principal)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.accounts.principal import SYSTEM, Principal
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.mediation.drafts import DisputeDraft, PartyDraft
from app.mediation.service import MediationService
from app.people.service import PeopleService
from db.schema import Region
from tests.app.people.people_fixtures import person_id_number
from tests.conftest import local

PASSWORD = "Enforce-2025"
WORKSTATION = "ws-enforce"
REPORTED_AT = local(2025, 9, 30, 10, 0)
DISTRICT, EAST, EAST_ONE = "370288", "370288001", "370288001001"
GRID_A, GRID_A2, GRID_B = "370288001001001", "370288001001002", "370288002001001"
GRIDS = (GRID_A, GRID_A2, GRID_B)


def account(database, login: str, role: str, *, region: str | None = None,
            department: str | None = None) -> Principal:
    """Create an account (by the program itself) and return its principal, as after a login."""
    accounts = AccountService(database)
    accounts.create(NewAccount(login=login, name=login, role=role, scope_region=region, department=department),
                    PASSWORD, SYSTEM)
    return accounts.principal(login, workstation=WORKSTATION)


def services(database, clock, principal: Principal):
    """The three services acting as `principal`."""
    return (CaseService(database, now=clock, workstation=WORKSTATION, principal=principal),
            MediationService(database, now=clock, workstation=WORKSTATION, principal=principal),
            PeopleService(database, now=clock, actor=principal.login, workstation=WORKSTATION, principal=principal))


def add_regions(database) -> dict[str, uuid.UUID]:
    """区 → 东街道 (东一社区: 东一网格, 东二网格) and 西街道 (西一社区: 西一网格); ids by code."""
    rows = [(DISTRICT, "试验区", "district", None), (EAST, "东街道", "street", DISTRICT),
            (EAST_ONE, "东一社区", "community", EAST), (GRID_A, "东一网格", "grid", EAST_ONE),
            (GRID_A2, "东二网格", "grid", EAST_ONE), ("370288002", "西街道", "street", DISTRICT),
            ("370288002001", "西一社区", "community", "370288002"), (GRID_B, "西一网格", "grid", "370288002001")]
    ids: dict[str, uuid.UUID] = {}
    with database.write() as session:
        for code, name, level, parent in rows:
            region = Region(code=code, name=name, level=level, parent_id=ids.get(parent))
            session.add(region)
            session.flush()
            ids[code] = region.id
    return ids


@dataclass(frozen=True)
class World:
    """What lies in each grid: case numbers, person ids and dispute numbers by grid code."""

    regions: dict[str, uuid.UUID]
    cases: dict[str, str]
    persons: dict[str, uuid.UUID]
    disputes: dict[str, str]


def build_world(database, clock) -> World:
    """One case (reported, with a reporter phone), one person and one dispute in every grid."""
    regions = add_regions(database)
    cases, mediation, people = services(database, clock, SYSTEM)
    case_nos, persons, disputes = {}, {}, {}
    for index, code in enumerate(GRIDS):
        case_nos[code] = cases.create(CaseDraft(
            source="网格员上报", category="暴露垃圾", description=f"垃圾{index}", reported_at=REPORTED_AT,
            grid_id=regions[code], reporter_phone=f"1380000000{index}"), actor="grid1").case_no
        persons[code] = people.add_person({"name": f"居民{index}", "grid": code, "phone": f"1390000000{index}",
                                           "id_number": person_id_number(index + 1)})
        disputes[code] = mediation.register(DisputeDraft(
            type="邻里", facts=f"纠纷{index}", claims="赔偿", grid=code,
            parties=(PartyDraft(role="申请人", name="张三", phone="13700000001"),
                     PartyDraft(role="被申请人", name="李四"))), "clerk").dispute_no
    return World(regions, case_nos, persons, disputes)
