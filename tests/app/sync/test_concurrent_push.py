"""Two desks pushing events of the same case at the same moment: every event is kept (the second
push waits for the case's lock and numbers its events after the first's), none is lost as a
"duplicate"."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.cases.service import CaseService
from db.engine import Database
from db.schema import Case, CaseEvent, SyncConflict
from tests.sync_world import make_replica, new_case, sync
from tests.sync_world import server_url  # noqa: F401 - the module's server (a fixture)

pytestmark = pytest.mark.pg


def test_two_desks_syncing_at_once_keep_every_event(server_url, sqlite_template, tmp_path):
    server = Database(server_url)
    case_no = new_case(server)
    for action in ("verify", "register"):
        CaseService(server).act(case_no, action, actor="center")
    desks = [make_replica(sqlite_template, tmp_path, server_url, name) for name in ("a", "b")]
    rounds = 4
    for _ in range(rounds):
        for desk in desks:
            CaseService(desk).act(case_no, "urge", actor="desk")
        threads = [threading.Thread(target=sync, args=(desk,)) for desk in desks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    with server.read() as session:
        case_id = session.scalar(select(Case.id).where(Case.case_no == case_no))
        urges = session.scalar(select(func.count()).select_from(CaseEvent)
                               .where(CaseEvent.case_id == case_id, CaseEvent.action == "urge"))
        assert urges == rounds * len(desks)
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
        assert CaseService(server).view(case_no).status == "registered"
    for desk in (*desks, server):
        desk.dispose()
