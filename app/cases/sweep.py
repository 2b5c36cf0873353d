"""The sweep: file a yellow card once when a case first turns yellow, a red card once at red.

Cards are keyed '<case id>:<colour>' with a unique index and inserted with ON CONFLICT DO
NOTHING, so two workstations sweeping at the same moment still file each card once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.cases.lights import Light, light_at
from app.cases.states import OPEN_STATUSES
from db.ids import uuid7
from db.schema import Case, SupervisionCard, utcnow

SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class SweepResult:
    yellow: int
    red: int


def card_reason(color: str, case_no: str, kind: str) -> str:
    """The text of an automatic card, worded for the policy in force."""
    if kind == "grade_overdue":
        return f"案件 {case_no} 已超过处置时限" if color == "yellow" else f"案件 {case_no} 严重超期，纳入全区督办"
    return f"案件 {case_no} 即将到期，请抓紧处置" if color == "yellow" else f"案件 {case_no} 已超期，纳入全区督办"


def sweep(session: Session, now: datetime, policies_kind: dict) -> SweepResult:
    """File the cards that are due at `now`; return how many of each colour were filed.

    A case found already red gets only the red card: it was never seen yellow.
    """
    open_values = [s.value for s in OPEN_STATUSES]
    candidates = session.execute(
        select(Case.id, Case.case_no, Case.category_id, Case.department_id, Case.yellow_at, Case.red_at,
               Case.parked_light)
        .where(Case.deleted_at.is_(None), Case.status.in_(open_values),
               or_(and_(Case.parked_light.is_(None), Case.yellow_at <= now),
                   Case.parked_light.in_(("yellow", "red"))))
    ).all()
    if not candidates:
        return SweepResult(0, 0)
    keys = set(session.scalars(
        select(SupervisionCard.sweep_key).where(SupervisionCard.case_id.in_([c.id for c in candidates]))
    ))
    rows = []
    for c in candidates:
        light = light_at(is_open=True, parked_light=c.parked_light, yellow_at=c.yellow_at, red_at=c.red_at, now=now)
        if light == Light.RED:
            color = "red"
        elif light == Light.YELLOW and f"{c.id}:red" not in keys:
            color = "yellow"
        else:
            continue
        key = f"{c.id}:{color}"
        if key in keys:
            continue
        rows.append(dict(
            id=uuid7(), created_at=utcnow(), updated_at=utcnow(), version=1, case_id=c.id, color=color,
            origin="sweep", sweep_key=key, reason=card_reason(color, c.case_no, policies_kind.get(c.category_id, "")),
            issuer=SYSTEM_ACTOR, department_id=c.department_id, issued_at=now,
        ))
    filed = _insert_ignoring_duplicates(session, rows)
    return SweepResult(filed.count("yellow"), filed.count("red"))


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> list[str]:
    """Insert the cards another sweep has not filed meanwhile; the colours actually inserted."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = SupervisionCard.__table__
    statement = insert(table).on_conflict_do_nothing(index_elements=["sweep_key"]).returning(table.c.color)
    return list(session.scalars(statement, rows))
