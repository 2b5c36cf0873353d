"""Settling sync conflicts (app.sync.conflicts) on a real replica file and the real PostgreSQL
server: the three values, masked personal numbers, each choice's effect on the record and on the
next sync, and the permission."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.errors import PermissionDenied
from app.accounts.principal import SYSTEM
from app.sync.conflict_view import shown
from app.sync.conflicts import ConflictError, ConflictService
from app.sync.state import sync_status
from db.engine import Database
from db.schema import AuditEntry
from tests.sync_world import description, make_replica, sync, update_conflict
from tests.sync_world import server_url  # noqa: F401 - the module's server (a fixture)

pytestmark = pytest.mark.pg


@pytest.fixture
def world(server_url, sqlite_template, tmp_path):
    server = Database(server_url)
    replica = make_replica(sqlite_template, tmp_path, server_url)
    yield server, replica
    replica.dispose()
    server.dispose()


def test_an_update_conflict_lists_its_three_values(world):
    server, replica = world
    case_no = update_conflict(server, replica)
    [view] = [v for v in ConflictService(replica).list() if v.record == case_no]
    assert (view.kind_label, view.table_label) == ("修改冲突", "案件")
    [field] = view.fields
    assert (field.label, field.base, field.local, field.server) == ("事件描述", "原来的描述", "本机写的描述", "中心写的描述")
    assert [v.id for v in ConflictService(server).list() if v.record == case_no] == [view.id]


def test_keeping_the_local_value_writes_it_and_pushes_it(world):
    server, replica = world
    case_no = update_conflict(server, replica)
    [view] = [v for v in ConflictService(replica).list() if v.record == case_no]
    result = ConflictService(replica).resolve(view.id, "local", actor="desk-a")
    assert result.written == ("description",)
    assert description(replica, case_no) == "本机写的描述"
    assert sync_status(replica).pending >= 2  # the record's change and the conflict's resolution
    sync(replica)
    assert description(server, case_no) == "本机写的描述"
    [settled] = [v for v in ConflictService(server).list(open_only=False) if v.id == view.id]
    assert (settled.resolution, settled.resolved_by) == ("local", "desk-a")
    assert view.id not in {v.id for v in ConflictService(server).list()}
    with server.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync_resolve")).all()[-1]
    assert entry.detail["changes"] == {"description": ["中心写的描述", "本机写的描述"]}


def test_keeping_the_server_value_only_marks_it_resolved(world):
    server, replica = world
    case_no = update_conflict(server, replica)
    [view] = [v for v in ConflictService(replica).list() if v.record == case_no]
    ConflictService(replica).resolve(view.id, "server", actor="desk-a")
    assert description(replica, case_no) == "中心写的描述"
    assert view.id not in {v.id for v in ConflictService(replica).list()}
    with pytest.raises(ConflictError, match="已于"):
        ConflictService(replica).resolve(view.id, "local", actor="desk-a")


def test_a_merged_value_is_written_on_the_server_too(world):
    server, replica = world
    case_no = update_conflict(server, replica)
    [view] = [v for v in ConflictService(server).list() if v.record == case_no]
    ConflictService(server).resolve(view.id, "merged", actor="center", merged={"description": "两边合起来"})
    assert description(server, case_no) == "两边合起来"
    sync(replica)
    assert description(replica, case_no) == "两边合起来"
    assert sync_status(replica).conflicts == 0


def test_a_workflow_conflict_can_only_be_acknowledged(world):
    server, replica = world
    from app.cases.service import CaseService
    from tests.sync_world import new_case
    case_no = new_case(server)
    CaseService(server).act(case_no, "verify", actor="d1")
    CaseService(server).act(case_no, "register", actor="d1")
    sync(replica)
    CaseService(replica).act(case_no, "dispatch", actor="desk-a", department="CGJ")
    CaseService(server).act(case_no, "dispatch", actor="center", department="STHJ")
    sync(replica)
    [view] = [v for v in ConflictService(replica).list() if v.record == case_no]
    assert view.kind_label == "流程冲突" and view.fields[0].local.startswith("派遣")
    with pytest.raises(ConflictError, match="只能确认"):
        ConflictService(replica).resolve(view.id, "local", actor="desk-a")
    ConflictService(replica).resolve(view.id, "server", actor="desk-a")
    assert ConflictService(replica).get(view.id).resolution_label == "采用服务器"


def test_resolving_needs_the_permission(world):
    server, replica = world
    case_no = update_conflict(server, replica)
    [view] = [v for v in ConflictService(server).list() if v.record == case_no]
    viewer = SYSTEM.__class__(login="look", name="看看", role="viewer", role_name="只读用户", permissions=frozenset())
    with pytest.raises(PermissionDenied, match="sync.resolve"):
        ConflictService(server, viewer).resolve(view.id, "server", actor="look")


def test_personal_numbers_are_masked_and_a_masked_merge_is_refused():
    assert shown("id_number", "110105199001010022") == "110105********0022"
    assert shown("phone", "13800138000") == "138****8000"


def test_a_desks_edit_of_a_record_the_server_deleted_can_be_kept(world):
    from datetime import datetime, timezone

    from sqlalchemy import update

    from db.schema import Case
    from tests.sync_world import new_case, set_description
    server, replica = world
    case_no = new_case(server, "原来的描述")
    sync(replica)
    with server.write() as session:
        session.execute(update(Case).where(Case.case_no == case_no).values(deleted_at=datetime.now(timezone.utc),
                                                                            version=Case.version + 1))
    set_description(replica, case_no, "删除前本机改的描述")
    sync(replica)
    [view] = [v for v in ConflictService(replica).list() if v.record == case_no]
    assert view.kind_label == "修改与删除冲突" and view.has_local_row
    with pytest.raises(ConflictError, match="不能逐字段合并"):
        ConflictService(replica).resolve(view.id, "merged", actor="desk-a", merged={})
    ConflictService(replica).resolve(view.id, "local", actor="desk-a")
    sync(replica)
    with server.read() as session:
        row = session.execute(select(Case.description, Case.deleted_at).where(Case.case_no == case_no)).one()
    assert row == ("删除前本机改的描述", None)


def test_keeping_the_desks_row_of_a_record_that_is_gone_is_refused_and_the_conflict_stays_open(world):
    import uuid
    from datetime import datetime, timezone

    from db.schema import SyncConflict
    server, _replica = world
    conflict = SyncConflict(kind="duplicate", table_name="persons", row_id=uuid.uuid4(), desk="R9",
                            detected_at=datetime.now(timezone.utc), detail="服务器拒绝了本机的这项修改",
                            local_row={"name": "张三", "id_number": "110105199001010022"})
    with server.write() as session:
        session.add(conflict)
    view = ConflictService(server).get(conflict.id)
    assert (view.kind_label, view.table_label, view.record) == ("重复记录", "人员", "张三")
    with pytest.raises(ConflictError, match="已不存在"):
        ConflictService(server).resolve(conflict.id, "local", actor="center")
    assert ConflictService(server).get(conflict.id).resolved_at is None  # nothing the desk typed is dropped
