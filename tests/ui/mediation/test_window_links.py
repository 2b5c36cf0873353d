"""The docket reached from elsewhere in the main window: a person's card opens their disputes,
a case's detail registers a dispute linked to it, the navigation lists the docket."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.cases.drafts import CaseDraft
from app.mediation.drafts import PartyDraft
from app.mediation.links import disputes_of_case
from app.people.service import PeopleService
from tests.app.mediation.conftest import draft
from tests.conftest import local
from ui.assembly import build_main_window
from ui.workers import wait_for_background_work


@pytest.fixture
def window(qtbot, ui_ctx, tmp_path):
    """The main window on the test database, with settings of the test's own."""
    built = build_main_window(ui_ctx, QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(built)
    yield built
    built.close()
    wait_for_background_work()


def test_docket_is_the_fourth_pane(window):
    """The navigation lists 矛盾纠纷 fourth; the dispute card has a page without an entry."""
    titles = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert titles[3] == "矛盾纠纷"
    assert "dispute" in window.pages


def test_persons_card_opens_their_disputes(qtbot, window, district):
    """The 纠纷 button's signal on a person's card shows the docket filtered to that party."""
    people = PeopleService(district.database, now=district.now, actor="tester")
    person_id = people.add_person({"name": "赵六", "residence_type": "境外人员"})
    mine = district.register(draft(parties=(PartyDraft(role="申请人", name="赵六", person_id=person_id),
                                            PartyDraft(role="被申请人", name="钱七"))), "clerk").dispute_no
    district.register(draft(), "clerk")
    window.pages["people"].card.disputes_requested.emit(person_id, "赵六")
    docket = window.pages["docket"]
    assert window.current_page() == "docket"
    qtbot.waitUntil(lambda: not docket.model.loading and docket.model.rowCount() == 1)
    assert docket.model.view_at(0).dispute_no == mine
    assert "赵六" in docket.filters.person_chip.text()


def test_case_detail_registers_a_linked_dispute(qtbot, window, district, service):
    """登记纠纷 on a case's detail opens the register form prefilled from the case; saving links them."""
    case = service.create(CaseDraft(source="网格员上报", category="邻里纠纷", description="楼上漏水引发争吵",
                                    reported_at=local(2025, 9, 30, 9, 0)), actor="grid1")
    window.open_case(case.case_no)
    detail = window.pages["case"]
    qtbot.waitUntil(lambda: detail.loaded is not None and detail.dispute_button.isEnabled())
    detail.dispute_button.click()
    docket = window.pages["docket"]
    qtbot.waitUntil(lambda: docket.form is not None and docket.form.isVisible())
    form = docket.form
    assert form.facts.toPlainText() == "楼上漏水引发争吵" and form.case_no == case.case_no
    form.parties.set_party(0, "申请人", "张三")
    form.parties.set_party(1, "被申请人", "李四")
    form.save()
    qtbot.waitUntil(lambda: docket.panel.detail is not None)
    assert [c["case_no"] for c in docket.panel.detail.cases] == [case.case_no]
    assert [v.dispute_no for v in disputes_of_case(district, case.case_no)] == [docket.panel.detail.dispute.dispute_no]
