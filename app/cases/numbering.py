"""Human-readable case numbers: prefix + local date + 4-digit sequence (SJ202509300001).

An offline replica puts its desk code between the date and the sequence (SJ20250930R30001,
app.sync.desk): its series never meets the server's or another desk's. Each series finds its
last number among numbers of exactly its own length, so the desks' longer numbers never count
as the server's last one.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.sync.desk import desk_code
from db.schema import Case, Setting


class CaseNumberer:
    """Hands out case numbers inside one write transaction.

    On PostgreSQL an advisory lock serialises numbering between workstations; on SQLite the
    write transaction already holds the database lock.
    """

    def __init__(self, session: Session, tz: ZoneInfo):
        self._session = session
        self._tz = tz
        self._prefix = session.scalar(select(Setting.value).where(Setting.key == "case_no_prefix")) or "SJ"
        self._desk = desk_code(session) or ""
        self._next: dict[date, int] = {}
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(424242)"))

    def next(self, reported_at: datetime) -> str:
        """The next free number for the local date of `reported_at`."""
        day = reported_at.astimezone(self._tz).date()
        if day not in self._next:
            stem = f"{self._prefix}{day:%Y%m%d}{self._desk}"
            last = self._session.scalar(select(func.max(Case.case_no)).where(
                Case.case_no.like(stem + "%"), func.length(Case.case_no) == len(stem) + 4))
            self._next[day] = int(last[len(stem):]) + 1 if last else 1
        seq = self._next[day]
        self._next[day] = seq + 1
        return f"{self._prefix}{day:%Y%m%d}{self._desk}{seq:04d}"
