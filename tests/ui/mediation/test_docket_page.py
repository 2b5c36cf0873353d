"""The docket page: filters, the card, action forms, the register form, the monthly table and
screening, on the small docket of conftest."""

from __future__ import annotations

from app.mediation.drafts import ActionInputs, PartyDraft
from app.people.service import PeopleService
from tests.app.mediation.conftest import draft
from tests.ui.mediation.conftest import open_card, settle


def _numbers(page) -> set[str]:
    return {page.model.view_at(n).dispute_no for n in range(page.model.rowCount())}


def test_open_disputes_listed_then_state_filter_changes_rows(qtbot, page, docket):
    """The page opens on the open disputes; choosing a state shows only those."""
    assert _numbers(page) == set(docket.values())  # a refused dispute is still open until closed
    page.filters.state.choose("mediating")
    settle(qtbot, page)
    assert _numbers(page) == {docket["labour"]}
    page.filters.clear()
    page.filters.search.setText("工资")
    page.filters.search.returnPressed.emit()
    settle(qtbot, page)
    assert _numbers(page) == {docket["labour"]}


def test_card_shows_parties_and_confirmation_countdown(qtbot, page, docket):
    """The card of an agreed dispute shows its parties, terms, obligations and the 30-day countdown."""
    card = open_card(qtbot, page, docket["agreed"])
    assert "张三" in card.text_of("parties") and "李四" in card.text_of("parties")
    assert "李四修复水管" in card.text_of("agreement")
    assert "司法确认申请期限还剩 30 天" in card.text_of("agreement")
    assert "赔偿 500 元" in card.text_of("obligations")
    assert "close" in card.buttons and "notify" not in card.buttons


def test_action_refused_shows_the_services_message_in_the_form(qtbot, page, docket):
    """Closing with an obligation unperformed is refused in the form, without the CLI hint; nothing changes."""
    open_card(qtbot, page, docket["agreed"])
    form = page.panel.open_action("close")
    form.submit()
    qtbot.waitUntil(lambda: form.error.isVisible())
    assert form.error.text().startswith("协议尚未履行完毕，不能结案")
    assert form.isVisible()
    assert page.service.view(docket["agreed"]).status == "agreed"
    form.reject()


def test_missing_input_names_what_is_needed(qtbot, page, docket):
    """A written agreement without terms is refused with the service's line."""
    open_card(qtbot, page, docket["labour"])
    form = page.panel.open_action("agree_written")
    form.submit()
    qtbot.waitUntil(lambda: form.error.isVisible())
    assert form.error.text() == "协议需要至少一条协议内容"
    form.reject()


def test_action_performed_updates_the_card_and_list(qtbot, page, docket):
    """送达告知书 moves a registered dispute to 待受理 on the card and in the list."""
    card = open_card(qtbot, page, docket["registered"])
    form = page.panel.open_action("notify")
    form.set_value("note", "当面送达")
    form.submit()
    qtbot.waitUntil(lambda: card.detail.dispute.status == "notified")
    assert "accept" in card.buttons and "notify" not in card.buttons
    assert "送达告知书：当面送达" in card.text_of("history")
    settle(qtbot, page)
    row = page.model.row_of(docket["registered"])
    assert page.model.view_at(row).status_label == "待受理"


def test_conflict_is_shown_and_the_card_reloaded(qtbot, page, docket, mediation):
    """An action on a dispute another desk changed since is not saved; the card says so and reloads."""
    card = open_card(qtbot, page, docket["accepted"])
    mediation.act(docket["accepted"], "session", actor="other desk", inputs=ActionInputs(note="另一台电脑"))
    form = page.panel.open_action("terminate")
    form.submit()
    qtbot.waitUntil(lambda: "已被他人修改" in page.panel.notice.text())
    qtbot.waitUntil(lambda: card.detail.dispute.status == "mediating")
    assert mediation.view(docket["accepted"]).status == "mediating"


def test_register_form_registers_and_opens_the_card(qtbot, page, docket):
    """A dispute typed into the register form is registered, listed and opened."""
    form = page.open_register()
    form.type.setCurrentIndex(form.type.findText("劳资纠纷"))
    form.facts.setPlainText("装修款结算争议")
    form.parties.set_party(0, "申请人", "王五")
    form.parties.set_party(1, "被申请人", "某装饰公司")
    form.save()
    qtbot.waitUntil(lambda: page.panel.detail is not None and page.panel.detail.dispute.facts == "装修款结算争议")
    assert "王五" in page.panel.card.text_of("parties")
    settle(qtbot, page)
    assert page.model.rowCount() == 6


def test_register_form_refusal_is_shown(qtbot, page):
    """A form without facts is refused in the form and nothing is registered."""
    form = page.open_register()
    form.save()
    qtbot.waitUntil(lambda: form.notice.isVisible())
    assert form.notice.text()
    assert page.service.count() == 5
    form.reject()


def test_stats_view_shows_the_months_totals(qtbot, page, docket, clock):
    """The September table counts the four accepted disputes, one agreement, in 小计."""
    page.tabs.setCurrentWidget(page.stats)
    qtbot.waitUntil(lambda: page.stats.table_data is not None)
    total_row = len(page.stats.table_data.by_type) - 1
    assert page.stats.table.item(total_row, 1).text() == "小计"
    assert page.stats.cell(total_row, "accepted") == "3"
    assert page.stats.cell(total_row, "success") == "1"
    assert page.stats.cell(total_row, "written") == "1"


def test_stats_export_writes_a_workbook(qtbot, page, tmp_path):
    """Export writes the shown month to an .xlsx file off the UI thread."""
    page.tabs.setCurrentWidget(page.stats)
    qtbot.waitUntil(lambda: page.stats.table_data is not None)
    target = tmp_path / "table.xlsx"
    page.stats.export(str(target))
    qtbot.waitUntil(lambda: page.stats.notice.kind == "success")
    assert target.stat().st_size > 0


def test_screening_zero_report_filed(qtbot, page):
    """Both communities are missing; a zero report for one takes it off the list."""
    page.tabs.setCurrentWidget(page.screening)
    qtbot.waitUntil(lambda: page.screening.missing.rowCount() == 2)
    assert page.screening.missing_names() == ["渔港社区", "山前社区"]
    page.screening.community.setCurrentIndex(page.screening.community.findText("山前社区"))
    page.screening.file(zero=True)
    qtbot.waitUntil(lambda: page.screening.notice.kind == "success")
    qtbot.waitUntil(lambda: page.screening.missing_names() == ["渔港社区"])
    assert "2025-09" in page.screening.notice.text()


def test_show_person_lists_only_their_disputes(qtbot, page, mediation, docket):
    """The docket of one party (as a person's card opens it) lists only the disputes they are party to."""
    people = PeopleService(mediation.database, now=mediation.now, actor="tester")
    person_id = people.add_person({"name": "赵六", "residence_type": "境外人员"})
    number = mediation.register(draft(parties=(PartyDraft(role="申请人", name="赵六", person_id=person_id),
                                               PartyDraft(role="被申请人", name="钱七"))), "clerk").dispute_no
    page.show_person(person_id, "赵六")
    settle(qtbot, page)
    assert _numbers(page) == {number}
    assert page.filters.person_chip.isVisible()
