"""Reading what changed for the map: only cases updated since the last read, whose version moved."""

from __future__ import annotations

from sqlalchemy import update

from app.cases.drafts import CaseDraft
from app.cases.states import CaseStatus
from app.map.reading import CHANGE_MARGIN, latest_change, read_cases, read_changes
from db.schema import Case


def _create(service, text: str) -> str:
    draft = CaseDraft(source="12345热线", category="0101", description=text, reported_at=service.now(),
                      lon=120.005, lat=36.005, status=CaseStatus.REGISTERED)
    return service.create(draft, "tester").case_no


def test_a_change_reads_only_the_changed_case_and_reports_deleted_ones(service):
    """One case extended and one deleted: the read returns exactly those, and moves its start on."""
    extended, deleted, quiet = (_create(service, t) for t in ("路灯不亮", "井盖缺失", "绿化带垃圾堆积"))
    since = latest_change(service)
    known = {case.case_no: case.version for case in read_cases(service)}
    assert read_changes(service, known.get, since)[:2] == ([], [])
    service.act(extended, "extend", actor="tester", note="需协调多个部门", limit="30工作日")
    with service.database.write() as session:
        session.execute(update(Case).where(Case.case_no == deleted)
                        .values(deleted_at=Case.updated_at, version=Case.version + 1, updated_at=Case.updated_at))
    changed, gone, newest = read_changes(service, known.get, since)
    assert [case.case_no for case in changed] == [extended]
    assert gone == [deleted]
    assert newest >= since and quiet not in gone


def test_rows_older_than_the_margin_are_not_read_again(service):
    """A case last updated well before the newest change seen is not even looked at."""
    old = _create(service, "路灯不亮")
    since = latest_change(service)
    with service.database.write() as session:
        session.execute(update(Case).where(Case.case_no == old)
                        .values(updated_at=since - 2 * CHANGE_MARGIN, version=Case.version + 1))
    changed, gone, _ = read_changes(service, lambda no: 1, since)
    assert changed == [] and gone == []
    assert [case.case_no for case in read_changes(service, lambda no: 1, None)[0]] == [old]
