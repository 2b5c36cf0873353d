"""Configuration a district edits: categories, time limits, light policies, calendar, settings."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable

STAGES = ("overall", "verify", "dispatch", "accept", "handle", "check")


class LightPolicy(Editable, Base):
    """When a case turns yellow and red, as fractions of its time limit.

    warn-before: yellow 0.8, red 1.0; grade-overdue: yellow 1.0 (overdue), red e.g. 3.0.
    """

    __tablename__ = "light_policies"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(16))
    yellow_ratio: Mapped[float] = mapped_column(Float)
    red_ratio: Mapped[float] = mapped_column(Float)


class CaseCategory(Editable, Base):
    """A two-level case category (大类/小类) with its default department and light policy."""

    __tablename__ = "case_categories"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_categories.id"))
    domain: Mapped[str | None] = mapped_column(String(16))
    default_department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    light_policy_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("light_policies.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class TimeLimitRule(Editable, Base):
    """The limit for one category, urgency and stage ('overall' is report-to-close)."""

    __tablename__ = "time_limits"
    __table_args__ = (UniqueConstraint("category_id", "urgency", "stage"),)

    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_categories.id"))
    urgency: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(16))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(8))


class OfficeHoursPeriod(Editable, Base):
    """One opening period of one weekday (0 = Monday), local time 'HH:MM'."""

    __tablename__ = "office_hours"

    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))


class CalendarOverride(Editable, Base):
    """An administrator's decision that a date is a workday or a day off, over the official one."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, unique=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(200))


class Setting(Editable, Base):
    """A named district setting (time zone, case number prefix, …)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(String(500))
