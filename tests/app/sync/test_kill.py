"""A sync killed at each crash point, then synced again: nothing lost, nothing applied twice.

The sync runs in its own Python process with GRIDCC_SYNC_CRASH set (app/sync/crash.py), which
ends it with exit code 77 at that point — no cleanup, the way a power cut or a killed process
leaves things. The next, normal sync must leave every mutation the desk made applied exactly once
on the server (its mutation id in sync_applied, its events once each), the replica equal to the
server row for row, and the replica file intact (PRAGMA integrity_check).

A batch sent twice in one process (BatchApplier called again with the same mutations) changes
nothing the second time.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from app.sync import state
from app.sync.engine import SyncEngine
from app.sync.push import BatchApplier
from app.sync.replica import open_server
from db.schema import Case, CaseEvent, SyncConflict, SyncOutbox, Visit
from tests.app.sync.helpers import (Desk, assert_converged, case_draft, count, integrity_ok, pending, person_values,
                                    snapshot, sync, sync_in_process)
from tests.conftest import SettableClock, local

pytestmark = pytest.mark.pg
POINTS = ["push-before-commit", "push-after-commit", "pull-mid-page", "pull-before-cursor"]


@pytest.fixture
def clock():
    return SettableClock(local(2026, 12, 7, 9, 0))


def outbox_ids(replica) -> list[str]:
    with replica.read() as session:
        return list(session.scalars(select(SyncOutbox.mutation_id).order_by(SyncOutbox.seq)))


def applied(server, ids) -> int:
    with server.read() as session:
        return session.execute(text("SELECT count(*) FROM sync_applied WHERE mutation_id = ANY(:ids)"),
                               {"ids": list(ids)}).scalar()


def cursor(replica) -> str:
    with replica.read() as session:
        return state.read(session, state.CURSOR)


def desk_work(center: Desk, desk: Desk, person):
    """The desk's offline work and the center's meanwhile; returns the desk's new case numbers."""
    clock = desk.cases.now
    clock.set(local(2026, 12, 7, 10, 0))
    made = []
    for n in range(3):
        no = desk.cases.create(case_draft(f"离线上报{n}", 10), actor=desk.name).case_no
        desk.cases.act(no, "verify", actor=desk.name)
        made.append(no)
    desk.cases.act(made[0], "register", actor=desk.name)
    desk.people.update_person(person, {"phone": "13900000009"}, desk.version(person))
    desk.people.add_visit(person, None, date(2026, 12, 7), desk.name, content="离线走访")
    clock.set(local(2026, 12, 8, 9, 0))  # the center's cases are numbered on another day
    for n in range(3):
        center.cases.create(case_draft(f"中心上报{n}", 9, 8), actor="center")
    center.people.update_person(person, {"note": "中心备注"}, center.version(person))
    return made


@pytest.mark.parametrize("point", POINTS)
def test_a_sync_killed_at_a_crash_point_loses_nothing_and_applies_nothing_twice(point, server, make_replica, clock):
    center = Desk(server, "center", clock)
    person = center.people.add_person(person_values("张三", 1, phone="13800000001"))
    desk = Desk(make_replica("desk-a"), "desk-a", clock)
    made = desk_work(center, desk, person)
    ids = outbox_ids(desk.database)
    before_cursor = cursor(desk.database)
    assert len(ids) > 10

    assert sync_in_process(desk.database, crash=point) == 77
    assert integrity_ok(desk.database)
    if point == "push-before-commit":
        assert applied(server, ids) == 0 and outbox_ids(desk.database) == ids
    elif point == "push-after-commit":
        assert applied(server, ids) == len(ids) and outbox_ids(desk.database) == ids
    else:
        assert applied(server, ids) == len(ids) and pending(desk.database) == 0
        assert cursor(desk.database) == before_cursor  # the pull starts again from where it was

    report = sync(desk.database)
    if point == "push-after-commit":
        assert (report.pushed, report.replayed) == (0, len(ids))
    sync(desk.database)

    assert integrity_ok(desk.database)
    assert applied(server, ids) == len(ids)
    assert_converged(server, [desk.database])
    assert count(server, SyncConflict) == 0
    with server.read() as session:
        for no in made:  # each of the desk's events once, in the desk's order
            case_id = session.scalar(select(Case.id).where(Case.case_no == no))
            actions = session.scalars(select(CaseEvent.action).where(CaseEvent.case_id == case_id)
                                      .order_by(CaseEvent.seq)).all()
            assert actions == (["report", "verify", "register"] if no == made[0] else ["report", "verify"])
    assert [center.cases.view(no).status for no in made] == ["registered", "verified", "verified"]
    merged = center.people.get_person(person)
    assert (merged.phone, merged.note) == ("13900000009", "中心备注")
    assert count(server, Visit) == 1
    assert count(server, Case) == 6


def test_a_batch_sent_twice_applies_once(server, make_replica, clock):
    center = Desk(server, "center", clock)
    person = center.people.add_person(person_values("张三", 1, phone="13800000001"))
    desk = Desk(make_replica("desk-a"), "desk-a", clock)
    desk_work(center, desk, person)
    engine = SyncEngine(desk.database, open_server(desk.database))
    mutations = engine._next_batch()

    def push():
        with server.write() as session:
            return BatchApplier(session, replica_id=engine.replica_id, desk=engine.desk, now=clock()).apply(mutations)

    first = push()
    after_first = snapshot(server)
    second = push()
    engine.server.dispose()

    assert (first.applied, first.replayed) == (len(mutations), 0)
    assert (second.applied, second.replayed, second.conflicts) == (0, len(mutations), [])
    assert snapshot(server) == after_first


def test_a_pull_killed_after_some_pages_then_a_desk_edit(server, make_replica, clock, monkeypatch):
    """Pages committed before the crash stay (the cursor does not move); the desk works on what it
    has; the next sync pushes that work and pulls everything again."""
    import functools

    import app.sync.engine as engine_module
    import app.sync.pull as pull_module

    center = Desk(server, "center", clock)
    desk = Desk(make_replica("desk-a"), "desk-a", clock)
    clock.set(local(2026, 12, 7, 10, 0))
    made = [center.cases.create(case_draft(f"中心上报{n}", 10), actor="center").case_no for n in range(12)]
    pages = []

    def crash_on_third_page(name):
        if name == "pull-mid-page":
            pages.append(name)
            if len(pages) == 3:
                raise RuntimeError("killed")

    monkeypatch.setattr(engine_module, "pull", functools.partial(pull_module.pull, page=5))
    monkeypatch.setattr(pull_module, "crash_point", crash_on_third_page)
    with pytest.raises(RuntimeError):
        sync(desk.database)
    monkeypatch.setattr(pull_module, "crash_point", lambda name: None)
    assert integrity_ok(desk.database)
    with desk.database.read() as session:
        here = sorted(session.scalars(select(Case.case_no)))
    assert 0 < len(here) < len(made)  # some pages are in
    desk.cases.act(here[0], "verify", actor="desk-a")

    sync(desk.database)
    sync(desk.database)
    assert_converged(server, [desk.database])
    assert center.cases.view(here[0]).status == "verified"
