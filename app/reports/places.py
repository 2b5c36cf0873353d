"""Which community or street a grid lies in, for breakdowns that roll grid counts up."""

from __future__ import annotations

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from db.schema import Region


class Places:
    """The regions by id (as text, like the assessment's keys): name, parent and level."""

    def __init__(self, session: Session):
        self._regions = {rid: (name, parent, level) for rid, name, parent, level in session.execute(
            select(cast(Region.id, String), Region.name, cast(Region.parent_id, String), Region.level))}

    def name(self, region_id: str | None) -> str:
        return self._regions[region_id][0] if region_id in self._regions else ""

    def parent_name(self, region_id: str | None) -> str:
        return self.name(self._regions[region_id][1]) if region_id in self._regions else ""

    def up_to(self, region_id: str | None, level: str) -> str | None:
        """The region of `level` that contains `region_id` (itself if of that level), or None."""
        unit = region_id
        while unit is not None and unit in self._regions and self._regions[unit][2] != level:
            unit = self._regions[unit][1]
        return unit if unit in self._regions else None

    def district_name(self) -> str:
        """The district's name, '本区' when no district region is recorded."""
        names = sorted((name for name, _parent, level in self._regions.values() if level == "district"))
        return names[0] if names else "本区"
