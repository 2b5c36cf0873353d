"""Who is acting: the logged-in account, what its role may do, and what it may see.

Every service that checks a permission or narrows a read to a scope is given a Principal; the
command line and the desktop make one at login (app/accounts/service.py). `SYSTEM` is the
program itself — migrations, seeding, the demo builder, scheduled sweeps — and may do
everything; no person ever logs in as it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.accounts.permissions import ALL_CODES


@dataclass(frozen=True)
class Scope:
    """What an account sees: a region and everything under it, or one department's cases, or
    (neither) the whole district. `region_ids` holds the region and all its descendants."""

    region_id: uuid.UUID | None = None
    region_name: str | None = None
    region_level: str | None = None
    region_ids: frozenset[uuid.UUID] = frozenset()
    department_id: uuid.UUID | None = None
    department_name: str | None = None

    @property
    def whole_district(self) -> bool:
        return self.department_id is None and (self.region_id is None or self.region_level == "district")

    @property
    def label(self) -> str:
        """How the scope is shown: 全区, the region's name, or the department's."""
        if self.department_id is not None:
            return self.department_name or ""
        if self.region_id is None:
            return "全区"
        return self.region_name or ""


WHOLE_DISTRICT = Scope()


@dataclass(frozen=True)
class Principal:
    """An authenticated account (or the program itself) as services see it."""

    login: str
    name: str
    role: str
    role_name: str
    permissions: frozenset[str]
    scope: Scope = WHOLE_DISTRICT
    workstation: str | None = None
    must_change_password: bool = field(default=False, compare=False)

    def may(self, code: str) -> bool:
        """True when this account's role holds the permission `code`."""
        return code in self.permissions


SYSTEM = Principal(login="system", name="系统", role="system", role_name="系统", permissions=ALL_CODES)
