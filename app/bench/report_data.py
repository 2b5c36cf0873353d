"""A year of cases for `gridcc bench report`: 500 a day (182,500), with their events and cards.

Rows go straight into the tables (db.bulk.insert_rows) with the columns the workflow would have
projected, so a year is written in about a minute instead of the hours a step-by-step replay
takes. Limits are clock hours (48小时) so deadlines need no calendar here. Most cases are closed
(some late, some reworked, extended or parked), the last days' still open, a few old ones open
past their deadline, a few voided; about a third got a yellow card and a sixth a red one.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.bench.runner import Metric
from app.bench.scratch import analyze
from db.bulk import insert_rows
from db.ids import uuid7
from db.schema import Case, CaseCategory, CaseEvent, Department, Region, Staff, SupervisionCard

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
DAYS = 365
PER_DAY = 500
LIMIT = 48 * 3600.0
HOUR = 3600.0


def prepare_year(database, prefix: str) -> list[Metric]:
    """Fill the year and give the planner its statistics, as the benches that measure on it start:
    the cases written and the seconds it took, as `<prefix>.cases` and `<prefix>.prepare_s`."""
    started = time.perf_counter()
    cases = fill(database)
    analyze(database)
    return [Metric(f"{prefix}.cases", cases, "cases"),
            Metric(f"{prefix}.prepare_s", round(time.perf_counter() - started, 1), "s")]


def fill(database, days: int = DAYS, per_day: int = PER_DAY, seed: int = 12) -> int:
    """Write the places, grid workers, and `days × per_day` cases with events and cards."""
    rng = random.Random(seed)
    with database.write() as session:
        grids, workers = _places(session)
        categories = list(session.scalars(select(CaseCategory.id).where(CaseCategory.parent_id.is_not(None))))
        departments = list(session.scalars(select(Department.id)))
        plans = [_plan(rng, n, day, grids, workers, categories, departments)
                 for day in range(days) for n in range(per_day)]
        plans = [plan for plan in plans if plan["reported_at"] < NOW]
        insert_rows(session, Case.__table__, (_case_row(plan) for plan in plans), same=_CASE_SAME)
        insert_rows(session, CaseEvent.__table__, (event for plan in plans for event in _events(plan)),
                    same={"note": None, "data": None, "workstation": None, "created_at": NOW})
        insert_rows(session, SupervisionCard.__table__, (card for plan in plans for card in _cards(plan)),
                    same={"origin": "sweep", "issuer": "system", "reason": "基准督办", "reply": None,
                          "replied_at": None, "closed_at": None, "version": 1, "deleted_at": None,
                          "created_at": NOW, "updated_at": NOW})
    return len(plans)


def _places(session) -> tuple[list, list[str]]:
    district = Region(code="R0", name="基准区", level="district")
    session.add(district)
    session.flush()
    grids, workers = [], []
    for s in range(6):
        street = Region(code=f"R0{s}", name=f"基准街道{s}", level="street", parent_id=district.id)
        session.add(street)
        session.flush()
        for c in range(5):
            community = Region(code=f"R0{s}{c:02d}", name=f"基准社区{s}-{c}", level="community", parent_id=street.id)
            session.add(community)
            session.flush()
            for g in range(10):
                grid = Region(code=f"R0{s}{c:02d}{g:03d}", name=f"基准网格{s}-{c}-{g}", level="grid",
                              parent_id=community.id)
                session.add(grid)
                login = f"bw{s}{c:02d}{g:03d}"
                session.add(Staff(login=login, name=f"网格员{s}{c}{g}", role="grid_worker"))
                grids.append(grid)
                workers.append(login)
    session.flush()
    return [grid.id for grid in grids], workers


def _plan(rng, n, day, grids, workers, categories, departments) -> dict:
    """One case's life as the instants of its steps."""
    reported = NOW - timedelta(days=DAYS - day) + timedelta(minutes=rng.uniform(0, 24 * 60))
    grid_index = rng.randrange(len(grids))
    plan = {
        "id": uuid7(), "no": f"BR{day:03d}{n:04d}", "reported_at": reported, "grid_id": grids[grid_index],
        "reporter": workers[grid_index] if rng.random() < 0.6 else "dispatcher01",
        "category_id": rng.choice(categories), "department_id": rng.choice(departments),
        "void": rng.random() < 0.02, "extension": LIMIT / 2 if rng.random() < 0.08 else 0.0,
        "parked": rng.uniform(1, 10) * 86400 if rng.random() < 0.03 else 0.0,
        "rework": rng.random() < 0.06, "registered_at": reported + timedelta(minutes=rng.uniform(5, 90)),
    }
    budget = LIMIT * rng.choice((0.3, 0.5, 0.7, 0.9, 1.1, 1.5))
    plan["feedback_at"] = reported + timedelta(seconds=budget * (0.7 if plan["rework"] else 1.0) + plan["parked"])
    plan["closed_at"] = reported + timedelta(seconds=budget + plan["parked"] + rng.uniform(0.5, 8) * HOUR)
    plan["stays_open"] = plan["closed_at"] > NOW or rng.random() < 0.01
    plan["consumed"] = (plan["closed_at"] - reported).total_seconds() - plan["parked"]
    plan["yellow"] = rng.random() < 0.33
    plan["red"] = plan["yellow"] and rng.random() < 0.5
    return plan


