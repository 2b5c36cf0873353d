"""The docket workflow: every action allowed where the table says, refused elsewhere naming the state."""

import pytest

from app.cases.errors import ActionNotAllowed, MissingInput
from app.mediation.states import DisputeAction, DisputeStatus
from app.mediation.workflow import TRANSITIONS, DisputeSnapshot, DisputeStep, allowed_actions, apply, replay

_INPUTS = {"refuse": "n", "terminate": "n", "fail": "n", "investigate": "n", "session": "n", "urge": "n",
           "visit": "n"}
PAIRS = [(status, action) for status in DisputeStatus for action in TRANSITIONS]


def _step(action):
    return DisputeStep(action=action, note=_INPUTS.get(action.value), decision="confirmed")


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS])
def test_every_action_allowed_or_refused_naming_the_state(status, action):
    """Each (state, action) pair is applied when the table allows it and refused with the state's name otherwise."""
    sources, target = TRANSITIONS[action]
    snapshot = DisputeSnapshot(status=status, level=2)
    if status in sources:
        after = apply(snapshot, _step(action))
        assert after.status == (target or status)
    else:
        with pytest.raises(ActionNotAllowed) as error:
            apply(snapshot, _step(action))
        assert f"纠纷当前状态为“{status.label}”" in str(error.value)
        assert action.label in str(error.value)


def test_acceptance_needs_the_notice_first():
    """Accepting a registered dispute is refused until the 权利义务告知书 is served."""
    with pytest.raises(ActionNotAllowed, match="受理前须先送达权利义务告知书"):
        apply(DisputeSnapshot(status=DisputeStatus.REGISTERED), DisputeStep(action=DisputeAction.ACCEPT))
    notified = apply(DisputeSnapshot(status=DisputeStatus.REGISTERED), DisputeStep(action=DisputeAction.NOTIFY))
    assert apply(notified, DisputeStep(action=DisputeAction.ACCEPT)).status == DisputeStatus.ACCEPTED


def test_refusal_needs_a_reason():
    """不予受理 without a reason is refused and the state stays."""
    with pytest.raises(MissingInput):
        apply(DisputeSnapshot(status=DisputeStatus.NOTIFIED), DisputeStep(action=DisputeAction.REFUSE))


def test_escalation_climbs_the_ladder_and_stops_at_the_district():
    """Escalating goes one rung up each time and is refused at 区县调解中心."""
    snapshot = DisputeSnapshot(status=DisputeStatus.MEDIATING, level=1)
    levels = []
    for _ in range(3):
        snapshot = apply(snapshot, DisputeStep(action=DisputeAction.ESCALATE))
        levels.append(snapshot.level)
    assert levels == [2, 3, 4]
    with pytest.raises(ActionNotAllowed, match="区县调解中心"):
        apply(snapshot, DisputeStep(action=DisputeAction.ESCALATE))


def test_escalation_cannot_go_down():
    """Asking to escalate to the same or a lower rung is refused."""
    with pytest.raises(MissingInput, match="更高一级"):
        apply(DisputeSnapshot(status=DisputeStatus.MEDIATING, level=3), DisputeStep(action=DisputeAction.ESCALATE,
                                                                                   level=2))


def test_replay_derives_the_state_from_the_events():
    """The state is what the steps lead to: agreement, confirmation, close."""
    steps = [_step(DisputeAction(a)) for a in ("notify", "accept", "session", "agree_written",
                                               "apply_confirmation", "confirm", "close", "file")]
    final = replay(steps)
    assert (final.status, final.result, final.confirmation_status) == (DisputeStatus.FILED, "书面协议", "confirmed")


def test_allowed_actions_of_a_closed_dispute():
    """A closed dispute can still be visited, linked and filed, nothing else."""
    assert allowed_actions(DisputeStatus.CLOSED) == [DisputeAction.VISIT, DisputeAction.FILE,
                                                     DisputeAction.LINK_CASE]
