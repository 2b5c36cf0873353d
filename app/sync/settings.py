"""What the desktop asks of a replica besides syncing: its log, its interval, whether a file may
become one, and whether a database takes part in sync at all.

The rules stay where they are (app.sync.replica decides what file may become a replica,
app.sync.state holds the settings); this module only gives the screens one-line answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect, select, text

from app.sync import state
from app.sync.errors import SyncError
from db.engine import Database
from db.schema import SyncLogEntry

OUTCOME_LABELS = {"ok": "成功", "offline": "离线", "failed": "失败"}
MIN_INTERVAL_S, MAX_INTERVAL_S = 10, 3600


@dataclass(frozen=True)
class LogLine:
    """One sync as the sync log lists it."""

    at: datetime
    outcome: str
    outcome_label: str
    pushed: int
    pulled: int
    conflicts: int
    seconds: float | None
    message: str


def sync_log(database: Database, limit: int = 500) -> list[LogLine]:
    """The replica's syncs, newest first (empty for a database that is not a replica)."""
    if not state.is_replica(database):
        return []
    with database.read() as session:
        rows = session.scalars(select(SyncLogEntry).order_by(SyncLogEntry.at.desc(), SyncLogEntry.id.desc())
                               .limit(limit)).all()
        return [LogLine(r.at, r.outcome, OUTCOME_LABELS.get(r.outcome, r.outcome), r.pushed or 0, r.pulled or 0,
                        r.conflicts or 0, r.seconds, r.message or "") for r in rows]


def set_interval(database: Database, seconds: int) -> int:
    """Save how often the desktop syncs on its own (seconds, within bounds); returns the value kept."""
    if not MIN_INTERVAL_S <= int(seconds) <= MAX_INTERVAL_S:
        raise ValueError(f"同步间隔须在 {MIN_INTERVAL_S} 到 {MAX_INTERVAL_S} 秒之间")
    with database.write() as session:
        state.write(session, state.INTERVAL, str(int(seconds)))
    return int(seconds)


def replica_refusal(database: Database) -> str | None:
    """Why this file cannot become a replica (init_replica's own one line), or None when it can."""
    from app.sync.replica import check_local  # the rule is replica.py's; asked before offering the button

    try:
        check_local(database)
    except SyncError as exc:
        return str(exc)
    return None


def takes_part(database: Database) -> bool:
    """True for a replica, and for a server some desk was registered with (its conflicts matter)."""
    if database.kind == "sqlite":
        return state.is_replica(database)
    with database.read() as session:
        if not inspect(session.connection()).has_table("sync_replicas"):
            return False
        return bool(session.scalar(text("SELECT EXISTS (SELECT 1 FROM sync_replicas)")))
