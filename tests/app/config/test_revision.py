"""The configuration revision: a configuration change at one workstation reaches another
workstation's service, which reads the configuration again only when the revision moved."""

from __future__ import annotations

import pytest

from app.cases.service import CaseService
from app.config.calendar_admin import read_calendar_settings, update_calendar
from app.config.revision import ConfigCache, bump_config_revision, read_config_revision
from db.engine import Database

WORKDAY = (("08:30", "12:00"), ("13:30", "17:30"))
DEFAULT_WEEK = (WORKDAY,) * 5 + ((), ())
SATURDAY_WEEK = (WORKDAY,) * 5 + ((("09:00", "12:00"),), ())


@pytest.fixture
def two_desks(database):
    """Two workstations: two `Database` objects (and services) on the same database."""
    other = Database(database.url)
    yield CaseService(database), CaseService(other)
    current = read_calendar_settings(database)
    if current.weekly != DEFAULT_WEEK:
        update_calendar(database, DEFAULT_WEEK, (), expected_revision=current.revision, actor="test")
    other.dispose()


def saturday_hours(service: CaseService):
    return service.config().calendar.office_hours.periods_for(5)


def change_calendar_at(service: CaseService) -> None:
    """An administrator at `service`'s workstation opens Saturday mornings."""
    revision = read_calendar_settings(service.database).revision
    update_calendar(service.database, SATURDAY_WEEK, (), expected_revision=revision, actor="admin")


def test_bump_config_revision_counts_every_change(database):
    """Each bump moves the stored revision on by one, whether or not the row existed."""
    with database.read() as session:
        before = read_config_revision(session)
    for _ in range(2):
        with database.write() as session:
            bump_config_revision(session)
    with database.read() as session:
        assert read_config_revision(session) == before + 2


def test_calendar_change_reaches_other_workstation_on_refresh(two_desks):
    """After a calendar change at desk A, desk B's refresh reads the new office hours."""
    desk_a, desk_b = two_desks
    assert saturday_hours(desk_b) == ()
    change_calendar_at(desk_a)
    assert saturday_hours(desk_b) == ()  # the value held until asked to look
    assert desk_b.refresh_config() is True
    assert len(saturday_hours(desk_b)) == 1


def test_refresh_without_change_reads_nothing_new(two_desks):
    """A refresh while the revision stays put keeps the configuration held."""
    _, desk_b = two_desks
    held = desk_b.config()
    assert desk_b.refresh_config() is False
    assert desk_b.config() is held


def test_write_at_other_workstation_uses_new_calendar(two_desks):
    """Desk B's next write (the sweep) checks the revision in its transaction and follows the change."""
    desk_a, desk_b = two_desks
    saturday_hours(desk_b)
    change_calendar_at(desk_a)
    desk_b.sweep()
    assert len(saturday_hours(desk_b)) == 1


def test_config_cache_get_reads_once(database):
    """`get` reads on first use only; `forget` makes the next `get` read again."""
    reads = []
    cache = ConfigCache(lambda session: reads.append(1) or len(reads))
    assert cache.get(database) == 1
    assert cache.get(database) == 1
    cache.forget()
    assert cache.get(database) == 2
