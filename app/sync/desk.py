"""The desk code of a replica (R1, R2 …), which the numbers it hands out offline carry.

Two desks working offline cannot ask each other for the next case number, so a replica numbers
its cases and disputes in a series of its own: SJ20261207R30001 is desk R3's first case of that
day, （2026）青澜人调字第R3-5号 its fifth dispute of the year. The server and the other desks never
hand out numbers of that series, so no two records get the same number; the series stays the
record's number after the sync.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.schema import SyncState

DESK_KEY = "desk_code"
#: the letter every desk code starts with (R1, R2 …)
DESK_MARK = "R"


def desk_code(session: Session) -> str | None:
    """This database's desk code (None on the server and on a plain local file)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    return session.scalar(select(SyncState.value).where(SyncState.key == DESK_KEY))