_CASE_SAME = {
    "version": 1, "deleted_at": None, "external_no": None, "source": "网格员上报", "urgency": "一般",
    "title": "基准案件", "description": "基准测试案件", "address": None, "lon": None, "lat": None,
    "reporter_name": None, "reporter_phone": None, "reporter_anonymous": False, "limit_amount": 48.0,
    "limit_unit": "小时", "limit_seconds": LIMIT, "status_before_park": None, "yellow_at": None, "red_at": None,
    "parked_light": None, "escalation_level": 0, "urge_count": 0, "created_at": NOW, "updated_at": NOW,
}


def _case_row(plan: dict) -> dict:
    reported = plan["reported_at"]
    due = reported + timedelta(seconds=LIMIT + plan["extension"] + plan["parked"])
    if plan["void"]:
        status, closed, consumed, running, stage = "void", plan["registered_at"], 0.0, None, plan["registered_at"]
    elif plan["stays_open"]:
        status, closed, consumed, running, stage = "handling", None, 0.0, reported, plan["registered_at"]
    else:
        status, closed, running, stage = "closed", plan["closed_at"], None, plan["closed_at"]
        consumed = plan["consumed"]
    return {
        "id": plan["id"], "case_no": plan["no"], "category_id": plan["category_id"], "grid_id": plan["grid_id"],
        "department_id": plan["department_id"], "reported_at": reported, "status": status,
        "extension_seconds": plan["extension"], "consumed_seconds": consumed, "running_since": running,
        "stage_started_at": stage, "due_at": due, "closed_at": closed, "rework_count": int(plan["rework"]),
        "event_count": len(_steps(plan)),
    }


def _steps(plan: dict) -> list[tuple[str, datetime, str]]:
    """(action, at, to_status) of each event after the report."""
    registered = plan["registered_at"]
    if plan["void"]:
        return [("register", registered, "registered"), ("void", registered, "void")]
    steps = [("register", registered, "registered"), ("dispatch", registered, "dispatched"),
             ("accept", registered + timedelta(minutes=30), "handling")]
    if plan["extension"]:
        steps.append(("extend", registered + timedelta(hours=2), "handling"))
    if plan["parked"]:
        park_at = registered + timedelta(hours=3)
        steps += [("park", park_at, "parked"), ("resume", park_at + timedelta(seconds=plan["parked"]), "handling")]
    if plan["stays_open"]:
        return steps
    feedback = plan["feedback_at"]
    steps.append(("feedback", feedback, "feedback"))
    if plan["rework"]:
        steps += [("reject", feedback + timedelta(hours=1), "handling"),
                  ("feedback", feedback + timedelta(hours=2), "feedback")]
    steps.append(("approve", plan["closed_at"], "closed"))
    return steps


def _events(plan: dict):
    yield {"id": uuid7(), "case_id": plan["id"], "seq": 1, "action": "report", "actor": plan["reporter"],
           "at": plan["reported_at"], "from_status": None, "to_status": "reported", "department_id": None}
    status = "reported"
    for seq, (action, at, to_status) in enumerate(_steps(plan), start=2):
        yield {"id": uuid7(), "case_id": plan["id"], "seq": seq, "action": action, "actor": "bench", "at": at,
               "from_status": status, "to_status": to_status,
               "department_id": plan["department_id"] if action == "dispatch" else None}
        status = to_status


def _cards(plan: dict):
    if plan["void"]:
        return
    for color, share in (("yellow", 0.8), ("red", 1.0)):
        if plan[color]:
            yield {"id": uuid7(), "case_id": plan["id"], "color": color, "sweep_key": f"{plan['id']}:{color}",
                   "department_id": plan["department_id"],
                   "issued_at": plan["reported_at"] + timedelta(seconds=LIMIT * share)}
