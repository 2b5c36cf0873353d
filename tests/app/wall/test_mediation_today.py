"""The wall's mediation panel on SQLite and PostgreSQL: today's docket and its risk alerts."""

from __future__ import annotations

from app.wall.mediation import mediation_today
from tests.app.mediation.conftest import advance, district, mediation, register  # noqa: F401 - fixtures
from tests.conftest import local

DAY = (local(2025, 9, 30, 0, 0), local(2025, 10, 1, 0, 0))


def test_no_docket_means_no_panel(mediation):  # noqa: F811 - the fixture
    assert not mediation_today(mediation, *DAY).exists


def test_today_counts_and_alerts(district, clock):  # noqa: F811 - the fixture
    quiet = register(district)
    flagged = register(district, facts="两户因宅基地争执，扬言动刀")
    advance(district, quiet, "notify", "accept", "session", "agree_oral")
    advance(district, flagged, "flag")
    today = mediation_today(district, *DAY)
    assert today.exists
    assert (today.registered, today.sessions, today.agreed) == (2, 1, 1)
    assert today.open == 2 and today.red == 0  # an agreement stays open until it is performed
    assert [alert.dispute_no for alert in today.alerts] == [flagged] and today.alert_count == 1
    assert "民转刑" in today.alerts[0].flags
    clock.set(local(2025, 10, 1, 9, 0))
    tomorrow = mediation_today(district, local(2025, 10, 1, 0, 0), local(2025, 10, 2, 0, 0))
    assert (tomorrow.registered, tomorrow.sessions, tomorrow.agreed) == (0, 0, 0)
