"""The wall as it runs unattended: another workstation's change appears within the refresh, the
database going away shows the stale state and the wall recovers by itself, a case turning red
flashes and then stops, and nothing flashes faster than three times a second."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.wall.options import WallOptions
from db.engine import Database
from tests.conftest import local
from ui.wall.window import WallWindow
from ui.watching import DatabaseWatcher

REPORTED = local(2025, 9, 30, 10, 0)


def dispatched(service, **draft) -> str:
    """A case dispatched at 10:00 (ordinary: red from 15:30)."""
    case_no = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                       reported_at=REPORTED, **draft), actor="grid1").case_no
    for action in ("verify", "register", "dispatch"):
        service.act(case_no, action, actor="disp1")
    return case_no


@pytest.fixture
def open_wall(qtbot, ui_ctx):
    """A wall on the test database (no map: the web engine is not what is tested), shown."""
    walls = []

    def make(**options) -> WallWindow:
        wall = WallWindow(ui_ctx, WallOptions(**options), with_map=False, retry_ms=200)
        qtbot.addWidget(wall)
        wall.resize(1920, 1080)
        wall.show()
        qtbot.waitUntil(lambda: wall.refresher.reads >= 1, timeout=10_000)
        walls.append(wall)
        return wall

    yield make
    for wall in walls:
        wall.close()


def listed(wall: WallWindow) -> list[str]:
    return [row.case_no for row in wall.pages.alarms.rows]


def test_another_workstations_change_appears_within_the_refresh_interval(open_wall, ui_ctx, clock, qtbot):
    """A case made red at another workstation is on the wall's list and tiles within 5 s, through
    the change notification (PostgreSQL LISTEN/NOTIFY, the SQLite poll)."""
    clock.set(local(2025, 9, 30, 15, 31))
    wall = open_wall()
    watcher = DatabaseWatcher(ui_ctx.database, ui_ctx.hub, parent=wall, poll_seconds=0.2)
    watcher.start()
    assert listed(wall) == [] and wall.tiles.tiles["reported"].value.full_text() == "0"
    other = Database(ui_ctx.database.url)
    try:
        case_no = dispatched(CaseService(other, now=clock, workstation="other"))
        qtbot.waitUntil(lambda: case_no in listed(wall), timeout=5000)
    finally:
        watcher.stop()
        other.dispose()
    assert wall.pages.alarms.rows[0].light == "red"
    assert wall.tiles.tiles["reported"].value.full_text() == "1"
    assert "红 1" in wall.pages.alarm_panel.extra.full_text()
    assert wall.pages.alarm_panel.stamp.text() == "数据更新于 15:31:00"


def _break(database, url_holder: dict):
    """Make the database unreachable for real: the SQLite file moved away, or PostgreSQL refusing
    connections to the test database; returns the undo."""
    if database.kind == "sqlite":
        path = database.url.database
        shutil.move(path, path + ".away")
        database.dispose()

        def restore() -> None:
            shutil.move(path + ".away", path)
            database.dispose()
        return restore
    name = database.url.database
    admin = create_engine(database.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
    database.dispose()

    def restore() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    return restore


def test_database_going_away_shows_stale_figures_and_the_wall_recovers_by_itself(open_wall, ui_ctx, service, clock,
                                                                                qtbot):
    """The board keeps the last figures marked stale under a plain banner, and returns to live
    figures without anyone touching it once the database answers again."""
    case_no = dispatched(service)
    clock.set(local(2025, 9, 30, 15, 31))
    wall = open_wall()
    assert listed(wall) == [case_no]
    restore = _break(ui_ctx.database, {})
    try:
        wall.refresher.refresh()
        qtbot.waitUntil(lambda: wall.banner.isVisible(), timeout=10_000)
        assert "数据库连接中断" in wall.banner.full_text() and "15:31:00" in wall.banner.full_text()
        assert listed(wall) == [case_no]  # the last figures stay, marked
        assert wall.tiles.tiles["reported"].value.property("stale") == "true"
        for panel in wall.pages.panels:
            assert panel.stale and panel.stamp.property("stale") == "true"
            assert "数据未更新" in panel.stamp.text()
    finally:
        restore()
    clock.set(local(2025, 9, 30, 15, 32))
    qtbot.waitUntil(lambda: not wall.banner.isVisible(), timeout=10_000)
    assert not any(panel.stale for panel in wall.pages.panels)
    assert wall.pages.alarm_panel.stamp.text() == "数据更新于 15:32:00"
    assert wall.tiles.tiles["reported"].value.property("stale") == "false"


def test_a_case_turning_red_flashes_at_most_three_times_a_second_then_stays_marked(open_wall, ui_ctx, service, clock,
                                                                                  qtbot):
    """Crossing 15:30 flashes the case and announces it; after the flash time it stops flashing
    (the flasher stops too) and the row stays marked."""
    case_no = dispatched(service)
    clock.set(local(2025, 9, 30, 15, 29))
    wall = open_wall(flash_seconds=2, flash_hz=3.0)
    assert [row.light for row in wall.pages.alarms.rows] == ["yellow"] and not wall.pages.alarms.flashing
    clock.set(local(2025, 9, 30, 15, 31))
    ui_ctx.hub.notify_local()
    qtbot.waitUntil(lambda: case_no in wall.pages.alarms.flashing, timeout=5000)
    assert wall.flasher.timer.isActive() and wall.flasher.timer.interval() >= 1000 / 6
    assert case_no in wall.announce.full_text() and "转为红灯" in wall.announce.full_text()
    phases = set()
    qtbot.waitUntil(lambda: phases.add(wall.pages.alarms.phase) or len(phases) == 2, timeout=3000)
    clock.set(local(2025, 9, 30, 15, 31) + timedelta(seconds=3))
    qtbot.waitUntil(lambda: not wall.pages.alarms.flashing and not wall.flasher.timer.isActive(), timeout=5000)
    assert case_no in wall.pages.alarms.marked
    assert not wall.announce.isVisible()


def test_an_urgent_case_arriving_is_announced(open_wall, ui_ctx, service, clock, qtbot):
    """An urgent case that was not on the board before flashes and is announced as arrived."""
    wall = open_wall(flash_seconds=5)
    case_no = dispatched(service, urgency="特急")
    ui_ctx.hub.notify_local()
    qtbot.waitUntil(lambda: "紧急案件到达" in wall.announce.full_text(), timeout=5000)
    assert case_no in wall.announce.full_text()


def test_flash_rate_is_capped_at_three_a_second(open_wall):
    """A setting above 3 Hz is refused; the flasher never toggles faster than 6 times a second."""
    with pytest.raises(ValueError):
        WallOptions(flash_hz=5)
    wall = open_wall(flash_hz=3.0)
    wall.flasher.set_rate(50)
    assert wall.flasher.timer.interval() >= round(1000 / 6)


def test_dim_hours_drift_and_rotation(open_wall, clock, qtbot):
    """Within the dim hours a dark sheet covers the wall; the layout shifts a few pixels each
    minute and comes back; with rotation the pages take turns."""
    wall = open_wall(dim=True, dim_from=22, dim_to=7, dim_percent=40, rotate_seconds=1)
    assert not wall.overlay.isVisible()
    margins = wall.column.contentsMargins()
    clock.set(local(2025, 9, 30, 23, 1))
    qtbot.waitUntil(lambda: wall.overlay.isVisible(), timeout=3000)
    assert wall.overlay.alpha == round(255 * 0.6) and wall.overlay.geometry() == wall.rect()
    shifted = wall.column.contentsMargins()
    assert (shifted.left(), shifted.top()) != (margins.left(), margins.top())
    assert abs(shifted.left() - margins.left()) <= 4 and abs(shifted.top() - margins.top()) <= 4
    assert shifted.left() + shifted.right() == margins.left() + margins.right()  # same room, nothing clipped
    first = wall.stack.currentIndex()
    qtbot.waitUntil(lambda: wall.stack.currentIndex() != first, timeout=3000)
    wall.rotate_timer.stop()
    assert wall.page_label.text().endswith(f"{wall.stack.currentIndex() + 1}/2")
