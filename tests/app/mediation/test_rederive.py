"""Re-deriving a dispute from its merged events (offline sync), on SQLite and PostgreSQL.

A history the service wrote replays to exactly the stored row (state, clock, lights, dates); a
desk's offline event the state no longer allows is kept, marked and returned, and later valid
events still apply.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.mediation.drafts import ActionInputs
from app.mediation.rederive import RejectedEvent, rederive_dispute
from app.mediation.service import find_row
from db.ids import uuid7
from db.schema import Dispute, DisputeEvent
from tests.app.mediation.conftest import STEP_INPUTS, register

EXTRA_INPUTS = {"escalate": ActionInputs(level="镇街调委会"), "add_document": ActionInputs(item="移交函及回执"),
                "file": ActionInputs(retention="永久")}


def run(service, clock, number, *actions) -> None:
    """Act in order, six hours apart (so clocks and dates move), with the inputs each needs."""
    for action in actions:
        clock.set(clock.value + timedelta(hours=6))
        inputs = EXTRA_INPUTS.get(action) or STEP_INPUTS.get(action)
        service.act(number, action, actor="mediator", inputs=inputs)


def row_values(service, number) -> dict:
    """Every column of the dispute row (version and updated_at included: nothing may move)."""
    with service.database.read() as session:
        row = find_row(session, number)
        return {column.key: getattr(row, column.key) for column in Dispute.__table__.columns}


def history(service, number) -> list[tuple]:
    with service.database.read() as session:
        row = find_row(session, number)
        return [(e.seq, e.action, e.from_status, e.to_status, e.data) for e in session.scalars(
            select(DisputeEvent).where(DisputeEvent.dispute_id == row.id).order_by(DisputeEvent.seq))]


def rederive(service, number) -> list[RejectedEvent]:
    with service.database.write() as session:
        return rederive_dispute(session, find_row(session, number), service.config())


def append_offline(service, number, action, *, note=None, data=None) -> int:
    """Insert a desk's offline event as the next seq, as the sync would (the row not touched)."""
    with service.database.write() as session:
        row = find_row(session, number)
        last = session.scalar(select(DisputeEvent).where(DisputeEvent.dispute_id == row.id)
                              .order_by(DisputeEvent.seq.desc()))
        session.add(DisputeEvent(id=uuid7(), dispute_id=row.id, seq=last.seq + 1, action=action, actor="desk2",
                                 at=last.at + timedelta(hours=1), note=note, from_status="notified",
                                 to_status="refused", data=data, workstation="desk2"))
        return last.seq + 1


PATHS = [
    ("notify", "accept", "session", "extend", "escalate", "session", "agree_written", "apply_confirmation",
     "confirm", "fulfil", "visit", "close", "file"),
    ("refuse", "close", "file"),
    ("notify", "accept", "investigate", "session", "fail"),
    ("notify", "accept", "transfer", "transfer_receipt", "add_document", "close"),
    ("flag", "assign", "notify", "escalate", "accept", "session", "agree_oral", "visit"),
    (),
]


def test_service_history_replays_to_the_stored_row(district, clock):
    """Every column of a service-made dispute is what the replay gives: it writes nothing."""
    for actions in PATHS:
        number = register(district)
        run(district, clock, number, *actions)
        before, events = row_values(district, number), history(district, number)
        assert rederive(district, number) == []
        assert row_values(district, number) == before, actions
        assert history(district, number) == events


def test_a_clock_from_registration_replays_too(district, clock):
    """A court-delegated dispute's clock runs from registration; extended, then terminated."""
    number = register(district, source="法院委派", referring_body="青澜区人民法院")
    run(district, clock, number, "notify", "accept", "session", "extend", "terminate")
    before = row_values(district, number)
    assert before["overdue"] is False and before["consumed_seconds"] > 0
    assert rederive(district, number) == []
    assert row_values(district, number) == before


def test_an_offline_refusal_after_acceptance_is_kept_but_not_applied(district, clock):
    """One desk accepted, another refused offline: the refusal is marked and returned, and the row
    the refusing desk pushed (refused, clock stopped) is put back to the accepted dispute."""
    number = register(district)
    run(district, clock, number, "notify", "accept")
    accepted = row_values(district, number)
    seq = append_offline(district, number, "refuse", note="当事人不同意调解", data={"desk": "B"})
    with district.database.write() as session:  # the row as the refusing desk pushed it
        row = find_row(session, number)
        row.status, row.is_open, row.result, row.concluded_at, row.running_since = (
            "refused", True, "不予受理", row.accepted_at, None)
    rejected = rederive(district, number)
    assert [(r.seq, r.action, r.actor) for r in rejected] == [(seq, "refuse", "desk2")]
    assert "不能执行“不予受理”" in rejected[0].reason
    after = row_values(district, number)
    for column in ("status", "result", "concluded_at", "running_since", "consumed_seconds", "due_at",
                   "yellow_at", "red_at", "mediation_due_at", "accepted_at"):
        assert after[column] == accepted[column], column
    assert after["event_count"] == seq
    assert history(district, number)[-1] == (seq, "refuse", "accepted", "accepted",
                                             {"desk": "B", "not_applied": rejected[0].reason})


def test_a_second_escalation_to_the_same_rung_is_set_aside(district, clock):
    """Two desks escalated to 镇街 offline: the second cannot go higher than where it already is."""
    number = register(district)
    run(district, clock, number, "notify", "escalate")
    with district.database.write() as session:
        row = find_row(session, number)
        first = session.scalar(select(DisputeEvent).where(DisputeEvent.dispute_id == row.id,
                                                          DisputeEvent.action == "escalate"))
        session.add(DisputeEvent(id=uuid7(), dispute_id=row.id, seq=first.seq + 1, action="escalate",
                                 actor="desk2", at=first.at, note=None, from_status="notified",
                                 to_status="notified", data=dict(first.data), workstation="desk2"))
    rejected = rederive(district, number)
    assert [r.action for r in rejected] == ["escalate"] and "更高一级" in rejected[0].reason
    assert row_values(district, number)["level"] == 3


def test_a_valid_event_after_a_rejected_one_still_applies(district, clock):
    number = register(district)
    run(district, clock, number, "notify", "accept")
    rejected_seq = append_offline(district, number, "refuse", note="不同意")
    session_seq = append_offline(district, number, "session", note="第一次调解")
    assert [r.seq for r in rederive(district, number)] == [rejected_seq]
    after = row_values(district, number)
    assert (after["status"], after["event_count"]) == ("mediating", session_seq)
    assert history(district, number)[-1][:4] == (session_seq, "session", "accepted", "mediating")


def test_rederive_is_idempotent(district, clock):
    """A second replay returns nothing new and writes nothing (the marked event stays skipped)."""
    number = register(district)
    run(district, clock, number, "notify", "accept")
    append_offline(district, number, "refuse", note="不同意")
    append_offline(district, number, "session", note="第一次调解")
    assert len(rederive(district, number)) == 1
    before, events = row_values(district, number), history(district, number)
    assert rederive(district, number) == []
    assert row_values(district, number) == before
    assert history(district, number) == events


def test_the_service_keeps_acting_after_a_rederive(district, clock):
    number = register(district)
    run(district, clock, number, "notify", "accept")
    append_offline(district, number, "refuse", note="不同意")
    rederive(district, number)
    run(district, clock, number, "session", "fail")
    assert district.view(number).status == "failed"
    assert [e[1] for e in history(district, number)][-3:] == ["refuse", "session", "fail"]
