"""`gridcc demo`: fill an empty database with the demo district, its staff and its cases."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.calendar import TimeUnit, parse_time_limit
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.service import CaseCreator, CaseService, record_step
from app.cases.states import Action, CaseStatus
from app.cases.workflow import Step
from app.demo.case_history import plan_case
from app.demo.case_texts import case_text, reporter_source
from app.demo.district_rows import write_district, write_staff
from app.demo.docket import fill_docket
from app.demo.geography import build_district, point_in_grid
from app.demo.people import DEFAULT_PERSONS, populate
from app.demo.people_names import case_address, person_name, phone_number
from db.schema import Case, Department, Region, Staff

DEFAULT_CASES = 3000
HISTORY_DAYS = 90
URGENCY_WEIGHTS = {"一般": 80, "紧急": 15, "特急": 5}


class DemoRefused(CaseError):
    """The database already holds data; the demo only fills an empty one."""


@dataclass(frozen=True)
class DemoSummary:
    grids: int
    staff: int
    cases: int
    persons: int = 0


def fill_demo(service: CaseService, *, seed: int = 1, cases: int = DEFAULT_CASES,
              persons: int = DEFAULT_PERSONS) -> DemoSummary:
    """Create the demo district, `cases` cases spread over the last 90 days before now, and
    about `persons` residents in households, buildings and categories (app/demo/people.py)."""
    if cases < 0:
        raise CaseError("--cases 不能为负数")
    if persons < 0:
        raise CaseError("--persons 不能为负数")
    _refuse_unless_empty(service)
    rng = random.Random(seed)
    district = build_district(seed)
    with service.database.write() as session:
        grid_ids = write_district(session, district)
        actors = write_staff(session, rng, district, grid_ids)
        actors["handler"] = _department_handlers(session, rng)
    service.reload_config()
    with service.database.write() as session:
        _write_cases(service, session, rng, district, grid_ids, actors, cases)
        staff_count = session.scalar(select(func.count()).select_from(Staff))
    residents = populate(service.database, seed, persons, now=service.now()) if persons else 0
    fill_docket(service.database, seed, now=service.now())
    return DemoSummary(grids=len(grid_ids), staff=staff_count, cases=cases, persons=residents)


def ensure_demo(service: CaseService, *, seed: int = 1, cases: int = DEFAULT_CASES,
                persons: int = DEFAULT_PERSONS) -> bool:
    """Fill the demo database on first use; True if it was filled now."""
    with service.database.read() as session:
        if session.scalar(select(func.count()).select_from(Region)):
            return False
    fill_demo(service, seed=seed, cases=cases, persons=persons)
    return True


def _refuse_unless_empty(service: CaseService) -> None:
    with service.database.read() as session:
        regions = session.scalar(select(func.count()).select_from(Region))
        case_count = session.scalar(select(func.count()).select_from(Case))
    if regions or case_count:
        raise DemoRefused(
            f"数据库（{service.database.describe()}）不是空的：已有 {regions} 个区域、{case_count} 件案件；"
            "演示数据只能填入空数据库"
        )


def _department_handlers(session, rng: random.Random) -> list[str]:
    logins = []
    for code, department_id in session.execute(select(Department.code, Department.id)).all():
        login = f"{code.lower()}01"
        session.add(Staff(login=login, name=person_name(rng), role="handler", phone=phone_number(rng),
                          department_id=department_id))
        logins.append(login)
    return logins


def _write_cases(service, session, rng, district, grid_ids, actors, count) -> None:
    config = service.config()
    now = service.now()
    creator = CaseCreator(session, config, now)
    categories = sorted((c for c in config.rules.categories.values() if c.parent_id), key=lambda c: c.code)
    departments = sorted(config.rules.departments.values(), key=lambda d: d.code)
    places = [(community, grid) for _street, community, grid in district.walk()]
    reported = sorted(_report_time(rng, now) for _ in range(count))
    for n, reported_at in enumerate(reported, start=1):
        community, grid = rng.choice(places)
        category = rng.choice(categories)
        urgency = rng.choices(list(URGENCY_WEIGHTS), weights=list(URGENCY_WEIGHTS.values()))[0]
        source = reporter_source(rng)
        lon, lat = point_in_grid(rng, grid)
        address = case_address(rng, community.name)
        title, description = case_text(rng, category.name, address)
        hotline = source == "12345热线"
        draft = CaseDraft(
            source=source, category=category.code, description=description, title=title,
            reported_at=reported_at, urgency=urgency, address=address, lon=lon, lat=lat,
            grid_id=grid_ids[grid.code], external_no=f"RX{reported_at:%Y%m%d}{n:05d}" if hotline else None,
            reporter_name=person_name(rng) if hotline or source == "群众来访" else None,
            reporter_phone=phone_number(rng) if hotline else None,
            status=CaseStatus.REPORTED,
        )
        reporter = f"g{grid.code}-1" if source == "网格员上报" else rng.choice(actors["dispatcher"])
        row = creator.create(draft, reporter)
        limit = config.rules.limit(category.id, urgency)
        department = category.default_department_id if rng.random() < 0.85 else rng.choice(departments).id
        for planned in plan_case(rng, reported_at=reported_at, now=now, source=source,
                                 limit_clock_seconds=_clock_estimate(row.limit_seconds, limit.unit)):
            step = Step(action=planned.action, actor=_actor(rng, planned.action, actors), at=planned.at,
                        note=planned.note, department_id=department if planned.action == Action.DISPATCH else None,
                        extra_seconds=_extension(config, row, planned.extra))
            record_step(session, row, step, config, None)


def _report_time(rng: random.Random, now: datetime) -> datetime:
    """A report time in the last 90 days, more of them recent, mostly in the daytime."""
    days_ago = HISTORY_DAYS * rng.random() ** 1.4
    moment = now - timedelta(days=days_ago)
    local_hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12,
                                                 9, 10, 13, 13, 12, 10, 8, 6, 5, 3, 2, 1])[0]
    shifted = moment.replace(minute=rng.randrange(60), second=0, microsecond=0)
    shifted += timedelta(hours=(local_hour - (shifted.hour + 8) % 24))
    return min(shifted, now - timedelta(minutes=1))


def _clock_estimate(limit_seconds: float, unit: TimeUnit) -> float:
    """Roughly how much clock time a limit spans (one working day ≈ 1.4 calendar days)."""
    return limit_seconds / 27000 * 1.4 * 86400 if unit.is_working else limit_seconds


def _extension(config, row: Case, text: str | None) -> float | None:
    if text is None:
        return None
    extra = parse_time_limit(text if TimeUnit(row.limit_unit).is_working else "48小时")
    return config.calendar.limit_seconds(extra)


def _actor(rng: random.Random, action: Action, actors: dict[str, list[str]]) -> str:
    role = {
        Action.VERIFY: "supervisor", Action.APPROVE: "supervisor", Action.REJECT: "supervisor",
        Action.ACCEPT: "handler", Action.FEEDBACK: "handler", Action.RETURN: "handler",
        Action.PARK: "shift_leader", Action.RESUME: "shift_leader", Action.URGE: "dispatcher",
    }.get(action, "dispatcher")
    return rng.choice(actors[role])

