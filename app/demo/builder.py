"""`gridcc demo`: fill an empty database with the demo district, its staff, cases and residents.

Everything is written in one transaction that ends with the completion mark
(app/demo/completion.py): a build that is killed leaves nothing, and `ensure_demo` builds again.
The sizes are checked before anything is opened or created.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.calendar import TimeUnit, parse_time_limit
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.service import CaseCreator, CaseService, Config, record_step
from app.cases.states import Action, CaseStatus
from app.cases.workflow import Step
from app.demo.accounts import ensure_demo_accounts
from app.demo.case_cards import CardTimer
from app.demo.case_history import plan_case
from app.demo.case_texts import case_text, reporter_source
from app.demo.completion import DemoState, clear_demo_data, demo_state, mark_complete
from app.demo.district_rows import write_district, write_staff
from app.demo.docket import fill_docket
from app.demo.geography import build_district, point_in_grid
from app.demo.people import DEFAULT_PERSONS, populate
from app.demo.people_names import case_address, person_name, phone_number
from db.schema import Case, Department, Region, Staff

DEFAULT_CASES = 3000
HISTORY_DAYS = 90
URGENCY_WEIGHTS = {"一般": 80, "紧急": 15, "特急": 5}
#: What one build may ask for, (least, most): the benchmarks' two million residents at most,
#: and a hundred thousand cases (each one replayed step by step, about a minute per 10,000).
SIZE_BOUNDS = {"seed": (0, 2**31 - 1), "cases": (0, 100_000), "persons": (0, 2_000_000)}
_SIZE_LABELS = {"seed": "随机种子", "cases": "案件数", "persons": "人口数"}
#: The parts of a demo build `progress` counts: district and staff, cases, residents
DEMO_STEPS = 3

Progress = Callable[[int, int], None]


class DemoRefused(CaseError):
    """The demo cannot be built as asked: the database holds data, or a size is out of bounds."""


@dataclass(frozen=True)
class DemoSummary:
    grids: int
    staff: int
    cases: int
    persons: int = 0


def check_size(name: str, value: int) -> int:
    """`value` if it lies within SIZE_BOUNDS[name], else DemoRefused saying the bounds."""
    least, most = SIZE_BOUNDS[name]
    if not least <= value <= most:
        raise DemoRefused(f"{_SIZE_LABELS[name]}应为 {least} 到 {most} 之间的整数（收到 {value}）")
    return value


def fill_demo(service: CaseService, *, seed: int = 1, cases: int = DEFAULT_CASES,
              persons: int = DEFAULT_PERSONS, progress: Progress | None = None) -> DemoSummary:
    """Create the demo district, `cases` cases spread over the last 90 days before now, and
    about `persons` residents in households, buildings and categories (app/demo/people.py),
    in one transaction that ends with the completion mark.

    `progress(done, DEMO_STEPS)` is called as each part begins and when all are done.
    """
    report = progress or (lambda done, total: None)
    for name, value in (("seed", seed), ("cases", cases), ("persons", persons)):
        check_size(name, value)
    service.reload_config()
    config, now = service.config(), service.now()
    rng = random.Random(seed)
    district = build_district(seed)
    report(0, DEMO_STEPS)
    with service.database.write() as session:
        _refuse_unless_empty(session, service.database.describe())
        grid_ids, district_id = write_district(session, district)
        actors = write_staff(session, rng, district, grid_ids)
        actors["handler"] = _department_handlers(session, rng)
        session.flush()
        report(1, DEMO_STEPS)
        _write_cases(config, now, session, rng, district, grid_ids, actors, cases)
        staff_count = session.scalar(select(func.count()).select_from(Staff))
        report(2, DEMO_STEPS)
        residents = populate(session, seed, persons, now=now) if persons else 0
        fill_docket(session, seed, now=now)
        mark_complete(session, district_id)
    report(DEMO_STEPS, DEMO_STEPS)
    return DemoSummary(grids=len(grid_ids), staff=staff_count, cases=cases, persons=residents)


def ensure_demo(service: CaseService, *, seed: int = 1, cases: int = DEFAULT_CASES,
                persons: int = DEFAULT_PERSONS, progress: Progress | None = None) -> bool:
    """Build the demo unless a finished one is there; True if it was built now. The demo accounts
    (app/demo/accounts.py) are added either way where missing, so a demo built before accounts
    existed gets them too.

    Data left by an interrupted build is cleared first, so the demo finishes or starts over. Two
    programs starting at once both find it empty; the second waits for the first's write lock,
    then finds the demo complete and uses it.
    """
    with service.database.read() as session:
        state = demo_state(session)
    if state == DemoState.COMPLETE:
        ensure_demo_accounts(service.database)
        return False
    if state == DemoState.INTERRUPTED:
        with service.database.write() as session:
            clear_demo_data(session)
    try:
        fill_demo(service, seed=seed, cases=cases, persons=persons, progress=progress)
    except DemoRefused:
        with service.database.read() as session:
            if demo_state(session) == DemoState.COMPLETE:
                return False  # another start of the program built it meanwhile
        raise
    ensure_demo_accounts(service.database)
    return True


def _refuse_unless_empty(session, where: str) -> None:
    regions = session.scalar(select(func.count()).select_from(Region))
    case_count = session.scalar(select(func.count()).select_from(Case))
    if regions or case_count:
        raise DemoRefused(
            f"数据库（{where}）不是空的：已有 {regions} 个区域、{case_count} 件案件；"
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


def _write_cases(config: Config, now: datetime, session, rng, district, grid_ids, actors, count) -> None:
    """`count` cases, each replayed step by step up to now with its cards filed on the way.

    Every dispatch goes to the department the taxonomy names for the category: the demo shows
    a working routine, not misrouted cases.
    """
    creator = CaseCreator(session, config, now)
    categories = sorted((c for c in config.rules.categories.values() if c.parent_id), key=lambda c: c.code)
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
        department = category.default_department_id
        cards = CardTimer(session, row, category.policy.kind)
        last = reported_at
        for planned in plan_case(rng, reported_at=reported_at, now=now, source=source,
                                 limit_clock_seconds=_clock_estimate(row.limit_seconds, limit.unit)):
            cards.advance(last, planned.at, end_included=False)
            step = Step(action=planned.action, actor=_actor(rng, planned.action, actors), at=planned.at,
                        note=planned.note, department_id=department if planned.action == Action.DISPATCH else None,
                        extra_seconds=_extension(config, row, planned.extra))
            record_step(session, row, step, config, None)
            last = planned.at
        cards.advance(last, now, end_included=True)


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

