"""Dispute numbers: “（2026）青澜人调字第 12 号”, a sequence per year.

On PostgreSQL an advisory lock serialises numbering between workstations; on SQLite the write
transaction already holds the database lock.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.schema import Dispute

_LOCK = 424243


class DisputeNumberer:
    """Hands out dispute numbers inside one write transaction."""

    def __init__(self, session: Session, area: str):
        self._session = session
        self._area = area
        self._next: dict[int, int] = {}
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))

    def next(self, year: int) -> tuple[str, int]:
        """The next number of `year` and its sequence."""
        if year not in self._next:
            last = self._session.scalar(select(func.max(Dispute.seq)).where(Dispute.year == year))
            self._next[year] = (last or 0) + 1
        seq = self._next[year]
        self._next[year] = seq + 1
        return format_number(year, self._area, seq), seq


def format_number(year: int, area: str, seq: int) -> str:
    return f"（{year}）{area}人调字第{seq}号"
