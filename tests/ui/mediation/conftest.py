"""A small docket for the pane's tests: the district of tests/app/mediation with five disputes in
different states, and the docket page built on it, shown and read."""

from __future__ import annotations

import pytest

from tests.app.mediation.conftest import advance, district, mediation, register  # noqa: F401 - fixtures
from ui.mediation.docket_page import DocketPage
from ui.workers import wait_for_background_work


class FakeWindow:
    """The page's main window: remembers what the page asked it to open."""

    def __init__(self):
        self.opened: list[tuple[str, str]] = []

    def open_case(self, case_no: str) -> None:
        self.opened.append(("case", case_no))

    def open_person(self, person_id) -> None:
        self.opened.append(("person", str(person_id)))

    def show_page(self, key: str) -> None:
        pass


@pytest.fixture
def docket(district):
    """Numbers by role: a registered neighbours' dispute, an accepted one, one under a written
    agreement, a labour dispute being mediated, and a refused one."""
    s = district
    numbers = {"registered": register(s), "accepted": register(s)}
    advance(s, numbers["accepted"], "notify", "accept")
    numbers["agreed"] = register(s)
    advance(s, numbers["agreed"], "notify", "accept", "session", "agree_written")
    numbers["labour"] = register(s, type="劳资纠纷", facts="工资拖欠三个月")
    advance(s, numbers["labour"], "notify", "accept", "session")
    numbers["refused"] = register(s)
    advance(s, numbers["refused"], "refuse")
    return numbers


@pytest.fixture
def page(ui_ctx, docket, qtbot):
    """The docket page, shown, with its first rows and its choice lists read."""
    page = DocketPage(ui_ctx, FakeWindow())
    qtbot.addWidget(page)
    page.resize(1700, 950)
    page.show()
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    qtbot.waitUntil(lambda: page.choices is not None)
    yield page
    wait_for_background_work()


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.model.loading)


def open_card(qtbot, page, number: str):
    """Open a dispute's card and wait until it shows."""
    page.open_dispute(number)
    qtbot.waitUntil(lambda: page.panel.detail is not None and page.panel.detail.dispute.dispute_no == number)
    return page.panel.card
