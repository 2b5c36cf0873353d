"""The people page on the small test ledger, shown and read, for the page tests."""

from __future__ import annotations

import pytest

from tests.app.people.ledger_data import make_ledger
from ui.people.people_page import PeoplePage
from ui.workers import wait_for_background_work


class FakeWindow:
    """The page's main window: remembers which case was asked for."""

    def __init__(self):
        self.opened_cases: list[str] = []

    def open_case(self, case_no: str) -> None:
        self.opened_cases.append(case_no)

    def show_page(self, key: str) -> None:
        pass

    def open_person_disputes(self, person_id, name: str) -> None:
        self.opened_disputes = (person_id, name)


@pytest.fixture
def ledger(ui_ctx):
    return make_ledger(ui_ctx.database)


@pytest.fixture
def page(ui_ctx, ledger, qtbot):
    """The people page, shown, with its first rows and its choices read."""
    page = PeoplePage(ui_ctx, FakeWindow())
    qtbot.addWidget(page)
    page.resize(1600, 900)
    page.show()
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    qtbot.waitUntil(lambda: page.filters.region.count() > 1)
    yield page
    wait_for_background_work()


def shown_names(page) -> list[str]:
    return [page.model.ledger_row(n).name for n in range(page.model.rowCount())]


def settle(qtbot, page) -> None:
    """Wait for the ledger's background reads to be in."""
    qtbot.waitUntil(lambda: not page.model.loading)
