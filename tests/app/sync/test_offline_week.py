"""Conflicts and deletions: a field changed at two desks, a desk a week behind, deleted records.

- The same person's address changed at two desks: the first to sync wins everywhere and the
  other value waits in the conflict list with its three values (base, local, server).
- A desk offline for a week of the center's work catches up in one sync; a record deleted on the
  server (a hard delete → tombstone; a soft delete → deleted_at) stays deleted on the desk, and a
  desk's edit of such a record becomes an `update_delete` conflict without bringing it back.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from app.mediation.drafts import ActionInputs
from db.schema import (Case, CaseEvent, DisputeCaseLink, Person, RentalHouse, RentalTenant, SyncConflict)
from tests.app.mediation.conftest import draft as dispute_draft
from tests.app.sync.helpers import (Desk, assert_converged, case_draft, count, pending, person_values, sync,
                                    sync_all)
from tests.conftest import SettableClock, local

pytestmark = pytest.mark.pg


@pytest.fixture
def clock():
    return SettableClock(local(2026, 12, 1, 9, 0))


def conflicts(database) -> list[SyncConflict]:
    with database.read() as session:
        return list(session.scalars(select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.kind)))


def test_an_address_changed_at_two_desks_is_a_conflict_with_three_values(server, make_replica, clock):
    center = Desk(server, "center", clock)
    person = center.people.add_person(person_values("张三", 1, current_address="海棠路1号"))
    a, b = Desk(make_replica("desk-a"), "desk-a", clock), Desk(make_replica("desk-b"), "desk-b", clock)
    a.people.update_person(person, {"current_address": "海棠路8号"}, a.version(person))
    b.people.update_person(person, {"current_address": "澜湾路9号", "note": "新搬来"}, b.version(person))

    sync(a.database)
    report = sync(b.database)
    sync_all([a.database, b.database])
    assert_converged(server, [a.database, b.database])

    assert report.conflicts == 1
    [conflict] = conflicts(server)
    assert (conflict.kind, conflict.table_name, conflict.row_id, conflict.desk) == ("update_update", "persons",
                                                                                   person, "R2")
    assert conflict.fields == {"current_address": {"base": "海棠路1号", "local": "澜湾路9号", "server": "海棠路8号"}}
    assert conflict.resolved_at is None
    merged = center.people.get_person(person)
    assert (merged.current_address, merged.note) == ("海棠路8号", "新搬来")  # the other field merged
    for replica in (a.database, b.database):  # every desk sees the conflict, with the same values
        assert [(c.id, c.fields) for c in conflicts(replica)] == [(conflict.id, conflict.fields)]


def rental_with_tenant(center: Desk, landlord, tenant):
    building = center.people.ensure_building("海棠小区1号楼")
    room = center.people.ensure_room(building, "101")
    with center.database.write() as session:
        house = RentalHouse(room_id=room, landlord_id=landlord, registration_no="ZL-1")
        session.add(house)
        session.flush()
        row = RentalTenant(rental_id=house.id, person_id=tenant, moved_in=date(2026, 6, 1))
        session.add(row)
        session.flush()
        return row.id


def test_a_desk_offline_for_a_week_catches_up_and_deleted_records_stay_deleted(server, make_replica, clock):
    center = Desk(server, "center", clock)
    landlord = center.people.add_person(person_values("房东", 1))
    tenant = center.people.add_person(person_values("租客", 2))
    leaving = center.people.add_person(person_values("搬走的人", 3, current_address="海棠路3号"))
    linked_case = center.cases.create(case_draft("漏水", 9, 1), actor="grid1").case_no
    dispute_no = center.mediation.register(dispute_draft(), "center").dispute_no
    center.mediation.act(dispute_no, "link_case", actor="center", inputs=ActionInputs(case_no=linked_case))
    tenancy = rental_with_tenant(center, landlord, tenant)
    desk = Desk(make_replica("desk-a"), "desk-a", clock)
    assert count(desk.database, RentalTenant) == 1 and count(desk.database, DisputeCaseLink) == 1

    # a week of the center's work while the desk is offline
    made = []
    for day in range(7):
        for hour in range(8, 18, 2):
            clock.set(local(2026, 12, 1 + day, hour, 0))
            no = center.cases.create(case_draft(f"第{day}天{hour}时", hour, 1 + day), actor="grid1").case_no
            center.cases.act(no, "verify", actor="center")
            if hour % 4 == 0:
                center.cases.act(no, "register", actor="center")
            made.append(no)
        center.people.add_person(person_values(f"新居民{day}", 10 + day))
        center.people.update_person(tenant, {"note": f"第{day}天走访"}, center.version(tenant))
    center.people.delete_person(leaving, center.version(leaving), reason="迁出")
    with server.write() as session:  # the two hard deletes of the program's records
        session.execute(delete(RentalTenant).where(RentalTenant.id == tenancy))
        session.execute(delete(DisputeCaseLink))

    # the desk, still offline, edits what the center deleted meanwhile
    clock.set(local(2026, 12, 8, 9, 0))
    desk.people.update_person(leaving, {"current_address": "海棠路4号"}, desk.version(leaving))
    with desk.database.write() as session:
        session.get(RentalTenant, tenancy).moved_out = date(2026, 12, 5)
    assert pending(desk.database) >= 2

    report = sync(desk.database, now=clock)
    sync(desk.database, now=clock)
    assert_converged(server, [desk.database])

    assert report.pulled >= len(made)
    assert count(desk.database, Case) == len(made) + 1
    assert count(desk.database, CaseEvent) == count(server, CaseEvent)
    assert count(desk.database, RentalTenant) == 0 and count(desk.database, DisputeCaseLink) == 0
    with desk.database.read() as session:
        gone = session.get(Person, leaving)
        assert gone.deleted_at is not None  # still deleted
    found = {(c.kind, c.table_name, c.row_id) for c in conflicts(server)}
    assert found == {("update_delete", "persons", leaving), ("update_delete", "rental_tenants", tenancy)}
    moved_out = next(c for c in conflicts(server) if c.table_name == "rental_tenants").local_row["moved_out"]
    assert moved_out == "2026-12-05"  # what the desk typed is in the conflict list
    assert clock.value - local(2026, 12, 1, 9, 0) >= timedelta(days=7)


def test_a_desk_deletes_a_record(server, make_replica, clock):
    """A desk's hard delete reaches the server and the other desks (tombstone); a delete of a
    record the server changed meanwhile is refused as a conflict and the desk gets the record back."""
    center = Desk(server, "center", clock)
    landlord = center.people.add_person(person_values("房东", 1))
    tenant = center.people.add_person(person_values("租客", 2))
    tenancy = rental_with_tenant(center, landlord, tenant)
    case_no = center.cases.create(case_draft("漏水", 9, 1), actor="grid1").case_no
    dispute_no = center.mediation.register(dispute_draft(), "center").dispute_no
    center.mediation.act(dispute_no, "link_case", actor="center", inputs=ActionInputs(case_no=case_no))
    a, b = Desk(make_replica("desk-a"), "desk-a", clock), Desk(make_replica("desk-b"), "desk-b", clock)

    with a.database.write() as session:  # the desk unlinks and ends the tenancy (hard deletes)
        session.execute(delete(DisputeCaseLink))
        session.execute(delete(RentalTenant).where(RentalTenant.id == tenancy))
    with server.write() as session:  # meanwhile the center recorded the tenant's moving out
        session.get(RentalTenant, tenancy).moved_out = date(2026, 11, 30)

    sync_all([a.database, b.database])
    assert_converged(server, [a.database, b.database])

    assert count(b.database, DisputeCaseLink) == 0  # the delete reached the other desk
    with a.database.read() as session:
        assert session.get(RentalTenant, tenancy).moved_out == date(2026, 11, 30)  # back, as the server has it
    [conflict] = conflicts(server)
    assert (conflict.kind, conflict.table_name, conflict.row_id) == ("update_delete", "rental_tenants", tenancy)
    assert conflict.fields == {"moved_out": {"base": None, "local": None, "server": "2026-11-30"}}
