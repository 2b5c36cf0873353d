"""The people ledger page driven like a user: list, filters, search, card, forms, reveal, visits."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.people.id_numbers import make_id
from app.people.service import PeopleService
from db.schema import AuditEntry, Staff
from tests.conftest import local
from tests.ui.people.conftest import settle, shown_names
from ui.cases.queue_model import LIGHT_ROLE


def test_ledger_lists_persons_with_masked_numbers(page):
    """Every person is listed in pinyin order, ID and phone masked, with the count."""
    assert shown_names(page) == ["李梅", "钱多多", "王秀英", "张三", "张小明", "赵建国"]
    row = page.model.ledger_row(shown_names(page).index("张三"))
    assert row.phone_masked == "138****5678"
    assert "共 6 人" in page.counts.text()


def test_filters_change_the_rows(page, qtbot, ledger):
    """Choosing a grid, a category or an age band narrows the ledger; clearing brings all back."""
    bar = page.filters
    bar.region.setCurrentIndex(bar.region.findData("370299001001001"))
    qtbot.waitUntil(lambda: set(shown_names(page)) == {"张三", "李梅", "张小明"})
    qtbot.waitUntil(lambda: bar.building.isEnabled())
    bar.age.setCurrentIndex(bar.age.findData("0-17"))
    qtbot.waitUntil(lambda: shown_names(page) == ["张小明"])
    bar.clear()
    bar.category.setCurrentIndex(bar.category.findData("elderly_alone"))
    qtbot.waitUntil(lambda: shown_names(page) == ["王秀英"])
    bar.clear()
    qtbot.waitUntil(lambda: len(shown_names(page)) == 6)


def test_filter_grid_from_the_map(page, qtbot, ledger):
    """filter_grid(grid id) shows that grid's persons."""
    page.filter_grid(ledger.regions["370299002001001"])
    qtbot.waitUntil(lambda: set(shown_names(page)) == {"赵建国", "钱多多"})


def test_search_by_pinyin_initials(page, qtbot):
    """Typing pinyin initials and Enter finds the person."""
    page.filters.search.setText("zs")
    page.filters.search.returnPressed.emit()
    qtbot.waitUntil(lambda: shown_names(page) == ["张三"])


def test_card_shows_household_and_building(page, qtbot, ledger):
    """Selecting a person opens the card with household members and the building's residents."""
    page.table.selectRow(shown_names(page).index("张三"))
    qtbot.waitUntil(lambda: page.card.card is not None and page.card.card.person.name == "张三")
    members = {page.card.household.item(r, 0).text() for r in range(page.card.household.rowCount())}
    assert members == {"张三", "李梅", "张小明"}
    assert page.card.building.topLevelItem(0).text(0) == "1-101"
    assert page.card.facts.value("phone") == "138****5678"
    assert page.card.categories.topLevelItem(0).text(0) == "低保对象"


def test_add_person_through_the_form(page, qtbot):
    """A bad ID stays in the form with the reason beside the field; a good one adds the person."""
    page.add_person()
    form = page.dialog
    form.fields["name"].setText("孙悦")
    form.fields["id_number"].setText("370202199001011235")
    form.fields["grid"].setCurrentIndex(form.fields["grid"].findData("370299001001002"))
    form.save()
    qtbot.waitUntil(lambda: form.error_text("id_number") != "")
    assert "身份证号" in form.error_text("id_number") and form.isVisible()
    form.fields["id_number"].setText(make_id("370202", date(1990, 1, 1), 7, "女"))
    form.category_boxes["disabled"].setChecked(True)
    with qtbot.waitSignal(form.finished):
        form.save()
    qtbot.waitUntil(lambda: "孙悦" in shown_names(page))
    qtbot.waitUntil(lambda: page.card.card is not None and page.card.card.person.name == "孙悦")
    assert [m.name for m in page.card.card.categories] == ["残疾人"]


def test_edit_after_someone_else_saved_is_refused(page, qtbot, ui_ctx, ledger):
    """Saving an edit opened before another save shows the conflict and overwrites nothing."""
    page.open_person(ledger.persons["赵建国"])
    qtbot.waitUntil(lambda: page.card.card is not None and page.card.card.person.name == "赵建国")
    page.edit_person()
    form = page.dialog
    other = PeopleService(ui_ctx.database, now=ui_ctx.now, actor="other")
    other.update_person(ledger.persons["赵建国"], {"ethnicity": "回族"}, page.card.card.person.version)
    form.fields["ethnicity"].setText("汉族")
    form.save()
    qtbot.waitUntil(lambda: form.notice.kind == "error")
    assert "已被其他人修改" in form.notice.text() and form.isVisible()
    assert other.get_person(ledger.persons["赵建国"]).ethnicity == "回族"


