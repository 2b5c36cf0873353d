"""A desk's change the server's constraints refuse (an ID number another person already has):
kept whole in a conflict, and the desk gets the server's version back — it does not keep a
record that differs from the server for ever."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.people.search_keys import number_keys
from db.engine import Database
from db.schema import Person, SyncConflict
from tests.sync_world import make_replica, sync
from tests.sync_world import server_url  # noqa: F401 - the module's server (a fixture)

pytestmark = pytest.mark.pg
FIRST, SECOND = "110101199001011237", "110101199202021232"


def test_an_id_number_taken_elsewhere_is_refused_kept_and_undone_at_the_desk(server_url, sqlite_template, tmp_path):
    server = Database(server_url)
    with server.write() as session:
        second = Person(name="乙", id_number=SECOND)
        session.add(second)
        session.flush()
        second_id = second.id
    replica = make_replica(sqlite_template, tmp_path, server_url)
    with server.write() as session:  # registered at the center while the desk is offline
        session.add(Person(name="甲", id_number=FIRST))
    with replica.write() as session:  # the desk gives 乙 the same number meanwhile
        session.execute(update(Person).where(Person.id == second_id)
                        .values(id_number=FIRST, version=Person.version + 1, **number_keys(FIRST, None)))
    report = sync(replica)
    assert report.conflicts == 1
    with server.read() as session:
        conflict = session.scalar(select(SyncConflict).where(SyncConflict.row_id == second_id))
        assert conflict.kind == "duplicate" and conflict.local_row["id_number"] == FIRST
        assert session.scalar(select(Person.id_number).where(Person.id == second_id)) == SECOND
    sync(replica)
    with replica.read() as session:
        assert session.scalar(select(Person.id_number).where(Person.id == second_id)) == SECOND
        assert session.scalar(select(SyncConflict.kind).where(SyncConflict.row_id == second_id)) == "duplicate"
    server.dispose()
    replica.dispose()


def test_a_value_too_long_for_the_server_does_not_block_the_desks_other_changes(server_url, sqlite_template,
                                                                               tmp_path):
    """SQLite keeps an over-long text; the server refuses it: that change becomes a conflict with
    the desk's row and is undone at the desk, and the desk's other change of the batch arrives."""
    from app.cases.service import CaseService
    from db.schema import Case
    from tests.sync_world import new_case

    server = Database(server_url)
    long_one, good_one = new_case(server, "一"), new_case(server, "二")
    replica = make_replica(sqlite_template, tmp_path, server_url, "long")
    with replica.write() as session:
        session.execute(update(Case).where(Case.case_no == long_one).values(external_no="9" * 80,
                                                                            version=Case.version + 1))
        session.execute(update(Case).where(Case.case_no == good_one).values(title="改好的标题",
                                                                            version=Case.version + 1))
    report = sync(replica)
    assert report.conflicts == 1
    assert CaseService(server).view(good_one).title == "改好的标题"
    with server.read() as session:
        conflict = session.scalar(select(SyncConflict).where(SyncConflict.table_name == "cases"))
        assert conflict.kind == "refused" and conflict.local_row["external_no"] == "9" * 80
    sync(replica)
    with replica.read() as session:
        assert session.scalar(select(Case.external_no).where(Case.case_no == long_one)) is None
        assert session.scalar(select(Case.title).where(Case.case_no == good_one)) == "改好的标题"
    assert sync(replica).pushed == 0
    server.dispose()
    replica.dispose()


def test_a_pending_change_of_a_column_an_upgrade_dropped_is_sent_without_it(server_url, sqlite_template, tmp_path):
    """An outbox row captured before an upgrade may name a column the program no longer has: the
    rest of the change is sent, the sync does not stop on it."""
    import json

    from db.schema import SyncOutbox
    from tests.sync_world import new_case

    replica = make_replica(sqlite_template, tmp_path, server_url, "old")
    new_case(replica, "升级前登记")
    with replica.write() as session:
        row = session.scalars(select(SyncOutbox).where(SyncOutbox.table_name == "cases")).first()
        row.new = json.dumps({**json.loads(row.new), "legacy_col": "x"})
    report = sync(replica)
    assert report.pushed == 2 and report.conflicts == 0
    replica.dispose()
