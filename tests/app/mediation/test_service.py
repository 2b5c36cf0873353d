"""The mediation service on a real database: refusals name the state and change nothing; notice
before acceptance; extension only with consent; the file and performance before closing; locking."""

import pytest

from app.cases.errors import ActionNotAllowed, ConflictError, MissingInput
from app.mediation.alerts import dispute_alerts
from app.mediation.drafts import ActionInputs
from app.mediation.states import DisputeStatus
from app.mediation.workflow import TRANSITIONS
from tests.app.mediation.conftest import PATHS, STEP_INPUTS, advance, register


def _refused_action(status: DisputeStatus) -> str:
    return next(a.value for a, (sources, _) in TRANSITIONS.items() if status not in sources)


@pytest.mark.parametrize("state", list(PATHS))
def test_each_state_reached_and_a_wrong_action_refused(mediation, state):
    """Every state is reached through the service; an action it does not allow is refused naming it, unchanged."""
    number = register(mediation)
    advance(mediation, number, *PATHS[state])
    before = mediation.view(number)
    assert before.status == state
    action = _refused_action(DisputeStatus(state))
    with pytest.raises(ActionNotAllowed, match=f"纠纷当前状态为“{DisputeStatus(state).label}”"):
        mediation.act(number, action, actor="m", inputs=STEP_INPUTS.get(action))
    after = mediation.view(number)
    assert (after.status, after.version) == (before.status, before.version)
    assert len(mediation.get(number).events) == len(PATHS[state]) + 1


def test_notice_is_served_before_acceptance(mediation):
    """受理 before the 告知书 is refused; after it the dispute is accepted and its clock runs."""
    number = register(mediation)
    with pytest.raises(ActionNotAllowed, match="须先送达权利义务告知书"):
        mediation.act(number, "accept", actor="m")
    assert mediation.view(number).accepted_at is None
    advance(mediation, number, "notify", "accept")
    view = mediation.view(number)
    assert view.status == "accepted" and view.accepted_at is not None and view.light is not None
    assert [e["action"] for e in mediation.get(number).events] == ["register", "notify", "accept"]


def test_extension_needs_every_party_consent(mediation):
    """An extension without the respondent's consent is refused naming him; with both it moves the due date."""
    number = register(mediation)
    advance(mediation, number, "notify", "accept", "session")
    due = mediation.view(number).due_at
    with pytest.raises(ActionNotAllowed, match="被申请人 李四"):
        mediation.act(number, "extend", actor="m", inputs=ActionInputs(limit="15天", consent=("张三",)))
    assert mediation.view(number).due_at == due
    mediation.act(number, "extend", actor="m", inputs=ActionInputs(limit="15天", consent=("张三", "李四")))
    assert (mediation.view(number).due_at - due).days == 15
    event = mediation.get(number).events[-1]
    assert event["action"] == "extend" and event["data"]["consent"] == ["张三", "李四"]


def test_extension_needs_a_period(mediation):
    """An extension without --limit is refused."""
    number = register(mediation)
    advance(mediation, number, "notify", "accept")
    with pytest.raises(MissingInput, match="延长的期限"):
        mediation.act(number, "extend", actor="m", inputs=ActionInputs(consent=("张三", "李四")))


def test_closing_with_a_missing_file_item_is_refused_naming_it(mediation):
    """An agreed dispute performed but never visited cannot close: 回访记录 is missing."""
    number = register(mediation)
    advance(mediation, number, "notify", "accept", "session", "agree_written")
    with pytest.raises(ActionNotAllowed, match="第1项义务待履行"):
        mediation.act(number, "close", actor="m")
    advance(mediation, number, "fulfil")
    with pytest.raises(ActionNotAllowed, match="卷宗材料不全，不能结案：缺少回访记录"):
        mediation.act(number, "close", actor="m")
    assert mediation.view(number).status == "agreed"
    advance(mediation, number, "visit", "close")
    assert mediation.view(number).status == "closed"


def test_closing_an_oral_agreement_needs_its_register_entry_only(mediation):
    """An oral agreement without obligations closes once visited (口头协议登记表 comes with the agreement)."""
    number = register(mediation)
    advance(mediation, number, "notify", "accept", "session", "agree_oral", "visit", "close")
    detail = mediation.get(number)
    assert detail.dispute.status == "closed"
    assert {c.code for c in detail.checklist if c.required} == {"application", "notice", "session",
                                                               "oral_register", "visit"}


def test_a_document_fills_a_checklist_item(mediation):
    """A transferred dispute closes after its receipt; a missing receipt is named."""
    number = register(mediation)
    advance(mediation, number, "notify", "transfer")
    with pytest.raises(ActionNotAllowed, match="缺少移交函及回执"):
        mediation.act(number, "close", actor="m")
    mediation.act(number, "add_document", actor="m", inputs=ActionInputs(item="移交函及回执"))
    advance(mediation, number, "close")
    assert mediation.view(number).status == "closed"


def test_stale_version_is_a_conflict_and_writes_nothing(mediation):
    """An action on the version the user saw, after someone else acted, is refused as a conflict."""
    number = register(mediation)
    seen = mediation.view(number).version
    advance(mediation, number, "notify")
    with pytest.raises(ConflictError, match="已被他人修改"):
        mediation.act(number, "refuse", actor="m", inputs=ActionInputs(note="不同意"), expected_version=seen)
    assert mediation.view(number).status == "notified"


