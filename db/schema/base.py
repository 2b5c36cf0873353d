"""Declarative base and the columns every user-edited table shares.

House rules: keys are UUIDv7 made by the client (rows can be created offline and still sort by
creation time), every edited row carries created_at / updated_at, a `version` counter for
optimistic locking (an update that lost a race fails loudly instead of overwriting) and a
`deleted_at` for soft deletion; histories are append-only tables of events.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from db.ids import uuid7
from db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant in UTC (the database never sees naive times)."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Base of every table; constraint names are stable so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Keyed:
    """A UUIDv7 primary key made by the client and the creation time."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Editable(Keyed):
    """Rows users change: optimistic locking through `version` and soft deletion.

    SQLAlchemy adds `WHERE version = :old` to every UPDATE; a lost race raises instead of
    silently overwriting the other writer's change.
    """

    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805 - SQLAlchemy's declared_attr signature
        return {"version_id_col": cls.version}
