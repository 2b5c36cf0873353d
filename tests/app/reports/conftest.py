"""The hand-made October 2025 of the assessment tests, plus the months a 通报 compares it with.

On top of tests/app/assessment/conftest.py (October: 11 reports, A7 voided, 10 registered, 9 due,
7 closed, 5 on time, A3 and A10 open past their deadline of 10-30 09:00):
- September 2025: S1 and S2, registered 09-15 09:00 and closed on time 09-16 (no grid, CGJ);
- October 2024: Y1, registered 2024-10-10 09:00 and closed on time 10-11.
"""

from __future__ import annotations

import pytest

from tests.app.assessment.conftest import NOW, _case, _handled, build_month
from tests.conftest import local


def build_report_months(service, clock) -> dict[str, str]:
    cases = build_month(service, clock)
    for name, reported in (("S1", local(2025, 9, 15, 9, 0)), ("S2", local(2025, 9, 15, 9, 0)),
                           ("Y1", local(2024, 10, 10, 9, 0))):
        cases[name] = _case(service, clock, None, reported=reported)
        day = reported.replace(day=reported.day + 1)
        _handled(service, clock, cases[name], day.replace(hour=10), day.replace(hour=11))
    clock.set(NOW)
    return cases


@pytest.fixture
def months(service, clock):
    """October 2025 with September 2025 and October 2024 for comparison; the clock at NOW."""
    return build_report_months(service, clock)
