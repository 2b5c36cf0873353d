"""Correcting a community's screening report keeps the old figures in the audit log."""

from __future__ import annotations

from app.audit.query import AuditFilter
from app.audit.service import AuditService
from app.mediation.screening import CORRECT_ACTION, file_report
from tests.conftest import local


def test_correction_is_audited_with_old_and_new_figures(district, clock, database):
    """The first filing writes no correction; the second records 排查发现数 2 → 3 and the workstation."""
    clock.set(local(2025, 10, 20, 10, 0))
    file_report(district, "渔港社区", "2025-10", found=2, prevented=1, actor="clerk")
    assert not AuditService(database).page(AuditFilter(action=CORRECT_ACTION)).rows
    file_report(district, "渔港社区", "2025-10", found=3, prevented=1, actor="clerk2")
    row = AuditService(database).page(AuditFilter(action=CORRECT_ACTION)).rows[0]
    assert (row.actor, row.workstation, row.action_label) == ("clerk2", "test", "更正排查报告")
    assert "排查发现数：2 → 3" in row.detail and "填报人：clerk → clerk2" in row.detail
    assert "预防数" not in row.detail
