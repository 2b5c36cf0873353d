"""Dispute numbers: “（2026）青澜人调字第 12 号”, a sequence per year.

On PostgreSQL an advisory lock serialises numbering between workstations; on SQLite the write
transaction already holds the database lock.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.sync.desk import DESK_MARK, desk_code
from db.schema import Dispute

_LOCK = 424243


class DisputeNumberer:
    """Hands out dispute numbers inside one write transaction."""

    def __init__(self, session: Session, area: str):
        self._session = session
        self._area = area
        self._desk = desk_code(session)
        self._next: dict[int, int] = {}
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))

    def next(self, year: int) -> tuple[str, int]:
        """The next number of `year` and its sequence."""
        if year not in self._next:
            series = (Dispute.dispute_no.like(f"%第{self._desk}-%") if self._desk
                      else Dispute.dispute_no.not_like(f"%第{DESK_MARK}%-%"))
            last = self._session.scalar(select(func.max(Dispute.seq)).where(Dispute.year == year, series))
            self._next[year] = (last or 0) + 1
        seq = self._next[year]
        self._next[year] = seq + 1
        return format_number(year, self._area, seq, self._desk), seq


def format_number(year: int, area: str, seq: int, desk: str | None = None) -> str:
    """The number as written on documents; a replica's own series carries its desk code."""
    return f"（{year}）{area}人调字第{desk}-{seq}号" if desk else f"（{year}）{area}人调字第{seq}号"
