"""What account screens and commands show: plain values, never ORM rows or hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class AccountView:
    login: str
    name: str
    role: str
    role_name: str
    scope: str
    disabled: bool
    locked_until: datetime | None
    failed_attempts: int
    must_change: bool
    changed_at: datetime | None

    def as_dict(self) -> dict:
        return {"login": self.login, "name": self.name, "role": self.role, "role_name": self.role_name,
                "scope": self.scope, "disabled": self.disabled,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "failed_attempts": self.failed_attempts, "must_change": self.must_change}


@dataclass(frozen=True, kw_only=True)
class NewAccount:
    """An account to create: `scope_region` is a region code, `department` a department's name
    (at most one of them; neither means the whole district)."""

    login: str
    name: str
    role: str
    scope_region: str | None = None
    department: str | None = None
