"""The people service: add, change, categorise and visit persons, and read them back.

What the ledger pane and the CLI call. Each public method is one transaction; every change
writes a PersonChange entry ({field: [old, new]}, who, when, from which workstation and
source) in the same transaction, and every person write fills the search columns.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.accounts.scope import person_condition
from app.config.aliases import load_resolver
from app.config.calendar_config import DEFAULT_TIMEZONE
from app.people.categories import CategoryInfo, category_lookup, load_categories
from app.people.errors import PersonConflict, PersonError, PersonNotFound
from app.people.places import Places
from app.people.privacy import Viewer
from app.people.records import ChangeRecord, PersonRecord, VisitRecord, read_history, read_person, read_visits
from app.people.search_keys import search_columns
from app.people.unmapped import UnmappedLabel, list_unmapped, map_unmapped_label
from app.people.validation import PERSON_FIELDS, REFERENCE_FIELDS, clean_person
from app.people.visits import refresh_visit_clocks
from app.people.writes import change_row, clean_category_fields, diff, person_row
from app.scoping import narrowed
from db.engine import Database
from db.ids import uuid7
from db.schema import Building, Household, Person, PersonCategory, PersonChange, Region, Room, Visit

FORM_SOURCE = "表单"
DISTRICT_TZ = ZoneInfo(DEFAULT_TIMEZONE)
_REFERENCE_TABLES = {"household_id": Household, "building_id": Building, "room_id": Room, "grid_id": Region}
#: place labels a caller may give instead of ids; resolved (and created) through Places
PLACE_LABELS = ("grid", "building", "room", "household_no")
VISITOR_MAX = Visit.__table__.c.visitor.type.length


def real_now() -> datetime:
    return datetime.now(timezone.utc)


class PeopleService:
    """Persons on one database, written by `actor` at `workstation`, at the instant `now()`."""

    def __init__(self, database: Database, *, now: Callable[[], datetime] = real_now, actor: str = "system",
                 workstation: str | None = None, principal: Principal = SYSTEM):
        self.database = database
        self.now = now
        self.actor = actor
        self.workstation = workstation
        self.principal = principal

    def today(self) -> date:
        """Today in the district (birth dates and visits may not lie after it)."""
        return self.now().astimezone(DISTRICT_TZ).date()

    # who may do and see what -------------------------------------------------------------------
    def scoped(self, query):
        """`query` over persons narrowed to the acting account's scope (unchanged district-wide)."""
        return narrowed(query, self.principal.scope, person_condition)

    def require(self, code: str, person_id: uuid.UUID | None = None) -> None:
        """Refuse (audited, naming the permission) unless the acting account holds `code`; with
        `person_id`, a person outside the scope is refused as missing first."""
        if person_id is not None and not self.principal.may(code):
            with self.database.read() as session:
                self._live(session, person_id)
        require(self.database, self.principal, code, entity="person", entity_id=person_id)

    def viewer(self) -> Viewer:
        """Who reads through this service: the logged-in principal, or (for the program's own
        SYSTEM jobs and callers that only name a login) the `actor` login's role."""
        return Viewer.acting(self.principal, self.actor, self.workstation)

    # reading -----------------------------------------------------------------------------------
    def categories(self) -> list[CategoryInfo]:
        with self.database.read() as session:
            return load_categories(session)

    def get_person(self, person_id: uuid.UUID) -> PersonRecord:
        with self.database.read() as session:
            self._seen(session, person_id)
            return read_person(session, person_id)

    def find_by_id_number(self, id_number: str) -> uuid.UUID | None:
        """The live person with this (normalised) ID number."""
        with self.database.read() as session:
            return session.scalar(self.scoped(select(Person.id).where(Person.id_number == id_number,
                                                                      Person.deleted_at.is_(None))))

    def history(self, person_id: uuid.UUID) -> list[ChangeRecord]:
        with self.database.read() as session:
            self._seen(session, person_id)
            return read_history(session, person_id)

    def visits(self, person_id: uuid.UUID) -> list[VisitRecord]:
        with self.database.read() as session:
            self._seen(session, person_id)
            return read_visits(session, person_id)

    # writing -----------------------------------------------------------------------------------
    def add_person(self, values: dict, *, categories: dict[str, dict | None] | None = None,
                   source: str = FORM_SOURCE) -> uuid.UUID:
        """Save a new person with their categories ({code or name: own fields}) in one transaction:
        if a category is refused, no person is left behind. `values` holds Person columns and
        optionally place labels (grid code or name, building, room, household_no). Returns the new key."""
        self.require("people.edit")
        now = self.now()
        with self.database.write() as session:
            places = Places(session, now)
            resolved = {**values, **self._resolve_places(session, places, values)}
            clean = clean_person(resolved, today=self.today(), residence_types=load_resolver(session, "residence_type"))
            places.flush()
            self._check_references(session, clean)
            self._check_in_scope(clean)
            self._check_unique_id(session, clean.get("id_number"), None)
            person_id = uuid7()
            session.execute(insert(Person.__table__), [person_row(clean, person_id=person_id, now=now)])
            session.execute(insert(PersonChange.__table__), [self._change(person_id, now, source, {})])
            if categories:
                self._write_categories(session, person_id, categories, now, source)
            return person_id

    def update_person(self, person_id: uuid.UUID, changes: dict, expected_version: int, *,
                      source: str = FORM_SOURCE) -> PersonRecord:
        """Change some of a person's values, if nobody saved the person since `expected_version`."""
        self.require("people.edit", person_id)
        now = self.now()
        with self.database.write() as session:
            person = self._live(session, person_id)
            if person.version != expected_version:
                raise PersonConflict(person.name, expected_version, person.version)
            current = {field: getattr(person, field) for field in PERSON_FIELDS}
            places = Places(session, now)
            merged = {**current, **changes, **self._resolve_places(session, places, changes)}
            clean = clean_person(merged, today=self.today(), residence_types=load_resolver(session, "residence_type"))
            places.flush()
            self._check_references(session, clean)
            self._check_in_scope(clean)
            self._check_unique_id(session, clean.get("id_number"), person_id)
            delta = diff(current, clean)
            if delta:
                self._save(session, person, clean, expected_version, now)
                session.execute(insert(PersonChange.__table__), [self._change(person_id, now, source, delta)])
            return read_person(session, person_id)

    def delete_person(self, person_id: uuid.UUID, expected_version: int, *, reason: str) -> None:
        """Mark a person deleted (moved away, died); the row and history stay, and the person's
        category memberships end with them (no visits are due for someone who left)."""
        self.require("people.edit", person_id)
        now = self.now()
        with self.database.write() as session:
            person = self._live(session, person_id)
            if person.version != expected_version:
                raise PersonConflict(person.name, expected_version, person.version)
            person.deleted_at = now
            session.execute(update(PersonCategory)
                            .where(PersonCategory.person_id == person_id, PersonCategory.deleted_at.is_(None))
                            .values(deleted_at=now).execution_options(synchronize_session=False))
            session.flush()
            session.execute(insert(PersonChange.__table__),
                            [self._change(person_id, now, reason, {"deleted_at": [None, now.isoformat()]})])

    def set_categories(self, person_id: uuid.UUID, categories: dict[str, dict | None], *,
                       source: str = FORM_SOURCE) -> PersonRecord:
        """Make the person's categories exactly `categories` ({code or name: own fields})."""
        self.require("people.edit", person_id)
        now = self.now()
        with self.database.write() as session:
            self._live(session, person_id)
            self._write_categories(session, person_id, categories, now, source)
            return read_person(session, person_id)

    def unmapped_labels(self) -> list[UnmappedLabel]:
        """The category labels imports kept unmapped, with how many persons carry each."""
        with self.database.read() as session:
            return list_unmapped(session)

    def map_label(self, label: str, category: str) -> int:
        """Make `label` an alias of `category` (code or name) and give every person who carries it
        that category, in one transaction; returns how many persons got it (an alias is configuration)."""
        self.require("config.edit")
        with self.database.write() as session:
            return map_unmapped_label(session, label, category, now=self.now(), actor=self.actor,
                                      workstation=self.workstation)

    def add_visit(self, person_id: uuid.UUID, category_code: str | None, visited_on: date, visitor: str,
                  content: str | None = None, findings: str | None = None) -> uuid.UUID:
        """Record a follow-up visit (append-only), for one of the person's categories or in general."""
        self.require("people.visit", person_id)
        visitor = (visitor or "").strip()
        if not visitor:
            raise PersonError("visit", "走访人必须填写")
        if len(visitor) > VISITOR_MAX:
            raise PersonError("visit", f"走访人最多{VISITOR_MAX}个字，现在有{len(visitor)}个字")
        if visited_on > self.today():
            raise PersonError("visit", f"走访日期 {visited_on.isoformat()} 晚于今天")
        with self.database.write() as session:
            self._live(session, person_id)
            category_id = None
            if category_code:
                lookup = category_lookup(load_categories(session))
                if category_code not in lookup:
                    raise PersonError("visit", f"没有“{category_code}”这一人员类别")
                category_id = lookup[category_code].id
                if not session.scalar(select(PersonCategory.id).where(
                        PersonCategory.person_id == person_id, PersonCategory.category_id == category_id,
                        PersonCategory.deleted_at.is_(None))):
                    raise PersonError("visit", f"该人员不属于“{lookup[category_code].name}”，不能按此类别走访")
            visit_id = uuid7()
            session.add(Visit(id=visit_id, created_at=self.now(), person_id=person_id, category_id=category_id,
                              visited_on=visited_on, visitor=visitor, content=content or None,
                              findings=findings or None))
            session.flush()
            refresh_visit_clocks(session, [person_id])
            return visit_id

    # places --------------------------------------------------------------------------------------
    def ensure_household(self, household_no: str, *, address: str | None = None, grid: str | None = None,
                         building: str | None = None, room: str | None = None) -> uuid.UUID:
        """The household with this 户号, created (in the given grid, building and room) if new."""
        self.require("people.edit")
        with self.database.write() as session:
            places = Places(session, self.now())
            ids = self._resolve_places(session, places, {"grid": grid, "building": building, "room": room})
            household_id = places.household(household_no.strip(), address=address, grid_id=ids.get("grid_id"),
                                            room_id=ids.get("room_id"))
            places.flush()
            return household_id

    def ensure_building(self, label: str, *, grid: str | None = None) -> uuid.UUID:
        """The building with this code, or this name in the grid; created if new."""
        self.require("people.edit")
        with self.database.write() as session:
            places = Places(session, self.now())
            building_id = self._resolve_places(session, places, {"grid": grid, "building": label})["building_id"]
            places.flush()
            return building_id

    def ensure_room(self, building_id: uuid.UUID, number: str) -> uuid.UUID:
        """Room `number` of a building; created if new."""
        self.require("people.edit")
        with self.database.write() as session:
            places = Places(session, self.now())
            room_id = places.room(building_id, number.strip())
            places.flush()
            return room_id

    # internals -----------------------------------------------------------------------------------
    def _write_categories(self, session: Session, person_id: uuid.UUID, categories: dict[str, dict | None],
                          now: datetime, source: str) -> None:
        """Make the person's memberships `categories` inside the caller's transaction."""
        lookup = category_lookup(load_categories(session))
        wanted = {}
        for key, fields in categories.items():
            if key not in lookup:
                raise PersonError("categories", f"没有“{key}”这一人员类别")
            category = lookup[key]
            wanted[category.id] = (category, clean_category_fields(category, fields))
        delta = _apply_categories(session, person_id, wanted, now, {c.id: c for c in lookup.values()})
        if delta:
            session.execute(insert(PersonChange.__table__), [self._change(person_id, now, source, delta)])

    def _change(self, person_id, now, source, changes) -> dict:
        return change_row(person_id, at=now, actor=self.actor, workstation=self.workstation, source=source,
                          changes=changes)

    def _live(self, session: Session, person_id: uuid.UUID) -> Person:
        """The live person if the acting account may see it; PersonNotFound otherwise (a person
        outside the scope is missing, not forbidden: the refusal must not tell it exists)."""
        person = session.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise PersonNotFound(person_id)
        self._seen(session, person_id)
        return person

    def _seen(self, session: Session, person_id: uuid.UUID) -> None:
        """PersonNotFound for a person outside the acting account's scope (deleted ones stay readable)."""
        if not self.principal.scope.whole_district and session.scalar(
                self.scoped(select(Person.id).where(Person.id == person_id))) is None:
            raise PersonNotFound(person_id)

    def _check_in_scope(self, clean: dict) -> None:
        """A scoped account keeps the persons it writes inside its own region."""
        problem = self.out_of_scope(clean.get("grid_id"))
        if problem:
            raise PersonError("grid_id", problem)

    def out_of_scope(self, grid_id: uuid.UUID | None) -> str | None:
        """Why a person in `grid_id` may not be written by the acting account (None: it may): the
        grid must be one its scope holds — the rule of app.accounts.scope.person_condition, for a
        row not stored yet."""
        scope = self.principal.scope
        if scope.whole_district or (scope.department_id is None and grid_id in scope.region_ids):
            return None
        return f"不在本账户的管辖范围（{scope.label}）内"

    def hidden_persons(self, session: Session, person_ids) -> set[uuid.UUID]:
        """Those of `person_ids` outside the acting account's scope (none for the whole district)."""
        if self.principal.scope.whole_district or not person_ids:
            return set()
        seen = set(session.scalars(self.scoped(select(Person.id).where(Person.id.in_(list(person_ids))))))
        return set(person_ids) - seen

    @staticmethod
    def _resolve_places(session: Session, places: Places, values: dict) -> dict:
        """Ids for the place labels among `values` (a label wins over an id given with it)."""
        out = {}
        text = {key: str(values[key]).strip() for key in PLACE_LABELS if values.get(key) not in (None, "")}
        if "grid" in text:
            out["grid_id"] = places.grid(text["grid"])
        grid_id = out.get("grid_id", values.get("grid_id"))
        if "building" in text:
            out["building_id"] = places.building(text["building"], grid_id)
        if "room" in text:
            building_id = out.get("building_id", values.get("building_id"))
            if building_id is None:
                raise PersonError("room_id", f"填写了房号“{text['room']}”，但没有楼栋")
            out["room_id"] = places.room(building_id, text["room"])
        if "household_no" in text:
            out["household_id"] = places.household(
                text["household_no"], address=values.get("current_address"), grid_id=grid_id,
                room_id=out.get("room_id", values.get("room_id")))
        return out

    @staticmethod
    def _check_references(session: Session, clean: dict) -> None:
        """Every id given for a place must name an existing row (pending ones were just made)."""
        for field in REFERENCE_FIELDS:
            value = clean.get(field)
            if value is None:
                continue
            table = _REFERENCE_TABLES[field]
            if session.scalar(select(table.id).where(table.id == value)) is None:
                raise PersonError(field, f"不存在（{value}）")

    @staticmethod
    def _check_unique_id(session: Session, id_number: str | None, person_id: uuid.UUID | None) -> None:
        if not id_number:
            return
        other = session.execute(select(Person.id, Person.name).where(Person.id_number == id_number)).first()
        if other is not None and other.id != person_id:
            raise PersonError("id_number", f"身份证号 {id_number} 已登记给“{other.name}”，同一人不能重复登记")

    @staticmethod
    def _save(session: Session, person: Person, clean: dict, expected_version: int, now: datetime) -> None:
        """Write the new values with the search columns, bumping the version only if unchanged."""
        values = {**clean, **search_columns(clean["name"], clean.get("id_number"), clean.get("phone")),
                  "updated_at": now, "version": expected_version + 1}
        try:
            result = session.execute(
                update(Person.__table__).where(Person.id == person.id, Person.version == expected_version)
                .values(**values))
        except IntegrityError:
            raise PersonError("id_number", f"身份证号 {clean.get('id_number')} 已登记给他人") from None
        if result.rowcount != 1:
            raise PersonConflict(person.name, expected_version, expected_version + 1)
        session.expire(person)