def test_escalation_climbs_committees_up_the_ladder(district):
    """From a mediation group to the community, street and district bodies, then refused at the top."""
    number = register(district, committee="渔港社区第一调解小组", community="渔港社区")
    assert district.view(number).level_label == "调解小组"
    advance(district, number, "notify", "accept")
    seen = []
    for _ in range(3):
        view = district.act(number, "escalate", actor="m")
        seen.append((view.level_label, view.committee))
    assert seen == [("村居调委会", "渔港社区人民调解委员会"), ("镇街调委会", "海湾街道人民调解委员会"),
                    ("区县调解中心", "青澜区矛盾纠纷调处中心")]
    with pytest.raises(ActionNotAllowed, match="不能再升级"):
        district.act(number, "escalate", actor="m")
    assert [t["kind"] for t in district.get(number).transfers] == ["升级"] * 3


@pytest.mark.parametrize("kind", ["公调", "诉调", "访调", "检调", "仲调"])
def test_each_transfer_kind_with_receipt_and_outcome(mediation, kind):
    """A typed transfer waits for its receipt, then its outcome, then the dispute can close."""
    number = register(mediation)
    advance(mediation, number, "notify", "accept")
    mediation.act(number, "transfer", actor="m", inputs=ActionInputs(kind=kind, ref_no="转-1"))
    with pytest.raises(ActionNotAllowed, match="尚未登记回执"):
        mediation.act(number, "transfer_outcome", actor="m", inputs=ActionInputs(note="已处理"))
    mediation.act(number, "transfer_receipt", actor="m")
    mediation.act(number, "transfer_outcome", actor="m", inputs=ActionInputs(note="已处理"))
    detail = mediation.get(number)
    transfer = detail.transfers[-1]
    assert (transfer["kind"], transfer["outcome"]) == (kind, "已处理") and transfer["received_at"] is not None
    assert detail.dispute.result == "移交" and detail.dispute.light is None
    advance(mediation, number, "close")
    assert mediation.view(number).status == "closed"


def test_unknown_transfer_kind_is_refused(mediation):
    """A transfer of an unknown kind is refused listing the kinds."""
    number = register(mediation)
    with pytest.raises(MissingInput, match="公调、诉调、访调、检调、仲调"):
        mediation.act(number, "transfer", actor="m", inputs=ActionInputs(kind="网调"))


def test_referral_keeps_its_body_and_runs_the_court_limit(mediation, clock):
    """A court-delegated dispute needs the court's name, keeps its case number and has 30 days from receipt."""
    with pytest.raises(MissingInput, match="须记录移送单位"):
        register(mediation, source="法院委派")
    number = register(mediation, source="法院委派", referring_body="青澜区人民法院", referring_no="（2025）鲁0299民诉前调1号")
    detail = mediation.get(number)
    assert (detail.referring_body, detail.limit, detail.dispute.light) == ("青澜区人民法院", "30天", "green")
    assert detail.mediation_due_at.astimezone(mediation.tz).date().isoformat() == "2025-10-31"


def test_risk_flags_raise_the_dispatcher_alert(mediation):
    """Flagging 民转刑 makes the warning red and puts the dispute on the dispatcher's alerts."""
    quiet = register(mediation)
    loud = register(mediation)
    mediation.act(loud, "flag", actor="m", inputs=ActionInputs(flags=("民转刑",)))
    alerts = dispute_alerts(mediation)
    assert [a.dispute_no for a in alerts] == [loud]
    assert alerts[0].warning == "红" and alerts[0].flags == ("民转刑",)
    assert quiet not in [a.dispute_no for a in alerts]


def test_major_dispute_is_flagged_by_itself(mediation):
    """Twelve people involved make a dispute 重大疑难 (orange) without anyone flagging it."""
    number = register(mediation, people_involved=12)
    view = mediation.view(number)
    assert view.risk_flags == ("重大疑难",) and view.warning == "橙" and not view.alert


def test_unknown_flag_is_refused(mediation):
    """A flag that is not configured is refused naming it."""
    number = register(mediation)
    with pytest.raises(MissingInput, match="未知的风险标记“外星人”"):
        mediation.act(number, "flag", actor="m", inputs=ActionInputs(flags=("外星人",)))


def test_oral_agreement_cannot_be_confirmed(mediation):
    """Judicial confirmation needs a written agreement."""
    number = register(mediation)
    advance(mediation, number, "notify", "accept", "session", "agree_oral")
    with pytest.raises(ActionNotAllowed, match="口头协议不能申请司法确认"):
        mediation.act(number, "apply_confirmation", actor="m")


def test_bad_party_is_refused_before_anything_is_written(mediation):
    """A party with a wrong ID number is refused without its digits, and no dispute is created."""
    from app.mediation.drafts import PartyDraft

    with pytest.raises(MissingInput) as error:
        register(mediation, parties=(PartyDraft(role="申请人", name="张三", id_number="110105199001011234"),))
    assert "110105" not in str(error.value)
    assert mediation.count() == 0


@pytest.mark.parametrize("state", ["filed", "confirming", "transferred", "agreed"])
def test_stored_state_is_what_the_events_say(mediation, state):
    """Replaying a dispute's events gives the status, result and confirmation it has stored."""
    from app.mediation.states import DisputeAction
    from app.mediation.workflow import DisputeStep, replay

    number = register(mediation)
    advance(mediation, number, *PATHS[state])
    detail = mediation.get(number)
    steps = [DisputeStep(action=DisputeAction(e["action"]), note=e["note"] or "记录",
                         level=(e["data"] or {}).get("level"), decision=(e["data"] or {}).get("decision"))
             for e in detail.events[1:]]
    replayed = replay(steps, level=detail.dispute.level)
    assert (replayed.status.value, replayed.result, replayed.confirmation_status) == (
        detail.dispute.status, detail.dispute.result, detail.confirmation_status)
