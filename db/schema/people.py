"""The people ledger: 人进户、户进房、房进格.

Persons live in households, households in rooms of buildings, buildings in grids. Population
categories are configuration (seeded from resources/, edited by administrators); a person's
membership of a category carries that category's own fields. Visits and the change history are
append-only.

Search columns: `name_pinyin`/`name_initials` hold the name in pinyin (zhangsan / zs), the
`_alt` pair a second common reading when the name has one (曾乐 zengle / zengyue), and
`id_reversed`/`phone_reversed` hold the ID number and phone written backwards, so "the last
digits" become an indexable prefix search on PostgreSQL.

At rest on a SQLite file (db.sealed): ID numbers, phones and the change history are encrypted,
the reversed columns stay empty, and `id_hash`/`phone_hash` (keyed hashes of the whole value)
and `id_tail`/`id_tail6`/`phone_tail` (of its last four or six digits) are what the file is
searched by; the
unique index on `id_hash` keeps ID numbers unique there. On PostgreSQL those four stay NULL:
the server and row-level security protect the clear columns.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable, Keyed
from db.sealed import ID_TAIL, TAIL, BlindIndex, ClearOnServer, Sealed, SealedJSON, from_column
from db.types import UTCDateTime

RESIDENCE_TYPES = ("户籍", "流动", "人户分离", "境外")


class PopulationCategory(Editable, Base):
    """A kind of person the grid keeps an eye on (社区矫正, 严重精神障碍, 低保, …).

    `fields` lists the category's own fields as [{"key", "label", "type", "choices"?}];
    `visit_every_days` is the follow-up cadence (None: no visits due); `sensitive` marks
    categories that are sensitive personal information and masked like ID numbers.
    """

    __tablename__ = "population_categories"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_every_days: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[list | None] = mapped_column(JSON, default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Building(Editable, Base):
    """A building (楼栋) in a grid."""

    __tablename__ = "buildings"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    floors: Mapped[int | None] = mapped_column(Integer)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)


class Room(Editable, Base):
    """A dwelling in a building (单元-室, e.g. 2-301); `use` is 自住/出租/空置/经营."""

    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("building_id", "number"),)

    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("buildings.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    area_m2: Mapped[float | None] = mapped_column(Float)
    use: Mapped[str | None] = mapped_column(String(10))


class Household(Editable, Base):
    """A household (户); its head is the member whose `relation` is 户主."""

    __tablename__ = "households"

    household_no: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="家庭户")
    address: Mapped[str | None] = mapped_column(String(200))
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)


class Person(Editable, Base):
    """A resident (实有人口). `id_number` is the normalised 18-character 公民身份号码.

    The (initials, pinyin) index lets "zs" list its matches already in name order (pinyin),
    so the search reads the first fifty from the index instead of sorting thousands. The
    alternate readings are NULL for almost everyone: their indexes are partial (non-NULL rows
    only), which also keeps the planners' statistics from judging them useless.
    """

    __tablename__ = "persons"
    __table_args__ = (
        Index("ix_persons_initials_pinyin", "name_initials", "name_pinyin"),
        Index("ix_persons_name_pinyin_alt", "name_pinyin_alt",
              sqlite_where=text("name_pinyin_alt IS NOT NULL"), postgresql_where=text("name_pinyin_alt IS NOT NULL")),
        Index("ix_persons_name_initials_alt", "name_initials_alt",
              sqlite_where=text("name_initials_alt IS NOT NULL"),
              postgresql_where=text("name_initials_alt IS NOT NULL")),
    )

    name: Mapped[str] = mapped_column(String(50), index=True)
    name_pinyin: Mapped[str] = mapped_column(String(120), index=True, default="")
    name_initials: Mapped[str] = mapped_column(String(50), index=True, default="")
    name_pinyin_alt: Mapped[str | None] = mapped_column(String(120))
    name_initials_alt: Mapped[str | None] = mapped_column(String(50))
    id_number: Mapped[str | None] = mapped_column(
        Sealed(18, purpose="id", blind="id_hash", tails=((ID_TAIL, "id_tail6"), (TAIL, "id_tail")),
               clear_reversed="id_reversed"), unique=True)
    id_reversed: Mapped[str | None] = mapped_column(ClearOnServer(18), index=True)
    id_hash: Mapped[bytes | None] = mapped_column(BlindIndex("id"), default=from_column("id_number"), index=True,
                                                  unique=True)
    id_tail: Mapped[bytes | None] = mapped_column(BlindIndex("id4", tail=TAIL), default=from_column("id_number"),
                                                  index=True)
    id_tail6: Mapped[bytes | None] = mapped_column(BlindIndex("id6", tail=ID_TAIL), default=from_column("id_number"),
                                                   index=True)
    sex: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[date | None] = mapped_column(Date, index=True)
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(
        Sealed(32, purpose="phone", blind="phone_hash", tails=((TAIL, "phone_tail"),), clear_reversed="phone_reversed"))
    phone_reversed: Mapped[str | None] = mapped_column(ClearOnServer(32), index=True)
    phone_hash: Mapped[bytes | None] = mapped_column(BlindIndex("phone", digits_only=True),
                                                     default=from_column("phone"), index=True)
    phone_tail: Mapped[bytes | None] = mapped_column(BlindIndex("phone4", tail=TAIL, digits_only=True),
                                                     default=from_column("phone"), index=True)
    registered_address: Mapped[str | None] = mapped_column(String(200))
    current_address: Mapped[str | None] = mapped_column(String(200))
    residence_type: Mapped[str] = mapped_column(String(10), default="户籍", index=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"), index=True)
    relation: Mapped[str | None] = mapped_column(String(20))
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("buildings.id"), index=True)
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class PersonCategory(Editable, Base):
    """A person's membership of a population category, with that category's own fields
    (certificate numbers, guardians' phones, …: encrypted on a SQLite file, db.sealed).

    The visit clock is stored with the membership, kept by `refresh_visit_clocks` in
    app/people/visits.py whenever visits, memberships or a category's cadence change:
    `last_visit_on` is the latest visit that counts (one for its category, or a general one, on
    or after `since`); `visit_due_day` is the last day the next visit is on time, as days since
    2000-01-01 (None: no cadence, or never visited and no `since`). The index on it makes the
    district-wide visits-due list, sorted by due day, an index walk.
    """

    __tablename__ = "person_categories"
    __table_args__ = (
        UniqueConstraint("person_id", "category_id"),
        Index("ix_person_categories_visit_due", "visit_due_day", "category_id", "deleted_at", "until"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("population_categories.id"), index=True)
    fields: Mapped[dict | None] = mapped_column(SealedJSON("membership"), default=None)
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    last_visit_on: Mapped[date | None] = mapped_column(Date)
    visit_due_day: Mapped[int | None] = mapped_column(Integer)


class RentalHouse(Editable, Base):
    """A rented dwelling (出租房): the room, its landlord and the rental registration."""

    __tablename__ = "rental_houses"

    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rooms.id"), unique=True)
    landlord_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"), index=True)
    registration_no: Mapped[str | None] = mapped_column(String(40))
    registered_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class RentalTenant(Keyed, Base):
    """A tenant of a rental house, from moving in to moving out."""

    __tablename__ = "rental_tenants"

    rental_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rental_houses.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    moved_in: Mapped[date | None] = mapped_column(Date)
    moved_out: Mapped[date | None] = mapped_column(Date)


class Visit(Keyed, Base):
    """A follow-up visit (走访) to a person, for a category or in general. Append-only."""

    __tablename__ = "visits"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("population_categories.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    visitor: Mapped[str] = mapped_column(String(64))
    content: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[str | None] = mapped_column(Text)


class PersonChange(Keyed, Base):
    """One change to a person (who, when, which fields from what to what). Append-only.

    `changes` is {field: [old, new]}; `source` says where it came from (form, import FILE, …).
    """

    __tablename__ = "person_changes"

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(200))
    changes: Mapped[dict] = mapped_column(SealedJSON("person-change"))
