"""Loading the default taxonomy from resources/ into an empty database.

The files are the starting point; after seeding, the database is the truth and an
administrator edits it there.
"""

from __future__ import annotations

import json
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calendar import parse_time_limit
from app.calendar.office_hours import OfficeHours
from app.config.calendar_config import DEFAULT_TIMEZONE
from app.config.revision import bump_config_revision
from db.schema import (
    CaseCategory, Department, LightPolicy, OfficeHoursPeriod, Setting, TimeLimitRule,
)

DEFAULT_SETTINGS = {"timezone": DEFAULT_TIMEZONE, "case_no_prefix": "SJ"}


def _taxonomy_file(name: str) -> dict:
    text = resources.files("resources.taxonomy").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def is_seeded(session: Session) -> bool:
    """True when the database already has its categories."""
    return bool(session.scalar(select(func.count()).select_from(CaseCategory)))


def seed_defaults(session: Session) -> bool:
    """Fill an unconfigured database with the default taxonomy, office hours and settings.

    Returns False (and touches nothing) when the database is already configured.
    """
    if is_seeded(session):
        return False
    departments = _seed_departments(session, _taxonomy_file("departments.json")["departments"])
    taxonomy = _taxonomy_file("categories.json")
    policies = _seed_policies(session, taxonomy["policies"])
    for order, group in enumerate(taxonomy["categories"]):
        parent = CaseCategory(code=group["code"], name=group["name"], domain=group.get("domain"), sort_order=order)
        session.add(parent)
        session.flush()
        for child_order, child in enumerate(group["children"]):
            _seed_category(session, child, parent, departments, policies, child_order)
    _seed_office_hours(session)
    for key, value in DEFAULT_SETTINGS.items():
        session.add(Setting(key=key, value=value))
    session.flush()
    bump_config_revision(session)
    return True


def _seed_departments(session: Session, rows: list[dict]) -> dict[str, Department]:
    departments = {}
    for row in rows:
        dept = Department(code=row["code"], name=row["name"], kind=row.get("kind", "department"))
        session.add(dept)
        departments[row["code"]] = dept
    session.flush()
    return departments


def _seed_policies(session: Session, rows: list[dict]) -> dict[str, LightPolicy]:
    policies = {}
    for row in rows:
        policy = LightPolicy(
            code=row["code"], name=row["name"], kind=row["kind"],
            yellow_ratio=row["yellow_ratio"], red_ratio=row["red_ratio"],
        )
        session.add(policy)
        policies[row["code"]] = policy
    session.flush()
    return policies


def _seed_category(session, row, parent, departments, policies, order) -> None:
    category = CaseCategory(
        code=row["code"], name=row["name"], parent_id=parent.id, domain=parent.domain,
        default_department_id=departments[row["department"]].id,
        light_policy_id=policies[row.get("policy", "warn_before")].id, sort_order=order,
    )
    session.add(category)
    session.flush()
    for urgency, stages in row["limits"].items():
        for stage, text in stages.items():
            limit = parse_time_limit(text)
            session.add(TimeLimitRule(
                category_id=category.id, urgency=urgency, stage=stage,
                amount=limit.amount, unit=limit.unit.value,
            ))


def _seed_office_hours(session: Session) -> None:
    hours = OfficeHours.default()
    for weekday in range(7):
        for start, end in hours.periods_for(weekday):
            session.add(OfficeHoursPeriod(weekday=weekday, start=start.strftime("%H:%M"), end=end.strftime("%H:%M")))
