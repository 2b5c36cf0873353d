"""Retention of reporters' phones: only cases closed more than N months ago lose the phone, in
batches, with one audit entry per run carrying the count and no phone."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.accounts.errors import PermissionDenied
from app.audit.query import AuditFilter
from app.audit.service import AuditService
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.retention import (
    DEFAULT_MONTHS, SETTINGS_KEY, clear_old_phones, months_before, retention_months, set_retention_months,
)
from tests.app.audit.helpers import forget_settings, principal
from tests.conftest import local

PHONE = "13800138000"


def closed_case(service, clock, closed_at) -> str:
    """A case reported with a phone and closed at `closed_at`."""
    clock.set(closed_at)
    case_no = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                       reported_at=closed_at, reporter_name="王", reporter_phone=PHONE),
                             actor="grid1").case_no
    for action in ("verify", "register", "dispatch", "accept", "feedback", "approve"):
        service.act(case_no, action, actor="disp1")
    return case_no


def phone(service, case_no):
    return service.get(case_no).reporter_phone


@pytest.fixture
def restored(database):
    """The database, the retention setting forgotten afterwards (PostgreSQL keeps settings)."""
    yield database
    forget_settings(database, SETTINGS_KEY)


@pytest.fixture
def cases(service, clock):
    """An old closed case, a recent closed case, an old open case and an old void case."""
    old = closed_case(service, clock, local(2023, 3, 1, 10, 0))
    recent = closed_case(service, clock, local(2025, 6, 1, 10, 0))
    clock.set(local(2023, 3, 1, 10, 0))
    still_open = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="未结",
                                          reported_at=clock(), reporter_phone=PHONE), actor="grid1").case_no
    void = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="重复",
                                    reported_at=clock(), reporter_phone=PHONE), actor="grid1").case_no
    service.act(void, "void", actor="lead1", note="重复上报")
    return {"old": old, "recent": recent, "open": still_open, "void": void}


def test_clears_only_cases_closed_before_the_cutoff(service, database, cases):
    """At 2025-09-30 with 24 months, the case closed in 2023 loses its phone; the others keep theirs."""
    result = clear_old_phones(database, local(2025, 9, 30, 10, 0))
    assert (result.months, result.cleared) == (DEFAULT_MONTHS, 1)
    assert phone(service, cases["old"]) is None
    assert [phone(service, cases[k]) for k in ("recent", "open", "void")] == [PHONE] * 3
    assert service.get(cases["old"]).reporter_name == "王"


def test_run_is_audited_with_the_count_and_no_phone(database, cases):
    """One entry per run, with the count; the phone appears nowhere in it."""
    clear_old_phones(database, local(2025, 9, 30, 10, 0))
    clear_old_phones(database, local(2025, 9, 30, 11, 0))  # nothing left: no entry
    rows = AuditService(database).page(AuditFilter(action="retention_clear")).rows
    assert len(rows) == 1
    assert "清除条数：1" in rows[0].detail and "保留月数：24" in rows[0].detail
    assert PHONE not in rows[0].detail and PHONE[-4:] not in rows[0].detail


def test_batches_clear_everything_due(service, clock, database):
    """Five due cases in batches of two: all five cleared, one audit entry of 5."""
    numbers = [closed_case(service, clock, local(2020, 1, day, 10, 0)) for day in range(1, 6)]
    assert clear_old_phones(database, local(2025, 9, 30, 10, 0), batch=2).cleared == 5
    assert all(phone(service, n) is None for n in numbers)
    assert "清除条数：5" in AuditService(database).page(AuditFilter(action="retention_clear")).rows[0].detail


def test_dry_run_counts_and_changes_nothing(service, database, cases):
    """--dry-run counts the due cases and leaves them as they are, unaudited."""
    result = clear_old_phones(database, local(2025, 9, 30, 10, 0), dry_run=True)
    assert (result.cleared, result.dry_run) == (1, True)
    assert phone(service, cases["old"]) == PHONE
    assert not AuditService(database).page(AuditFilter(action="retention_clear")).rows


def test_setting_moves_the_cutoff_and_zero_keeps(service, restored, cases):
    database = restored
    """With 1 month the case closed in June goes too; with 0 nothing is cleared; the change is audited."""
    set_retention_months(database, 0)
    assert clear_old_phones(database, local(2025, 9, 30, 10, 0)).cleared == 0
    set_retention_months(database, 1)
    assert retention_months(database) == 1
    assert clear_old_phones(database, local(2025, 9, 30, 10, 0)).cleared == 2
    change = AuditService(database).page(AuditFilter(action="change_settings")).rows[0]
    assert "保留月数：0 → 1" in change.detail


@pytest.mark.parametrize("months", [-1, 121, "12"])
def test_setting_out_of_range_is_refused(database, months):
    with pytest.raises(CaseError, match="0–120"):
        set_retention_months(database, months)


def test_needs_config_edit(database):
    """An account without config.edit may neither run nor change the rule."""
    nosy = principal("nosy", permissions=())
    with pytest.raises(PermissionDenied):
        clear_old_phones(database, datetime.now(timezone.utc), principal=nosy)
    with pytest.raises(PermissionDenied):
        set_retention_months(database, 12, nosy)


@pytest.mark.parametrize("moment, months, expected", [
    (datetime(2025, 3, 31, 10, tzinfo=timezone.utc), 1, datetime(2025, 2, 28, 10, tzinfo=timezone.utc)),
    (datetime(2024, 3, 31, 10, tzinfo=timezone.utc), 1, datetime(2024, 2, 29, 10, tzinfo=timezone.utc)),
    (datetime(2025, 1, 15, tzinfo=timezone.utc), 24, datetime(2023, 1, 15, tzinfo=timezone.utc)),
    (datetime(2025, 1, 15, tzinfo=timezone.utc), 13, datetime(2023, 12, 15, tzinfo=timezone.utc)),
])
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected
