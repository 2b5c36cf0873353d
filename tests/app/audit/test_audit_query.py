"""Reading the audit log: filters, newest first, keyset pages, the kinds present, record names."""

from __future__ import annotations

import uuid

import pytest

from app.accounts.errors import PermissionDenied
from app.accounts.service import AccountService
from app.audit.query import AuditFilter
from app.audit.service import AuditService
from app.audit.records import UnknownRecord
from db.schema import AuditEntry
from tests.app.audit.helpers import add_entries, at, principal


@pytest.fixture
def filled(database):
    """Sixty entries by three people over an hour, one record touched by two of them."""
    record = uuid.uuid4()
    specs = []
    for minute in range(60):
        actor = ("zhang", "li", "wang")[minute % 3]
        action = ("login", "reveal", "print")[minute % 4 % 3]
        specs.append((minute, actor, action, "person", record if minute % 10 == 0 else None, {"field": "phone"}))
    add_entries(database, specs)
    return database, record


def _all_pages(service, flt, limit):
    rows, after = [], None
    while True:
        page = service.page(flt, limit=limit, after=after)
        rows.extend(page.rows)
        if page.next is None:
            return rows
        after = page.next


def test_pages_walk_every_entry_newest_first_once(filled):
    """Keyset pages of 7 give all 60 entries, newest first, none twice."""
    database, _ = filled
    rows = _all_pages(AuditService(database), AuditFilter(), 7)
    assert len(rows) == 60
    assert len({r.id for r in rows}) == 60
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)


def test_pages_break_ties_of_the_same_instant(database):
    """Entries of the same instant are neither lost nor repeated across a page boundary."""
    add_entries(database, [(5, "zhang", "login", "account", None, None)] * 9)
    rows = _all_pages(AuditService(database), AuditFilter(), 4)
    assert len({r.id for r in rows}) == 9


def test_filter_by_actor_kind_record_and_time(filled):
    """Each filter narrows to what it names; they combine."""
    database, record = filled
    service = AuditService(database)
    assert {r.actor for r in _all_pages(service, AuditFilter(actor="li"), 50)} == {"li"}
    assert len(_all_pages(service, AuditFilter(actor="li"), 50)) == 20
    assert {r.action for r in _all_pages(service, AuditFilter(action="print"), 50)} == {"print"}
    assert len(_all_pages(service, AuditFilter(entity_id=record), 50)) == 6
    timed = _all_pages(service, AuditFilter(since=at(10), until=at(20)), 50)
    assert len(timed) == 10 and min(r.at for r in timed) == at(10)
    both = _all_pages(service, AuditFilter(actor="zhang", entity_id=record), 50)
    assert {r.actor for r in both} == {"zhang"} and len(both) == 2


def test_rows_carry_chinese_labels_and_detail_text(filled):
    """An entry reads in Chinese: the act, the kind of record, the detail."""
    database, _ = filled
    row = AuditService(database).page(AuditFilter(action="reveal"), limit=1).rows[0]
    assert row.action_label == "查看完整证件号/电话"
    assert row.entity_label == "人员"
    assert row.detail == "字段：电话"
    assert row.workstation == "desk-1"


def test_kinds_lists_the_actions_present(filled):
    """The kinds are the actions in the log, each once, with labels."""
    database, _ = filled
    assert dict(AuditService(database).kinds()) == {"login": "登录", "reveal": "查看完整证件号/电话", "print": "打印"}


def test_unknown_action_shows_as_stored(database):
    """An action the label table lacks is shown by its stored name."""
    add_entries(database, [(1, "zhang", "new_thing", "case", None, None)])
    assert AuditService(database).page().rows[0].action_label == "new_thing"


def test_record_named_by_login(database):
    """A typed login finds its account; rows name the account by login."""
    AccountService(database).create_first_admin("admin1", "管理员", "correct-horse-9", workstation="w")
    audit = AuditService(database)
    staff_id = audit.find_record("admin1")
    assert audit.find_record(" Admin1 ") == staff_id
    rows = audit.page(AuditFilter(entity_id=staff_id)).rows
    assert rows and all(r.record == "admin1" for r in rows)
    with pytest.raises(UnknownRecord):
        audit.find_record("no-such-thing")


def test_reading_needs_audit_view_and_refusal_is_audited(filled):
    """Without audit.view the log is refused and the refusal itself is in the log."""
    database, _ = filled
    with pytest.raises(PermissionDenied, match="audit.view"):
        AuditService(database, principal("nosy", permissions=())).page()
    with database.read() as session:
        assert session.query(AuditEntry).filter_by(actor="nosy", action="denied").count() == 1


def test_detail_names_permissions_and_changes_in_chinese():
    """A refusal names the permission; an edit reads old → new."""
    from app.audit.text import detail_text
    assert detail_text({"permission": "audit.view"}) == "权限：查看与导出审计日志（audit.view）"
    assert detail_text({"changes": {"name": ["张三", "张叁"], "phone": [None, "138****0000"]}}) == \
        "名称：张三 → 张叁；电话：（空） → 138****0000"


def test_record_found_by_case_number_and_named_by_it(service, database, clock):
    """Typing a case number filters to the entries about that case, which show its number."""
    from app.cases.drafts import CaseDraft
    from db.schema import Case
    case_no = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾", reported_at=clock()),
                             actor="grid1").case_no
    with database.read() as session:
        case_id = session.query(Case.id).filter_by(case_no=case_no).scalar()
    add_entries(database, [(1, "zhang", "print", "case", case_id, None), (2, "li", "print", "case", uuid.uuid4(), None)])
    audit = AuditService(database)
    rows = audit.page(audit.filter_for(record=case_no)).rows
    assert [(r.actor, r.record, r.entity_label) for r in rows] == [("zhang", case_no, "案件")]
