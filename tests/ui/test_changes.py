"""A calendar change at another workstation reaches an open queue: its lights and countdowns
switch to the new office hours without a restart, the configuration read off the UI thread."""

from __future__ import annotations

import threading

import pytest

from app.calendar import TimeLimit, TimeUnit
from app.cases.service import CaseService
from app.config.calendar_admin import read_calendar_settings, update_calendar
from db.engine import Database
from tests.conftest import local
from tests.ui.cases.test_queue_model import report
from ui.cases.queue_model import LIGHT_ROLE, REMAINING_ROLE
from ui.cases.queue_page import QueuePage
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.watching import DatabaseWatcher
from ui.workers import wait_for_background_work

WORKDAY = (("08:30", "12:00"), ("13:30", "17:30"))
DEFAULT_WEEK = (WORKDAY,) * 5 + ((), ())
#: Friday afternoons end at 16:00 instead of 17:30
SHORT_FRIDAY_WEEK = (WORKDAY,) * 4 + ((("08:30", "12:00"), ("13:30", "16:00")), (), ())


class NoWindow:
    def open_case(self, case_no: str) -> None:
        pass

    def show_page(self, key: str) -> None:
        pass


@pytest.fixture
def other_desk(database):
    """A second workstation's service on the same database; the calendar is put back after."""
    other = Database(database.url)
    yield CaseService(other, workstation="desk-b")
    current = read_calendar_settings(database)
    if current.weekly != DEFAULT_WEEK:
        update_calendar(database, DEFAULT_WEEK, (), expected_revision=current.revision, actor="test")
    other.dispose()


def test_open_queue_follows_calendar_changed_elsewhere(qtbot, service, clock, other_desk):
    """A 1-hour case reported Friday 15:30 is yellow at 16:20; when another desk ends Fridays at
    16:00, the open queue shows it green with 30 working minutes left."""
    clock.set(local(2025, 11, 14, 16, 20))
    report(service, local(2025, 11, 14, 15, 30), limit=TimeLimit(amount=1, unit=TimeUnit.WORK_HOUR))
    ui_thread_reads = []
    refresh = service.refresh_config

    def watched_refresh() -> bool:
        ui_thread_reads.append(threading.current_thread() is threading.main_thread())
        return refresh()

    hub = ChangeHub(refresh_config=watched_refresh)
    config_changes = []
    hub.config_changed.connect(lambda: config_changes.append(True))
    ctx = UiContext(database=service.database, cases=service, hub=hub, user="tester", now=clock)
    page = QueuePage(ctx, NoWindow())
    qtbot.addWidget(page)
    page.show()
    watcher = DatabaseWatcher(service.database, hub, poll_seconds=0.1)
    watcher.start()
    try:
        model = page.model
        qtbot.waitUntil(lambda: model.rowCount() == 1 and model.is_fresh(0), timeout=10_000)
        assert model.index(0, 0).data(LIGHT_ROLE) == "yellow"
        assert model.index(0, 0).data(REMAINING_ROLE) == pytest.approx(10 * 60)

        revision = read_calendar_settings(other_desk.database).revision
        update_calendar(other_desk.database, SHORT_FRIDAY_WEEK, (), expected_revision=revision, actor="admin")

        qtbot.waitUntil(lambda: model.is_fresh(0) and model.index(0, 0).data(LIGHT_ROLE) == "green",
                        timeout=10_000)
        assert model.index(0, 0).data(REMAINING_ROLE) == pytest.approx(30 * 60)
        assert ui_thread_reads and not any(ui_thread_reads)
        assert config_changes  # the panes could drop config-derived choices here
    finally:
        watcher.stop()
        wait_for_background_work()
