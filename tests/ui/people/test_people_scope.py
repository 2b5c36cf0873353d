"""The people page acts as the logged-in account: a street leader's ledger lists the street's
persons and reveals their numbers; a dispatcher's reveal is refused naming people.reveal and
audited (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.schema import AuditEntry
from tests.app.accounts.enforce_world import EAST, GRID_A
from tests.app.accounts.wired_world import account, build
from tests.ui.people.conftest import FakeWindow, shown_names
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.people.people_page import PeoplePage
from ui.workers import wait_for_background_work


@pytest.fixture
def world(database, clock):
    return build(database, clock)


@pytest.fixture
def open_page(qtbot, service, clock):
    pages = []

    def open_for(principal) -> PeoplePage:
        ctx = UiContext(database=service.database, cases=service.acting_for(principal), hub=ChangeHub(),
                        user=principal.login, now=clock, principal=principal)
        page = PeoplePage(ctx, FakeWindow())
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
        pages.append(page)
        return page

    yield open_for
    wait_for_background_work()


def test_a_street_leader_sees_and_reveals_the_streets_persons(qtbot, database, world, open_page):
    page = open_page(account(database, "leader", region=EAST))
    assert sorted(shown_names(page)) == ["居民0", "居民1"]
    page.open_person(world.persons[GRID_A])
    qtbot.waitUntil(lambda: page.card.card is not None)
    page.card.reveal_button.click()
    qtbot.waitUntil(lambda: page.card.facts.value("phone") == "13900000000")


def test_a_dispatchers_reveal_is_refused_naming_the_permission(qtbot, database, world, open_page):
    dispatcher = account(database, "dispatcher")
    page = open_page(dispatcher)
    assert len(shown_names(page)) == 3
    page.open_person(world.persons[GRID_A])
    qtbot.waitUntil(lambda: page.card.card is not None)
    page.card.reveal_button.click()
    qtbot.waitUntil(lambda: page.card.notice.kind == "error")
    assert "people.reveal" in page.card.notice.text()
    with database.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == dispatcher.login)).all()
    assert "reveal_denied" in actions
