"""Accounts: who may log in, with which role, and the permissions each role holds.

A login is a staff member (`staff.login`) with a row in `account_secrets`. The secret is apart
from `staff` so that on PostgreSQL the application roles can read the staff list but never a
password hash (the table is granted to the owner role only).

Roles and their permissions are data: `roles` lists them, `role_permissions` grants a permission
code (app/accounts/permissions.py names every code) to a role. An administrator edits the grants;
the program seeds the built-in roles and their default grants once (app/accounts/seed.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable, Keyed
from db.types import UTCDateTime


class Role(Editable, Base):
    """An application role (派遣员, 值班长 …); `code` is what `staff.role` holds."""

    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(50))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class RolePermission(Keyed, Base):
    """One permission granted to one role (a grant is removed by deleting its row)."""

    __tablename__ = "role_permissions"
    __table_args__ = (UniqueConstraint("role_code", "permission", name="uq_role_permissions_role_permission"),)

    role_code: Mapped[str] = mapped_column(String(32), index=True)
    permission: Mapped[str] = mapped_column(String(48))


class AccountSecret(Base):
    """The password hash (argon2) and the lockout counters of one account."""

    __tablename__ = "account_secrets"

    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)
