"""The configuration revision: how every workstation learns that the district's rules changed.

Services keep the rules and the working calendar (categories, light policies, departments, time
limits, office hours, day overrides, time zone) in memory, because nearly every read needs them.
Whoever changes any of that calls `bump_config_revision(session)` in the same transaction, which
adds one to a counter in the settings table. The commit reaches the other workstations through
the ordinary change notifications (PostgreSQL NOTIFY, SQLite's data_version); each of them then
compares the counter with the one its cache was read under (`ConfigCache.refresh`, one indexed
row) and reads the configuration again only when it moved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Generic, TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.engine import Database
from db.schema import Setting

CONFIG_REVISION_KEY = "config_revision"

T = TypeVar("T")


def read_config_revision(session: Session) -> int:
    """The configuration revision stored (0 before the first change)."""
    return session.scalar(select(Setting.version).where(Setting.key == CONFIG_REVISION_KEY)) or 0


def bump_config_revision(session: Session) -> None:
    """Move the revision on, inside the transaction that changes the configuration.

    One atomic UPDATE, so two administrators saving at once both count; the row is created
    the first time (a concurrent first creation falls back to the update).
    """
    stamp = datetime.now(timezone.utc)
    if _increment(session, stamp):
        return
    try:
        with session.begin_nested():
            session.add(Setting(key=CONFIG_REVISION_KEY, value=stamp.isoformat(), version=1))
    except IntegrityError:
        _increment(session, stamp)


def _increment(session: Session, stamp: datetime) -> bool:
    result = session.execute(
        update(Setting).where(Setting.key == CONFIG_REVISION_KEY)
        .values(version=Setting.version + 1, value=stamp.isoformat(), updated_at=stamp)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0


class ConfigCache(Generic[T]):
    """A value read from the configuration, kept until the configuration revision moves.

    `get` never touches the database once the value is held (the GUI calls it on the UI thread);
    `refresh` and `fresh` compare the revision first and read the value again only when it moved.
    """

    def __init__(self, load: Callable[[Session], T]):
        self._load = load
        self._held: tuple[int, T] | None = None

    def get(self, database: Database) -> T:
        """The value held, read on first use."""
        held = self._held
        if held is None:
            with database.read() as session:
                return self.fresh(session)
        return held[1]

    def fresh(self, session: Session) -> T:
        """The value as of `session`'s view of the revision (read again if it moved)."""
        revision = read_config_revision(session)
        held = self._held
        if held is not None and held[0] == revision:
            return held[1]
        value = self._load(session)
        self._held = (revision, value)
        return value

    def refresh(self, database: Database) -> bool:
        """Check the revision (and reload if it moved); True when a new value was read."""
        before = self._held
        with database.read() as session:
            self.fresh(session)
        return self._held is not before

    def forget(self) -> None:
        """Drop the value; the next `get` reads it again."""
        self._held = None
