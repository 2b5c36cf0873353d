"""The wall of a scoped account counts its scope: tiles, trend, breakdowns and the red and yellow
list of a street leader are the street's; the whole district's are unchanged (SQLite and PostgreSQL)."""

from __future__ import annotations

from app.cases.service import CaseService
from app.mediation.service import MediationService
from app.wall.snapshot import read_snapshot
from tests.app.accounts.enforce_world import EAST, WORKSTATION
from tests.app.accounts.wired_world import account, build
from tests.conftest import local


def _snapshot(database, clock, principal=None):
    kwargs = {} if principal is None else {"principal": principal}
    cases = CaseService(database, now=clock, workstation=WORKSTATION, **kwargs)
    return read_snapshot(cases, MediationService(database, now=clock, **kwargs))


def test_a_street_leaders_wall_counts_the_street(database, clock):
    build(database, clock)
    street = account(database, "leader", region=EAST)
    clock.set(local(2025, 9, 30, 15, 0))
    whole, scoped = _snapshot(database, clock), _snapshot(database, clock, street)
    figures = lambda snapshot: {f.key: f.today for f in snapshot.figures}  # noqa: E731
    assert (figures(whole)["reported"], figures(whole)["registered"]) == (3, 3)
    assert (figures(scoped)["reported"], figures(scoped)["registered"]) == (2, 2)
    assert whole.trend.registered[-1] == 3 and scoped.trend.registered[-1] == 2
    assert dict(whole.sources) == {"网格员上报": 3} and dict(scoped.sources) == {"网格员上报": 2}
    assert sum(n for _label, n in scoped.categories) == 2
    assert len(scoped.board.cases) == 2 and len(whole.board.cases) == 3
    assert whole.district == "试验区" and scoped.district == "东街道"  # the heading names whose figures


def test_a_street_leaders_overdue_and_ranking_are_the_streets(database, clock):
    world = build(database, clock)
    street = account(database, "leader", region=EAST)
    system = CaseService(database, now=clock, workstation=WORKSTATION)
    for case_no in world.cases.values():
        system.act(case_no, "dispatch", actor="disp1")  # to the category's department
    clock.set(local(2025, 10, 20, 15, 0))  # every deadline has passed, nothing closed
    whole, scoped = _snapshot(database, clock), _snapshot(database, clock, street)
    due = lambda snapshot: sum(row.due_to_close for row in snapshot.ranking)  # noqa: E731
    assert due(whole) == 3 and due(scoped) == 2
