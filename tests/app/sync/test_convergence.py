"""Two and three desks working offline at once converge with the server (issue #15).

Each desk creates and acts on cases, creates persons and edits different fields of the same
person, records visits and works on disputes while offline; after every replica synced twice
round, every pulled table is row for row, column for column the same on every replica and the
server (tests/app/sync/helpers.py says what is compared and why).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.schema import Case, CaseEvent, Person, SyncConflict, Visit
from tests.app.mediation.conftest import draft as dispute_draft
from tests.app.sync.helpers import Desk, assert_converged, case_draft, count, person_values, sync_all
from tests.conftest import SettableClock, local

pytestmark = pytest.mark.pg


@pytest.fixture
def clock():
    return SettableClock(local(2026, 12, 7, 9, 30))


def shared_records(center: Desk):
    """What every desk starts from: a registered case, a person, a dispute."""
    case_no = center.cases.create(case_draft("路边垃圾"), actor="grid1").case_no
    center.cases.act(case_no, "verify", actor="center")
    center.cases.act(case_no, "register", actor="center")
    person = center.people.add_person(person_values("张三", 1, current_address="海棠路1号", phone="13800000001"))
    dispute_no = center.mediation.register(dispute_draft(), "center").dispute_no
    return case_no, person, dispute_no


def test_two_desks_converge(server, make_replica, clock):
    center = Desk(server, "center", clock)
    case_no, person, dispute_no = shared_records(center)
    a, b = Desk(make_replica("desk-a"), "desk-a", clock), Desk(make_replica("desk-b"), "desk-b", clock)

    clock.set(local(2026, 12, 7, 10, 0))
    new_a = a.cases.create(case_draft("桥下垃圾", 10), actor="desk-a").case_no
    a.cases.act(new_a, "verify", actor="desk-a")
    a.cases.act(case_no, "dispatch", actor="desk-a", department="CGJ")
    a.people.update_person(person, {"phone": "13900000002"}, a.version(person))
    a.people.add_visit(person, None, date(2026, 12, 7), "desk-a", content="上门走访")
    a.mediation.act(dispute_no, "notify", actor="desk-a")
    b.people.update_person(person, {"current_address": "海棠路2号"}, b.version(person))
    new_person = b.people.add_person(person_values("李四", 2))
    b.people.add_visit(new_person, None, date(2026, 12, 6), "desk-b")
    b.cases.act(case_no, "dispatch", actor="desk-b", department="STHJ")  # the same step at two desks
    new_dispute = b.mediation.register(dispute_draft(facts="院墙归属"), "desk-b").dispute_no
    b.mediation.act(new_dispute, "notify", actor="desk-b")

    sync_all([a.database, b.database])
    assert_converged(server, [a.database, b.database])

    merged = center.people.get_person(person)
    assert (merged.phone, merged.current_address) == ("13900000002", "海棠路2号")  # both desks' fields kept
    assert center.cases.view(new_a).status == "verified"
    assert center.mediation.view(new_dispute).status == "notified"
    assert center.mediation.view(dispute_no).status == "notified"
    assert count(server, Visit) == 2
    with server.read() as session:
        case_id = session.scalar(select(Case.id).where(Case.case_no == case_no))
        actions = session.scalars(select(CaseEvent.action).where(CaseEvent.case_id == case_id)
                                  .order_by(CaseEvent.seq)).all()
        kinds = session.scalars(select(SyncConflict.kind)).all()
    assert actions.count("dispatch") == 2  # both desks' events kept, the second not applied
    assert kinds == ["workflow"]
    assert center.cases.view(case_no).status == "dispatched"


def test_three_desks_converge(server, make_replica, clock):
    center = Desk(server, "center", clock)
    case_no, person, dispute_no = shared_records(center)
    desks = [Desk(make_replica(f"desk-{n}"), f"desk-{n}", clock) for n in "abc"]
    a, b, c = desks

    made = []
    for n, desk in enumerate(desks):  # each on its own day: case numbers do not depend on the desk code
        clock.set(local(2026, 12, 8 + n, 11, 0))
        no = desk.cases.create(case_draft(f"{desk.name} 上报的垃圾", 11, 8 + n), actor=desk.name).case_no
        desk.cases.act(no, "verify", actor=desk.name)
        made.append(no)
        desk.people.add_visit(person, None, date(2026, 12, 7), desk.name)
        desk.people.add_person(person_values(f"居民{n}", 10 + n))
    a.people.update_person(person, {"phone": "13900000003"}, a.version(person))
    b.people.update_person(person, {"current_address": "海棠路3号"}, b.version(person))
    c.people.update_person(person, {"note": "独居"}, c.version(person))
    a.cases.act(made[0], "register", actor="desk-a")
    c.cases.act(case_no, "dispatch", actor="desk-c", department="CGJ")
    b.mediation.act(dispute_no, "notify", actor="desk-b")
    c.mediation.act(dispute_no, "notify", actor="desk-c")
    center.cases.act(case_no, "urge", actor="center", note="尽快")  # the center works meanwhile

    sync_all([d.database for d in desks])
    assert_converged(server, [d.database for d in desks])

    merged = center.people.get_person(person)
    assert (merged.phone, merged.current_address, merged.note) == ("13900000003", "海棠路3号", "独居")
    assert count(server, Visit) == 3
    assert count(server, Person) == 4
    assert center.cases.view(made[0]).status == "registered"
    assert [center.cases.view(no).status for no in made[1:]] == ["verified", "verified"]
    assert center.cases.view(case_no).status == "dispatched"
    with server.read() as session:
        kinds = sorted(session.scalars(select(SyncConflict.kind)).all())
    assert kinds == ["workflow"]  # the second desk's notify; nothing else disputed


def test_the_same_person_registered_at_two_desks(server, make_replica, clock):
    """A duplicate (one ID number, two desks): the first to sync wins, the second desk's person and
    its visit go to the conflict list and leave that desk's file — every file converges."""
    a, b = Desk(make_replica("desk-a"), "desk-a", clock), Desk(make_replica("desk-b"), "desk-b", clock)
    first = a.people.add_person(person_values("王五", 7, phone="13700000001"))
    second = b.people.add_person(person_values("王五", 7, phone="13700000002"))
    b.people.add_visit(second, None, date(2026, 12, 7), "desk-b")

    sync_all([a.database, b.database])
    assert_converged(server, [a.database, b.database])

    assert center_ids(server) == {first}
    with server.read() as session:
        conflicts = {(c.kind, c.table_name): c for c in session.scalars(select(SyncConflict))}
    assert set(conflicts) == {("duplicate", "persons"), ("refused", "visits")}
    assert conflicts["duplicate", "persons"].local_row["phone"] == "13700000002"  # nothing typed is lost
    assert count(server, Visit) == 0


def center_ids(server) -> set:
    with server.read() as session:
        return set(session.scalars(select(Person.id)))
