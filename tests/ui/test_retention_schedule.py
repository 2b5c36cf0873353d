"""The desktop runs the retention rule once a day on a worker thread."""

from __future__ import annotations

from app.audit.query import AuditFilter
from app.audit.service import AuditService
from tests.app.cases.test_retention import closed_case
from tests.conftest import local
from ui.retention_schedule import RetentionScheduler


def test_scheduler_clears_old_phones_once_a_day(qtbot, ui_ctx, service, clock):
    """The first check clears the phone of a case closed in 2020 and audits it; a second check
    the same day runs nothing."""
    case_no = closed_case(service, clock, local(2020, 1, 6, 10, 0))
    scheduler = RetentionScheduler(ui_ctx)
    with qtbot.waitSignal(scheduler.cleared, timeout=20_000) as signal:
        scheduler.check()
    assert signal.args == [1]
    assert service.get(case_no).reporter_phone is None
    scheduler.check()
    assert not scheduler._running
    rows = AuditService(ui_ctx.database).page(AuditFilter(action="retention_clear")).rows
    assert len(rows) == 1 and rows[0].actor == "system"
