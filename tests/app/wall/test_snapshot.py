"""One read of everything the wall shows, on SQLite and PostgreSQL: today's figures beside
yesterday's, the red and yellow list, the trend, the breakdowns, what turned red in between."""

from __future__ import annotations

from app.cases.drafts import CaseDraft
from app.mediation.service import MediationService
from app.wall.alarm_list import alarm_list
from app.cases.board import load_board
from app.wall.snapshot import DEFAULT_NAME, TREND_DAYS, read_snapshot
from tests.conftest import local


def report(service, source="网格员上报", **draft) -> str:
    return service.create(CaseDraft(source=source, category="暴露垃圾", description="路边垃圾", **draft),
                          actor="grid1").case_no


def dispatch(service, case_no: str) -> None:
    for action in ("verify", "register", "dispatch"):
        service.act(case_no, action, actor="disp1")


def scene(service, clock) -> tuple[str, str]:
    """Yesterday one case reported and dispatched; today two reported, one of them dispatched at 10:00."""
    clock.set(local(2025, 9, 29, 15, 0))
    yesterday = report(service, reported_at=local(2025, 9, 29, 15, 0))
    dispatch(service, yesterday)
    clock.set(local(2025, 9, 30, 10, 0))
    today = report(service, reported_at=local(2025, 9, 30, 10, 0))
    dispatch(service, today)
    report(service, source="12345热线", reported_at=local(2025, 9, 30, 9, 0))
    return yesterday, today


def test_figures_compare_today_with_yesterday(service, clock):
    scene(service, clock)
    clock.set(local(2025, 9, 30, 15, 31))
    snapshot = read_snapshot(service, MediationService(service.database, now=clock))
    figures = {f.key: (f.today, f.yesterday) for f in snapshot.figures}
    assert [f.label for f in snapshot.figures] == ["上报", "立案", "派遣", "结案", "超期"]
    assert figures["reported"] == (2, 1)
    assert figures["registered"] == (1, 1)
    assert figures["dispatched"] == (1, 1)
    assert figures["closed"] == (0, 0)
    assert snapshot.figures[0].change == 1
    assert snapshot.read_at == local(2025, 9, 30, 15, 31) and str(snapshot.today) == "2025-09-30"


def test_trend_breakdowns_and_district(service, clock):
    scene(service, clock)
    snapshot = read_snapshot(service, MediationService(service.database, now=clock))
    assert len(snapshot.trend.days) == TREND_DAYS and snapshot.trend.days[-1] == snapshot.today
    assert snapshot.trend.registered[-2:] == (1, 1)
    # the breakdowns count 立案数 as the monthly report does: the 12345 case is not registered yet
    assert sum(n for _label, n in snapshot.categories) == 2
    assert dict(snapshot.sources) == {"网格员上报": 2}
    assert snapshot.district == DEFAULT_NAME
    assert not snapshot.mediation.exists


def test_red_and_yellow_list_is_worst_first_and_bounded(service, clock):
    yesterday, today = scene(service, clock)
    clock.set(local(2025, 9, 30, 15, 31))
    snapshot = read_snapshot(service, MediationService(service.database, now=clock))
    rows = snapshot.alarms.rows
    assert [row.case_no for row in rows if row.light == "red"][-1] == today
    assert rows[0].remaining <= rows[-1].remaining
    assert (snapshot.alarms.red, snapshot.alarms.yellow) == (sum(r.light == "red" for r in rows),
                                                            sum(r.light == "yellow" for r in rows))
    assert all(row.category == "暴露垃圾" and row.department for row in rows if row.case_no == today)
    bounded = alarm_list(load_board(service), service.config().calendar, clock(), limit=1)
    assert len(bounded.rows) == 1 and bounded.truncated


def test_cases_turning_red_between_two_reads_are_reported_once(service, clock):
    _yesterday, today = scene(service, clock)
    mediation = MediationService(service.database, now=clock)
    clock.set(local(2025, 9, 30, 15, 29))
    first = read_snapshot(service, mediation)
    assert not first.alerts
    clock.set(local(2025, 9, 30, 15, 31))
    second = read_snapshot(service, mediation, first)
    assert [case.case_no for case in second.alerts.turned_red] == [today]
    third = read_snapshot(service, mediation, second)
    assert not third.alerts
