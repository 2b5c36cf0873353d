"""Supervision cards awaiting a reply, and replies with optimistic locking, on SQLite and PostgreSQL.

The exposed-rubbish case reported Tuesday 2025-09-30 10:00 (4工作时) turns yellow at 14:42 and
red at 15:30; the sweep files its cards.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.cases.cards import CardNotFound, awaiting_reply, get_card, reply_to_card
from app.cases.drafts import CaseDraft
from app.cases.errors import ConflictError, MissingInput
from db.schema import AuditEntry
from tests.conftest import local

YELLOW_AT = local(2025, 9, 30, 14, 42)
RED_AT = local(2025, 9, 30, 15, 30)


def dispatched_case(service, reported_at=local(2025, 9, 30, 10, 0)) -> str:
    case_no = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                       reported_at=reported_at), actor="grid1").case_no
    for action in ("verify", "register", "dispatch"):
        service.act(case_no, action, actor="disp1")
    return case_no


def sweep_at(service, clock, moment) -> None:
    clock.set(moment)
    service.sweep()


def summary(cards) -> list[tuple]:
    return [(c.color, c.label, c.case_no, c.issuer, c.issued_at) for c in cards]


def test_awaiting_lists_swept_card_with_its_details(service, clock):
    """A yellow card filed by the sweep awaits a reply with its case, reason and department."""
    case_no = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    (card,) = awaiting_reply(service)
    assert (card.color, card.label, card.case_no, card.case_title, card.reason, card.department,
            card.issuer, card.issued_at, card.reply, card.version) == (
        "yellow", "黄牌督办", case_no, "路边垃圾", f"案件 {case_no} 即将到期，请抓紧处置", "区城市管理局",
        "system", YELLOW_AT, None, 1,
    )


def test_awaiting_orders_red_then_leader_then_yellow(service, clock):
    """Red cards come first, then leaders' instructions, then yellow cards, oldest first in each.

    The case reported at 09:00 turns yellow at 13:42 and red at 14:30.
    """
    early = dispatched_case(service, local(2025, 9, 30, 9, 0))
    late = dispatched_case(service)
    sweep_at(service, clock, local(2025, 9, 30, 14, 0))
    sweep_at(service, clock, YELLOW_AT)
    service.act(late, "supervise", actor="leader1", note="请区城管局今日办结")
    sweep_at(service, clock, local(2025, 9, 30, 15, 0))
    assert summary(awaiting_reply(service)) == [
        ("red", "红牌督办", early, "system", YELLOW_AT),
        ("leader", "领导督办", late, "leader1", YELLOW_AT),
        ("yellow", "黄牌督办", early, "system", local(2025, 9, 30, 14, 0)),
        ("yellow", "黄牌督办", late, "system", YELLOW_AT),
    ]


def test_awaiting_limit_keeps_the_first(service, clock):
    """With a limit only the first cards in order are returned."""
    dispatched_case(service, local(2025, 9, 30, 9, 0))
    dispatched_case(service)
    sweep_at(service, clock, RED_AT)
    assert [c.color for c in awaiting_reply(service, limit=1)] == ["red"]


def test_reply_removes_card_from_awaiting(service, clock):
    """A reply is stored with its time, bumps the version, and the card no longer awaits one."""
    case_no = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    (card,) = awaiting_reply(service)
    clock.set(local(2025, 9, 30, 14, 50))
    replied = reply_to_card(service, card.id, "  已安排清运，预计15时前完成  ", actor="cgj01", expected_version=1)
    assert (replied.reply, replied.replied_at, replied.version, replied.case_no) == (
        "已安排清运，预计15时前完成", local(2025, 9, 30, 14, 50), 2, case_no)
    assert awaiting_reply(service) == []
    assert service.get(case_no).cards[0].reply == "已安排清运，预计15时前完成"


def test_reply_is_audited(service, clock):
    """Who replied, when (the wall clock, never the service's evaluation instant) and from which
    workstation goes to the audit log."""
    dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    (card,) = awaiting_reply(service)
    before = datetime.now(timezone.utc)
    reply_to_card(service, card.id, "已处理", actor="cgj01")
    with service.database.read() as session:
        rows = session.execute(select(AuditEntry.actor, AuditEntry.workstation, AuditEntry.action,
                                      AuditEntry.entity, AuditEntry.at)).all()
    assert [tuple(r)[:4] for r in rows] == [("cgj01", "test", "reply", "supervision_card")]
    assert before - timedelta(seconds=1) <= rows[0].at.replace(tzinfo=timezone.utc) <= datetime.now(timezone.utc)


def test_reply_with_stale_version_is_refused(service, clock):
    """A reply quoting an older version than the card's writes nothing and says so."""
    case_no = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    (card,) = awaiting_reply(service)
    with pytest.raises(ConflictError, match=f"案件 {case_no} 的黄牌督办单已被他人修改"):
        reply_to_card(service, card.id, "已处理", actor="cgj01", expected_version=0)
    assert get_card(service, card.id).reply is None


def test_second_reply_is_refused(service, clock):
    """Two dispatchers answering the same card: the second is told it was already answered."""
    case_no = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    (card,) = awaiting_reply(service)
    reply_to_card(service, card.id, "第一条回复", actor="disp1", expected_version=card.version)
    with pytest.raises(ConflictError, match=f"案件 {case_no} 的黄牌督办单已由他人回复"):
        reply_to_card(service, card.id, "第二条回复", actor="disp2", expected_version=card.version)
    assert get_card(service, card.id).reply == "第一条回复"


def test_reply_needs_a_note(service, clock):
    """A blank reply is refused before anything is written."""
    dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    (card,) = awaiting_reply(service)
    with pytest.raises(MissingInput, match="回复督办单需要填写回复内容"):
        reply_to_card(service, card.id, "   ", actor="disp1")
    assert get_card(service, card.id).version == 1


@pytest.mark.parametrize("card_id", ["01a20822-fbc1-7a48-a513-172ea5114fb4", "不是编号"])
def test_reply_to_unknown_card_is_refused(service, card_id):
    """An id that names no card, or is no id at all, gives CardNotFound."""
    with pytest.raises(CardNotFound, match="督办单"):
        reply_to_card(service, card_id, "已处理", actor="disp1")


def test_cards_of_closed_cases_no_longer_await(service, clock):
    """Once its case is closed a card leaves the list, reply or not."""
    case_no = dispatched_case(service)
    sweep_at(service, clock, YELLOW_AT)
    for action in ("accept", "feedback", "approve"):
        service.act(case_no, action, actor="disp1")
    assert awaiting_reply(service) == []
