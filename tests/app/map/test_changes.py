"""Reading what changed for the map: only cases updated since the last read, whose version moved."""

from __future__ import annotations

from sqlalchemy import update

from app.cases.drafts import CaseDraft
from app.cases.states import CaseStatus
from app.map.reading import CHANGE_MARGIN, latest_change, read_cases, read_changes
from app.map.situation import CaseSet
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


def _held(service):
    """The map's own cases, as the feed holds them after a first read."""
    cases = CaseSet()
    cases.replace(read_cases(service), service.now())
    return cases


def test_with_a_digest_a_change_and_a_deletion_are_found_without_reading_the_margin(service):
    """The map's digest of the margin matches the database's: the changed and deleted cases still come back."""
    extended, deleted, quiet = (_create(service, t) for t in ("路灯不亮", "井盖缺失", "绿化带垃圾堆积"))
    since = latest_change(service)
    held = _held(service)
    assert read_changes(service, held.version_of, since, held.digest)[:2] == ([], [])
    service.act(extended, "extend", actor="tester", note="需协调多个部门", limit="30工作日")
    with service.database.write() as session:
        session.execute(update(Case).where(Case.case_no == deleted)
                        .values(deleted_at=Case.updated_at, version=Case.version + 1, updated_at=Case.updated_at))
    changed, gone, newest = read_changes(service, held.version_of, since, held.digest)
    assert [case.case_no for case in changed] == [extended]
    assert gone == [deleted]
    assert newest >= since and quiet not in gone


def test_a_write_stamped_inside_the_margin_by_a_lagging_clock_is_found(service):
    """Another writer's clock lags: its change lands before the newest stamp seen, and is read all the same."""
    lagging, quiet = _create(service, "路灯不亮"), _create(service, "井盖缺失")
    since = latest_change(service)
    held = _held(service)
    with service.database.write() as session:
        session.execute(update(Case).where(Case.case_no == lagging)
                        .values(title="路灯不亮（已核实）", version=Case.version + 1,
                                updated_at=since - CHANGE_MARGIN / 2))
    changed, gone, newest = read_changes(service, held.version_of, since, held.digest)
    assert [(case.case_no, case.title) for case in changed] == [(lagging, "路灯不亮（已核实）")]
    assert gone == [] and newest == since


def test_the_digest_counts_only_the_held_cases_stamped_in_the_span(service):
    """Cases outside the span, or skipped, are left out of the count and the version sum."""
    first, second = _create(service, "路灯不亮"), _create(service, "井盖缺失")
    held = _held(service)
    stamps = sorted(case.updated_at for case in held.cases.values())
    span = (stamps[0], stamps[-1] + CHANGE_MARGIN)
    assert held.digest(*span) == (2, 2)
    assert held.digest(*span, skip={first}) == (1, 1)
    assert held.digest(stamps[-1] + CHANGE_MARGIN, stamps[-1] + 2 * CHANGE_MARGIN) == (0, 0)
    assert second in held.cases