def test_reveal_is_audited_and_refused_without_permission(page, qtbot, ui_ctx, ledger):
    """Reveal without the role: refused with a message, audited; with it: full number shown, audited."""
    page.open_person(ledger.persons["张三"])
    qtbot.waitUntil(lambda: page.card.card is not None)
    assert page.card.facts.value("birth_date") == "****-**-**（40岁）"
    page.card.reveal_button.click()
    qtbot.waitUntil(lambda: page.card.notice.kind == "error")
    assert "无权" in page.card.notice.text()
    with ui_ctx.database.write() as session:
        session.add(Staff(login="tester", name="测试", role="shift_leader"))
    page.card.reveal_button.click()
    qtbot.waitUntil(lambda: page.card.facts.value("phone") == "13812345678")
    assert page.card.facts.value("birth_date") == "1985-03-12（40岁）"
    with ui_ctx.database.read() as session:
        actions = sorted(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_id == ledger.persons["张三"])))
    assert actions.count("reveal_denied") == 3 and actions.count("reveal") == 3


def test_visits_due_show_lights_at_the_clock(page, qtbot, ui_ctx, clock, ledger):
    """The 待走访 tab lights each visit clock; a visit recorded there turns it green."""
    page.tabs.setCurrentWidget(page.visits)
    model = page.visits.model
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 4)
    lights = {row.name: model.data(model.index(n, 0), LIGHT_ROLE) for n, row in enumerate(model.rows)}
    assert lights == {"王秀英": "red", "赵建国": "red", "李梅": "yellow", "张三": "green"}
    assert model.data(model.index([r.name for r in model.rows].index("赵建国"), 3)) == "敏感类别"
    clock.set(local(2026, 1, 10, 10, 0))
    page.visits.reload()
    qtbot.waitUntil(lambda: not model.loading and all(
        model.data(model.index(n, 0), LIGHT_ROLE) == "red" for n in range(model.rowCount())))
    page.visits.table.selectRow(next(n for n, row in enumerate(model.rows) if row.name == "王秀英"))
    page.visits.visit_button.click()
    dialog = page.dialog
    dialog.content.setPlainText("上门看望，身体尚好")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    qtbot.waitUntil(lambda: any(row.name == "王秀英" and row.light.value == "green" for row in model.rows))


def test_person_without_data_still_opens(page, qtbot, ledger):
    """A person without ID, phone or birth date opens; the reveal button is off."""
    page.open_person(ledger.persons["钱多多"])
    qtbot.waitUntil(lambda: page.card.card is not None and page.card.card.person.name == "钱多多")
    assert not page.card.reveal_button.isEnabled()
    assert page.card.facts.value("id_number") == "—"


def test_sort_by_age_through_the_header(page, qtbot):
    """Clicking 年龄 sorts by age in the database (youngest first, no age last); an unsortable
    column changes nothing."""
    header = page.table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: shown_names(page)[0] == "张小明")
    assert shown_names(page)[-1] == "钱多多"
    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)
    settle(qtbot, page)
    assert header.sortIndicatorSection() == 2 and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert shown_names(page)[0] == "张小明"


def test_sensitive_category_filter_is_refused_without_permission(page, qtbot, ui_ctx):
    """Choosing 严重精神障碍患者 as a user without the reveal role says so, lists no one, and is audited."""
    bar = page.filters
    bar.category.setCurrentIndex(bar.category.findData("mental"))
    qtbot.waitUntil(lambda: page.notice.kind == "error")
    assert "无权按敏感类别" in page.notice.text() and "赵建国" not in shown_names(page)
    with ui_ctx.database.read() as session:
        refused = session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "sensitive_read_denied")).all()
    assert refused and set(refused) == {"tester"}


def test_sensitive_category_filter_with_permission_is_audited(page, qtbot, ui_ctx):
    """A shift leader filters by 严重精神障碍患者; the count shown is audited."""
    with ui_ctx.database.write() as session:
        session.add(Staff(login="tester", name="测试", role="shift_leader"))
    bar = page.filters
    bar.category.setCurrentIndex(bar.category.findData("mental"))
    qtbot.waitUntil(lambda: shown_names(page) == ["赵建国"] and "共 1 人" in page.counts.text())
    with ui_ctx.database.read() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "sensitive_read")).all()
    assert [(d["via"], d["categories"], d["rows"]) for d in details] == [("ledger", ["mental"], 1)]


def test_search_box_past_the_limits_is_marked_and_not_searched(page, qtbot):
    """Eleven words turn the box red with the limit as its tooltip; the ledger keeps its rows."""
    bar = page.filters
    with qtbot.assertNotEmitted(bar.changed, wait=400):
        bar.search.setText(" ".join(["zs"] * 11))
        bar.search.returnPressed.emit()
    assert bar.search.property("invalid") is True and "最多 10 个词" in bar.search.toolTip()
    assert len(shown_names(page)) == 6
    bar.search.setText("zs")
    assert bar.search.property("invalid") is False

