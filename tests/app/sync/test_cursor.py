"""The pull cursor never passes a transaction that commits late.

T1 writes a row and stays open; T2 writes another row and commits; the desk syncs and gets T2's
row only (T1's is not committed). Then T1 commits: the next sync must bring T1's row, although a
later transaction already committed and was pulled (a cursor at "the newest row seen" would skip
it for ever).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.ids import uuid7
from db.schema import Region
from tests.app.sync.helpers import assert_converged, sync

pytestmark = pytest.mark.pg


def region(code: str) -> dict:
    return {"id": uuid7(), "code": code, "name": f"网格{code[-3:]}", "level": "grid"}


def codes(database) -> set[str]:
    with database.read() as session:
        return set(session.scalars(select(Region.code).where(Region.code.like("379%"))))


def test_a_transaction_that_commits_late_is_pulled_next_time(server, make_replica):
    desk = make_replica("desk-a")
    table = Region.__table__
    with server.engine.connect() as t1, server.engine.connect() as t2:
        t1.execute(table.insert(), [region("379000000000001")])  # T1 has its transaction id, stays open
        t2.execute(table.insert(), [region("379000000000002")])
        t2.commit()
        sync(desk)
        assert codes(desk) == {"379000000000002"}
        t1.commit()
    sync(desk)
    assert codes(desk) == {"379000000000001", "379000000000002"}
    assert_converged(server, [desk])


def test_an_update_that_commits_late_is_pulled_next_time(server, make_replica):
    """The same for a change to an existing row (its sync_xid set by the update trigger)."""
    table = Region.__table__
    rows = [region("379000000000003"), region("379000000000004")]
    with server.engine.begin() as conn:
        conn.execute(table.insert(), rows)
    desk = make_replica("desk-a")
    with server.engine.connect() as t1, server.engine.connect() as t2:
        t1.execute(table.update().where(table.c.id == rows[0]["id"]).values(name="晚提交"))
        t2.execute(table.update().where(table.c.id == rows[1]["id"]).values(name="先提交"))
        t2.commit()
        sync(desk)
        t1.commit()
    sync(desk)
    with desk.read() as session:
        names = dict(session.execute(select(Region.code, Region.name).where(Region.code.like("379%"))).all())
    assert names == {"379000000000003": "晚提交", "379000000000004": "先提交"}
    assert_converged(server, [desk])
