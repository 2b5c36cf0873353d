"""A hand-made month of cases for the assessment tests (October 2025, one case crossing into November).

All cases have a 48-clock-hour limit (48小时), are reported, registered and dispatched at the same
instant, and go to 区城市管理局 (CGJ) unless said otherwise. Monday 2025-10-27 is a workday; office
hours are 08:30–12:00 and 13:30–17:30 (7.5 working hours a day), which the handling times use.

| case | category (lights)     | reported   | what happens                                   | deadline   |
|------|-----------------------|------------|------------------------------------------------|------------|
| A1   | 暴露垃圾 warn-before   | 10-27 09:00 | feedback 10-28 10:00, approved 11:00: on time  | 10-29 09:00 |
| A2   | 暴露垃圾 warn-before   | 10-27 09:00 | feedback 10-29 10:00, approved 11:00: late     | 10-29 09:00 |
| A3   | 暴露垃圾 warn-before   | 10-28 09:00 | accepted, still handling: open past deadline   | 10-30 09:00 |
| A4   | 暴露垃圾 warn-before   | 10-27 09:00 | feedback 10-27 15:00, rejected 16:00, feedback 10-28 09:00, approved 10:00 | 10-29 09:00 |
| A5   | 暴露垃圾 warn-before   | 10-27 09:00 | extended 24小时 on 10-28, approved 10-29 15:00: on time only by the extension | 10-30 09:00 |
| A6   | 暴露垃圾 warn-before   | 10-27 09:00 | parked 10-28 09:00 (24 h used), resumed 10-30 09:00, approved 10-31 08:30 | 10-31 09:00 |
| A7   | 暴露垃圾 warn-before   | 10-27 09:00 | voided 10:00                                   | —          |
| A8   | 暴露垃圾 warn-before   | 10-30 09:00 | feedback 10-31 09:00, approved 10:00           | 11-01 09:00 |
| A9   | 群众求助 grade-overdue | 10-27 09:00 | feedback 10-29 11:00, approved 12:00: late     | 10-29 09:00 |
| A10  | 群众求助 grade-overdue | 10-28 09:00 | accepted, still handling: open past deadline   | 10-30 09:00 |
| B1   | 暴露垃圾, to ZFJ        | 10-27 09:00 | approved 10-27 15:00: on time                  | 10-29 09:00 |

Sweeps at 10-30 10:00 (A3 warn-before is red → red card; A10 grade-overdue is only yellow →
yellow card) and at 11-10 10:00 (A10 has passed 3 × its limit → red card, in November).
A1–A5 and A7 lie in grid G1, A6 and A8–A10 in grid G2 (both in community C, street S); B1 has no
grid. A1 and A2 were reported by grid worker gw1. The assessment is evaluated at 2025-11-10 10:00.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.calendar import parse_time_limit
from app.cases.drafts import CaseDraft
from app.cases.states import CaseStatus
from db.schema import Region, Staff
from tests.conftest import local

NOW = local(2025, 11, 10, 10, 0)


@dataclass(frozen=True)
class District:
    street: str
    community: str
    grids: dict


def _regions(database) -> District:
    with database.write() as session:
        street = Region(code="S1", name="海棠街道", level="street")
        session.add(street)
        session.flush()
        community = Region(code="C1", name="海棠社区", level="community", parent_id=street.id)
        session.add(community)
        session.flush()
        grids = {code: Region(code=code, name=f"海棠社区{code}网格", level="grid", parent_id=community.id)
                 for code in ("G1", "G2")}
        session.add_all(grids.values())
        session.add(Staff(login="gw1", name="网格员甲", role="grid_worker"))
        session.flush()
        return District(street.id, community.id, {code: grid.id for code, grid in grids.items()})


def _case(service, clock, district, *, reported, grid=None, category="暴露垃圾", actor="disp1",
          department="CGJ") -> str:
    clock.set(reported)
    draft = CaseDraft(source="网格员上报", category=category, description="测试案件", reported_at=reported,
                      time_limit=parse_time_limit("48小时"), status=CaseStatus.REGISTERED,
                      grid_id=district.grids[grid] if grid else None)
    case_no = service.create(draft, actor=actor).case_no
    service.act(case_no, "dispatch", actor="disp1", department=department)
    return case_no


def _steps(service, clock, case_no, *steps) -> None:
    for at, action, options in steps:
        clock.set(at)
        service.act(case_no, action, actor="u1", **options)


def _handled(service, clock, case_no, feedback, approve) -> None:
    _steps(service, clock, case_no, (feedback, "accept", {}), (feedback, "feedback", {}),
           (approve, "approve", {}))


def build_month(service, clock) -> dict[str, str]:
    """Create the cases of the module docstring; return name → case number."""
    district = _regions(service.database)
    d = local
    cases = {}
    mk = lambda name, **kw: cases.__setitem__(name, _case(service, clock, district, **kw))  # noqa: E731
    mk("A1", reported=d(2025, 10, 27, 9, 0), grid="G1", actor="gw1")
    _handled(service, clock, cases["A1"], d(2025, 10, 28, 10, 0), d(2025, 10, 28, 11, 0))
    mk("A2", reported=d(2025, 10, 27, 9, 0), grid="G1", actor="gw1")
    _handled(service, clock, cases["A2"], d(2025, 10, 29, 10, 0), d(2025, 10, 29, 11, 0))
    mk("A3", reported=d(2025, 10, 28, 9, 0), grid="G1")
    _steps(service, clock, cases["A3"], (d(2025, 10, 28, 10, 0), "accept", {}))
    mk("A4", reported=d(2025, 10, 27, 9, 0), grid="G1")
    _steps(service, clock, cases["A4"], (d(2025, 10, 27, 10, 0), "accept", {}),
           (d(2025, 10, 27, 15, 0), "feedback", {}), (d(2025, 10, 27, 16, 0), "reject", {"note": "未整改到位"}),
           (d(2025, 10, 28, 9, 0), "feedback", {}), (d(2025, 10, 28, 10, 0), "approve", {}))
    mk("A5", reported=d(2025, 10, 27, 9, 0), grid="G1")
    _steps(service, clock, cases["A5"], (d(2025, 10, 27, 10, 0), "accept", {}),
           (d(2025, 10, 28, 9, 0), "extend", {"note": "需协调", "limit": "24小时"}))
    _steps(service, clock, cases["A5"], (d(2025, 10, 29, 14, 0), "feedback", {}),
           (d(2025, 10, 29, 15, 0), "approve", {}))
    mk("A6", reported=d(2025, 10, 27, 9, 0), grid="G2")
    _steps(service, clock, cases["A6"], (d(2025, 10, 27, 10, 0), "accept", {}),
           (d(2025, 10, 28, 9, 0), "park", {"note": "历史遗留"}), (d(2025, 10, 30, 9, 0), "resume", {}),
           (d(2025, 10, 31, 8, 0), "feedback", {}), (d(2025, 10, 31, 8, 30), "approve", {}))
    clock.set(d(2025, 10, 27, 9, 0))
    cases["A7"] = service.create(CaseDraft(
        source="网格员上报", category="暴露垃圾", description="重复上报", reported_at=d(2025, 10, 27, 9, 0),
        time_limit=parse_time_limit("48小时"), status=CaseStatus.REGISTERED, grid_id=district.grids["G1"],
    ), actor="disp1").case_no
    _steps(service, clock, cases["A7"], (d(2025, 10, 27, 10, 0), "void", {"note": "重复上报"}))
    mk("A8", reported=d(2025, 10, 30, 9, 0), grid="G2")
    _handled(service, clock, cases["A8"], d(2025, 10, 31, 9, 0), d(2025, 10, 31, 10, 0))
    mk("A9", reported=d(2025, 10, 27, 9, 0), grid="G2", category="群众求助")
    _handled(service, clock, cases["A9"], d(2025, 10, 29, 11, 0), d(2025, 10, 29, 12, 0))
    mk("A10", reported=d(2025, 10, 28, 9, 0), grid="G2", category="群众求助")
    _steps(service, clock, cases["A10"], (d(2025, 10, 28, 10, 0), "accept", {}))
    mk("B1", reported=d(2025, 10, 27, 9, 0), department="ZFJ")
    _handled(service, clock, cases["B1"], d(2025, 10, 27, 14, 0), d(2025, 10, 27, 15, 0))
    for moment in (d(2025, 10, 30, 10, 0), NOW):
        clock.set(moment)
        service.sweep()
    clock.set(NOW)
    return cases


@pytest.fixture
def month(service, clock):
    """The month of the module docstring, built on the test database; the clock left at NOW."""
    return build_month(service, clock)
