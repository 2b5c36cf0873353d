"""The case rules a district configured, read once per unit of work into plain values."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import TimeLimit, TimeUnit
from app.cases.lights import LightPolicy
from db.schema import CaseCategory, Department, LightPolicy as LightPolicyRow, TimeLimitRule


@dataclass(frozen=True, kw_only=True)
class CategoryInfo:
    """A category as the rules need it."""

    id: uuid.UUID
    code: str
    name: str
    parent_id: uuid.UUID | None
    default_department_id: uuid.UUID | None
    policy: LightPolicy


@dataclass(frozen=True, kw_only=True)
class DepartmentInfo:
    id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True)
class CaseRules:
    """Categories, departments and time limits, looked up by id, code or name."""

    categories: dict[uuid.UUID, CategoryInfo]
    departments: dict[uuid.UUID, DepartmentInfo]
    limits: dict[tuple[uuid.UUID, str, str], TimeLimit]
    _by_key: dict[str, CategoryInfo] = field(default_factory=dict)
    _dept_by_key: dict[str, DepartmentInfo] = field(default_factory=dict)

    def __post_init__(self):
        for info in self.categories.values():
            self._by_key[info.code] = info
            self._by_key.setdefault(info.name, info)
        for dept in self.departments.values():
            self._dept_by_key[dept.code] = dept
            self._dept_by_key[dept.name] = dept

    def category(self, key: str) -> CategoryInfo | None:
        """A category by code or name (whitespace ignored)."""
        return self._by_key.get((key or "").strip())

    def department(self, key: str) -> DepartmentInfo | None:
        """A department by code or name."""
        return self._dept_by_key.get((key or "").strip())

    def limit(self, category_id: uuid.UUID, urgency: str, stage: str = "overall") -> TimeLimit | None:
        """The limit for a category, urgency and stage; a second-level category without its own
        limit inherits its parent's."""
        info = self.categories.get(category_id)
        while info is not None:
            found = self.limits.get((info.id, urgency, stage))
            if found is not None:
                return found
            info = self.categories.get(info.parent_id) if info.parent_id else None
        return None


def load_rules(session: Session) -> CaseRules:
    """Read the configured categories, policies, departments and limits."""
    policies = {
        row.id: LightPolicy(code=row.code, kind=row.kind, yellow_ratio=row.yellow_ratio, red_ratio=row.red_ratio)
        for row in session.scalars(select(LightPolicyRow).where(LightPolicyRow.deleted_at.is_(None)))
    }
    default_policy = LightPolicy.warn_before()
    categories = {
        row.id: CategoryInfo(
            id=row.id, code=row.code, name=row.name, parent_id=row.parent_id,
            default_department_id=row.default_department_id,
            policy=policies.get(row.light_policy_id, default_policy),
        )
        for row in session.scalars(select(CaseCategory).where(CaseCategory.deleted_at.is_(None)))
    }
    departments = {
        row.id: DepartmentInfo(id=row.id, code=row.code, name=row.name)
        for row in session.scalars(select(Department).where(Department.deleted_at.is_(None)))
    }
    limits = {
        (row.category_id, row.urgency, row.stage): TimeLimit(amount=row.amount, unit=TimeUnit(row.unit))
        for row in session.scalars(select(TimeLimitRule).where(TimeLimitRule.deleted_at.is_(None)))
    }
    return CaseRules(categories, departments, limits)
