"""Creating a case checks the draft before the database sees it, alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.calendar import WorkingCalendar
from app.cases.draft_rules import CaseDraftError
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from db.schema import Case, CaseEvent
from tests.conftest import local


def create(service, **changes):
    """Create a valid grid-worker case with ``changes`` through the service."""
    values = dict(source="网格员上报", category="暴露垃圾", description="路边垃圾", reported_at=local(2025, 9, 30, 9, 0))
    return service.create(CaseDraft(**{**values, **changes}), actor="grid1")


def stored(database) -> tuple[int, int]:
    """How many cases and events the database holds."""
    with database.read() as session:
        return (session.scalar(select(func.count()).select_from(Case)),
                session.scalar(select(func.count()).select_from(CaseEvent)))


def test_250_character_title_gets_the_same_message_on_both_backends(service):
    """A 250-character title is refused with one clear line and nothing is written (no traceback on PG)."""
    with pytest.raises(CaseDraftError) as error:
        create(service, title="标" * 250)
    assert str(error.value) == "标题：最多200个字，现在有250个字"
    assert stored(service.database) == (0, 0)


@pytest.mark.parametrize(("changes", "message"), [
    ({"source": "来" * 21}, "来源：最多20个字，现在有21个字"),
    ({"external_no": "W" * 65}, "工单编号：最多64个字，现在有65个字"),
    ({"reporter_name": "名" * 51}, "报告人姓名：最多50个字，现在有51个字"),
    ({"description": "垃圾\x00"}, "事件描述：含有不可见的空字符（NUL），请删除后重试"),
    ({"reported_at": local(1000, 1, 1, 8, 0)}, "上报时间：1000-01-01早于1900年，不是有效的上报时间"),
    ({"reporter_phone": "12345"}, "联系电话：手机号码应为11位数字，现在是5位"),
    ({"lon": 120.1}, "纬度：经度和纬度要么都填，要么都不填"),
    ({"category": "不存在"}, "事件类别：“不存在”不是已配置的事件类别"),
])
def test_broken_rule_is_refused_before_the_database(service, changes, message):
    """Each rule the draft breaks gives its one line on either backend, and no row is written."""
    with pytest.raises(CaseDraftError) as error:
        create(service, **changes)
    assert str(error.value) == message
    assert stored(service.database) == (0, 0)


def test_created_case_holds_the_cleaned_values(service):
    """The stored case has the folded work-order number, the normalised phone and a derived title."""
    view = create(service, external_no="ＷＯ０００５０１", reporter_phone="138 0532 6677", title="",
                  description="幸福路垃圾堆放\n请处理")
    with service.database.read() as session:
        row = session.scalar(select(Case).where(Case.case_no == view.case_no))
        assert (row.external_no, row.reporter_phone, row.title) == ("WO000501", "13805326677", "幸福路垃圾堆放")


def test_deadline_beyond_the_calendar_is_one_line_and_writes_nothing(service, monkeypatch):
    """An action whose deadline cannot be computed (past the year 9999) is refused with one line."""
    case_no = create(service, reported_at=local(2025, 9, 30, 9, 0)).case_no
    before = len(service.get(case_no).events)

    def overflowing(self, start, amounts):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(WorkingCalendar, "add_working_seconds_many", overflowing)
    with pytest.raises(CaseError) as error:
        service.act(case_no, "extend", actor="lead1", note="施工", limit="250工作日")
    assert str(error.value) == f"案件 {case_no} 的期限将超出可计算的范围（公元9999年），本次操作未保存"
    monkeypatch.undo()
    assert len(service.get(case_no).events) == before
