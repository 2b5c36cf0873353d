"""Whether the demo database holds a finished demo, and emptying one that does not.

The whole demo is written in one transaction whose last row is the completion mark (a setting),
so a build killed at any moment leaves either nothing or everything. A database with demo data
but no mark was left by a build of an earlier version, which committed the district, the cases
and the residents one after another: if its residents are there it finished (the residents came
last), otherwise the build was interrupted and the data is cleared for a new build.
"""

from __future__ import annotations

import uuid
from enum import Enum

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from db.schema import CONFIGURATION_TABLES, Base, Case, Person, Region, Setting

DEMO_MARK_KEY = "demo_built_at"

#: The taxonomy and settings a database is seeded with: clearing a broken demo keeps them.


class DemoState(Enum):
    EMPTY = "empty"
    COMPLETE = "complete"
    INTERRUPTED = "interrupted"


def demo_state(session: Session) -> DemoState:
    """EMPTY (no district, no case), COMPLETE (marked, or an earlier version's finished build)
    or INTERRUPTED."""
    has_regions = session.scalar(select(exists().where(Region.id.is_not(None))))
    has_cases = session.scalar(select(exists().where(Case.id.is_not(None))))
    if not has_regions and not has_cases:
        return DemoState.EMPTY
    mark = session.scalar(select(Setting.value).where(Setting.key == DEMO_MARK_KEY))
    if mark is not None and session.scalar(select(exists().where(Region.id == _uuid_or_none(mark)))):
        return DemoState.COMPLETE
    if session.scalar(select(exists().where(Person.id.is_not(None)))):
        return DemoState.COMPLETE
    return DemoState.INTERRUPTED


def mark_complete(session: Session, district_id: uuid.UUID) -> None:
    """Write the completion mark, naming the demo's district so that a mark outliving its data
    (the data deleted, the settings kept) never vouches for other rows; the last row of the
    demo's transaction."""
    session.execute(delete(Setting).where(Setting.key == DEMO_MARK_KEY))
    session.add(Setting(key=DEMO_MARK_KEY, value=str(district_id)))


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def clear_demo_data(session: Session) -> None:
    """Delete every row but the seeded configuration, children before parents."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in CONFIGURATION_TABLES:
            session.execute(table.delete())