def _apply_categories(session: Session, person_id: uuid.UUID, wanted: dict, now: datetime,
                      by_id: dict) -> dict:
    """Add, change and remove memberships so they match `wanted`; the {label: [old, new]} delta."""
    existing = {m.category_id: m for m in session.scalars(
        select(PersonCategory).where(PersonCategory.person_id == person_id))}
    live_before = sorted(by_id[c].name for c, m in existing.items() if m.deleted_at is None and c in by_id)
    delta = {}
    for category_id, (category, fields) in wanted.items():
        membership = existing.get(category_id)
        live = membership is not None and membership.deleted_at is None
        old_fields = dict(membership.fields or {}) if live else {}
        for key in sorted(set(old_fields) | set(fields)):
            if old_fields.get(key) != fields.get(key):
                label = next((f["label"] for f in category.fields if f["key"] == key), key)
                delta[f"{category.name}.{label}"] = [old_fields.get(key), fields.get(key)]
        if membership is None:
            session.add(PersonCategory(person_id=person_id, category_id=category_id, fields=fields))
        elif not live or old_fields != fields:
            membership.fields, membership.deleted_at = fields, None
    for category_id, membership in existing.items():
        if category_id not in wanted and membership.deleted_at is None:
            membership.deleted_at = now
    live_after = sorted(category.name for category, _ in wanted.values())
    if live_after != live_before:
        delta["人员类别"] = [live_before, live_after]
    session.flush()
    refresh_visit_clocks(session, [person_id])
    return delta
