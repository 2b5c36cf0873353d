"""Fixtures of the docket tests: a service at a settable instant, a small district with its
committees on each rung of the ladder, and helpers that register and advance disputes."""

from __future__ import annotations

from datetime import date

import pytest

from app.mediation.drafts import ActionInputs, DisputeDraft, ObligationDraft, PartyDraft
from app.mediation.register import add_committee, add_mediator
from app.mediation.service import MediationService
from db.schema import Region


@pytest.fixture
def mediation(database, clock):
    """A MediationService on the test database, evaluated at `clock`."""
    return MediationService(database, now=clock, workstation="test")


@pytest.fixture
def district(database, mediation):
    """区 → 街道 → 社区 (two) → 网格, with a committee on every rung and two mediators."""
    with database.write() as session:
        area = Region(code="370299", name="青澜区", level="district")
        session.add(area)
        session.flush()
        street = Region(code="370299001", name="海湾街道", level="street", parent_id=area.id)
        session.add(street)
        session.flush()
        for code, name in (("370299001001", "渔港社区"), ("370299001002", "山前社区")):
            community = Region(code=code, name=name, level="community", parent_id=street.id)
            session.add(community)
            session.flush()
            session.add(Region(code=code + "001", name=name + "第一网格", level="grid", parent_id=community.id))
    add_committee(mediation, code="TJ-YG-1", name="渔港社区第一调解小组", level=1, region="370299001001001")
    add_committee(mediation, code="TJ-YG", name="渔港社区人民调解委员会", level=2, region="370299001001")
    add_committee(mediation, code="TJ-SQ", name="山前社区人民调解委员会", level=2, region="370299001002")
    add_committee(mediation, code="TJ-HW", name="海湾街道人民调解委员会", level=3, region="370299001")
    add_committee(mediation, code="TJ-QL", name="青澜区矛盾纠纷调处中心", level=4, region="370299")
    add_mediator(mediation, name="王调解", committee="TJ-YG", kind="专职")
    add_mediator(mediation, name="李调解", committee="TJ-HW")
    return mediation


def draft(**overrides) -> DisputeDraft:
    """A neighbours' dispute between 张三 and 李四 unless `overrides` say otherwise."""
    values = dict(type="邻里", facts="楼上卫生间漏水，损坏楼下吊顶", claims="修复并赔偿",
                  parties=(PartyDraft(role="申请人", name="张三"), PartyDraft(role="被申请人", name="李四")))
    values.update(overrides)
    return DisputeDraft(**values)


def register(service, **overrides) -> str:
    """Register a dispute and return its number."""
    return service.register(draft(**overrides), "clerk").dispute_no


WRITTEN = ActionInputs(terms=("李四修复水管", "李四赔偿张三 500 元"),
                       obligations=(ObligationDraft(what="赔偿 500 元", amount=500, due_on=date(2025, 10, 31),
                                                    obligor="李四"),))
NOTES = ActionInputs(note="记录")

#: the inputs each step of `advance` passes
STEP_INPUTS = {
    "refuse": NOTES, "investigate": NOTES, "session": NOTES, "fail": NOTES, "terminate": NOTES, "urge": NOTES,
    "visit": NOTES, "agree_written": WRITTEN, "agree_oral": ActionInputs(terms=("互相道歉",)),
    "confirm": ActionInputs(decision="confirmed"), "fulfil": ActionInputs(evidence="收条"),
    "transfer": ActionInputs(kind="诉调"), "transfer_outcome": ActionInputs(note="已判决"),
    "flag": ActionInputs(flags=("民转刑",)), "extend": ActionInputs(limit="15天", consent=("张三", "李四")),
    "assign": ActionInputs(mediator="王调解"), "add_document": ActionInputs(item="performance"),
}


def advance(service, number: str, *actions: str) -> None:
    """Apply `actions` in order with the inputs each needs."""
    for action in actions:
        service.act(number, action, actor="mediator", inputs=STEP_INPUTS.get(action))


#: a path through the workflow reaching each state
PATHS = {
    "registered": (),
    "notified": ("notify",),
    "accepted": ("notify", "accept"),
    "investigating": ("notify", "accept", "investigate"),
    "mediating": ("notify", "accept", "session"),
    "agreed": ("notify", "accept", "session", "agree_written"),
    "confirming": ("notify", "accept", "session", "agree_written", "apply_confirmation"),
    "failed": ("notify", "accept", "session", "fail"),
    "terminated": ("notify", "accept", "terminate"),
    "refused": ("refuse",),
    "transferred": ("notify", "accept", "transfer"),
    "closed": ("refuse", "close"),
    "filed": ("refuse", "close", "file"),
}
