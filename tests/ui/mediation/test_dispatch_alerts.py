"""Dispute alerts in the dispatcher view: a newly 民转刑-flagged dispute raises the banner."""

from __future__ import annotations

from datetime import datetime

from tests.app.mediation.conftest import register
from ui.dispatch.alerts import AlertBanner
from ui.mediation.dispatch_alerts import DisputeAlertWatch


def test_new_flagged_dispute_raises_the_alarm_once(qtbot, ui_ctx, district):
    """The first look only takes note; a dispute flagged 民转刑 afterwards is reported, then not again."""
    register(district, risk_flags=("民转刑",), facts="早有积怨")
    watch = DisputeAlertWatch(district)
    raised = []
    watch.raised.connect(raised.append)
    watch.check()
    qtbot.waitUntil(lambda: watch.seen is not None)
    assert raised == []
    number = register(district, risk_flags=("民转刑",), facts="双方扬言报复")
    register(district, facts="普通邻里纠纷")
    watch.check()
    qtbot.waitUntil(lambda: len(raised) == 1)
    assert [alert.dispute_no for alert in raised[0]] == [number]
    watch.check()
    qtbot.waitUntil(lambda: not watch._checking)
    assert len(raised) == 1


def test_banner_lists_the_dispute_as_a_link(qtbot, ui_ctx, district):
    """The banner names the dispute with its flag; clicking its number asks for the dispute."""
    number = register(district, risk_flags=("民转刑",), facts="双方扬言报复")
    watch = DisputeAlertWatch(district)
    watch.seen = set()
    banner = AlertBanner()
    qtbot.addWidget(banner)
    watch.raised.connect(lambda alerts: banner.raise_disputes(alerts, datetime(2025, 9, 30, 10, 0)))
    with qtbot.waitSignal(watch.raised):
        watch.check()
    assert number in banner.text.text() and "民转刑" in banner.text.text()
    with qtbot.waitSignal(banner.dispute_requested) as asked:
        banner.text.linkActivated.emit(f"dispute:{number}")
    assert asked.args == [number]
