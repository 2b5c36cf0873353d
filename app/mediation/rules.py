"""The docket's configuration read from the database into plain values, once per service.

Dispute types of both lists (with the 综治 → 司法部 mapping), time-limit rules, the file
checklist, risk flags, committees, and the settings (screening cadence, numbering, the
重大疑难 thresholds).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.lights import LightPolicy
from app.imports.cell_parsers import to_halfwidth
from db.schema import DisputeType, MediationCommittee, MediationFileItem, MediationLimit, RiskFlag, Setting


@dataclass(frozen=True, kw_only=True)
class TypeInfo:
    id: uuid.UUID
    code: str
    name: str
    scheme: str
    maps_to: str | None


@dataclass(frozen=True, kw_only=True)
class LimitRule:
    """A time limit (amount and unit: 月, 天 or 工作日) with its light policy and starting event."""

    code: str
    name: str
    amount: float
    unit: str
    starts: str
    policy: LightPolicy

    @property
    def text(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{amount}{'个月' if self.unit == '月' else self.unit}"


@dataclass(frozen=True, kw_only=True)
class FileItem:
    code: str
    name: str
    required_when: tuple[str, ...]
    satisfied_by: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class FlagInfo:
    code: str
    name: str
    color: str
    alert: bool
    stat_key: str | None


@dataclass(frozen=True, kw_only=True)
class CommitteeInfo:
    id: uuid.UUID
    code: str
    name: str
    level: int
    region_id: uuid.UUID | None


@dataclass(frozen=True, kw_only=True)
class MediationRules:
    """Everything configurable about the docket, as read at one moment."""

    types: dict[uuid.UUID, TypeInfo]
    limits: dict[str, LimitRule]
    file_items: tuple[FileItem, ...]
    flags: dict[str, FlagInfo]
    committees: dict[uuid.UUID, CommitteeInfo]
    settings: dict[str, str]

    def type(self, text: str) -> TypeInfo | None:
        """A type by code or name of either list ('劳资纠纷', 'ZZ13', '劳动争议', '10'), or None."""
        wanted = to_halfwidth(str(text)).strip()
        for info in self.types.values():
            if wanted in (info.code, info.name):
                return info
        trimmed = wanted.removesuffix("纠纷")
        return next((i for i in self.types.values() if trimmed and i.name.removesuffix("纠纷") == trimmed), None)

    def statistics_type(self, type_id: uuid.UUID) -> TypeInfo:
        """The 司法部 type a type is counted under (itself for a 司法部 type)."""
        info = self.types[type_id]
        if info.scheme == "sfb":
            return info
        return next(t for t in self.types.values() if t.scheme == "sfb" and t.code == info.maps_to)

    def sfb_types(self) -> list[TypeInfo]:
        return [t for t in self.types.values() if t.scheme == "sfb"]

    def flag(self, text: str) -> FlagInfo | None:
        wanted = str(text).strip()
        return next((f for f in self.flags.values() if wanted in (f.code, f.name)), None)

    def committee(self, text: str) -> CommitteeInfo | None:
        wanted = str(text).strip()
        return next((c for c in self.committees.values() if wanted in (c.code, c.name)), None)

    def setting(self, key: str, default: str) -> str:
        return self.settings.get(key, default)


def load_mediation_rules(session: Session) -> MediationRules:
    """Read the live (not deleted) docket configuration."""
    types = {row.id: TypeInfo(id=row.id, code=row.code, name=row.name, scheme=row.scheme, maps_to=row.maps_to)
             for row in session.scalars(select(DisputeType).where(DisputeType.deleted_at.is_(None))
                                        .order_by(DisputeType.scheme, DisputeType.sort_order))}
    limits = {row.code: LimitRule(
        code=row.code, name=row.name, amount=row.amount, unit=row.unit, starts=row.starts,
        policy=LightPolicy(code=row.code, kind="warn_before" if row.yellow_ratio < 1 else "grade_overdue",
                           yellow_ratio=row.yellow_ratio, red_ratio=row.red_ratio))
        for row in session.scalars(select(MediationLimit).where(MediationLimit.deleted_at.is_(None)))}
    items = tuple(FileItem(code=row.code, name=row.name, required_when=tuple(row.required_when),
                           satisfied_by=tuple(row.satisfied_by))
                  for row in session.scalars(select(MediationFileItem).where(MediationFileItem.deleted_at.is_(None))
                                             .order_by(MediationFileItem.sort_order)))
    flags = {row.code: FlagInfo(code=row.code, name=row.name, color=row.color, alert=row.alert, stat_key=row.stat_key)
             for row in session.scalars(select(RiskFlag).where(RiskFlag.deleted_at.is_(None))
                                        .order_by(RiskFlag.sort_order))}
    committees = {row.id: CommitteeInfo(id=row.id, code=row.code, name=row.name, level=row.level,
                                        region_id=row.region_id)
                  for row in session.scalars(select(MediationCommittee)
                                             .where(MediationCommittee.deleted_at.is_(None)))}
    settings = {key: value for key, value in session.execute(select(Setting.key, Setting.value))}
    return MediationRules(types=types, limits=limits, file_items=items, flags=flags, committees=committees,
                          settings=settings)
