"""Re-deriving a case from its merged events (offline sync), on SQLite and PostgreSQL.

A history the service wrote replays to exactly the stored row; a desk's offline event the state
no longer allows is kept, marked and returned, and later valid events still apply.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.cases.drafts import CaseDraft
from app.cases.rederive import RejectedEvent, rederive_case
from app.cases.states import CaseStatus
from db.ids import uuid7
from db.schema import Case, CaseEvent
from tests.app.cases.test_case_service import REPORTED_AT, act, new_case


def row_values(service, case_no) -> dict:
    """Every column of the case row (version and updated_at included: nothing may move)."""
    with service.database.read() as session:
        row = session.scalar(select(Case).where(Case.case_no == case_no))
        return {column.key: getattr(row, column.key) for column in Case.__table__.columns}


def history(service, case_no) -> list[tuple]:
    with service.database.read() as session:
        case_id = session.scalar(select(Case.id).where(Case.case_no == case_no))
        return [(e.seq, e.action, e.from_status, e.to_status, e.data)
                for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                         .order_by(CaseEvent.seq))]


def rederive(service, case_no) -> list[RejectedEvent]:
    with service.database.write() as session:
        row = session.scalar(select(Case).where(Case.case_no == case_no))
        return rederive_case(session, row, service.config())


def run(service, clock, case_no, *actions, **inputs) -> None:
    """Act in order, an hour apart (so clocks, stages and parked time all move)."""
    for action in actions:
        clock.set(clock.value + timedelta(hours=1))
        act(service, case_no, action, **inputs.get(action, {}))


def append_offline(service, case_no, action, *, department=None, note=None, data=None, hours=1) -> int:
    """Insert a desk's offline event as the next seq, as the sync would (the row not touched)."""
    with service.database.write() as session:
        row = session.scalar(select(Case).where(Case.case_no == case_no))
        last = session.scalar(select(CaseEvent).where(CaseEvent.case_id == row.id).order_by(CaseEvent.seq.desc()))
        department_id = service.config().rules.department(department).id if department else None
        session.add(CaseEvent(id=uuid7(), case_id=row.id, seq=last.seq + 1, action=action, actor="desk2",
                              at=last.at + timedelta(hours=hours), note=note, from_status="registered",
                              to_status="dispatched", department_id=department_id, data=data, workstation="desk2"))
        return last.seq + 1


def test_service_history_replays_to_the_stored_row(service, clock):
    """Park/resume/extend/dispatch/return/reject/urge/escalate/close: rederive writes nothing."""
    paths = [
        ("verify", "register", "dispatch", "return", "dispatch", "park", "resume", "extend", "accept",
         "urge", "escalate", "feedback", "reject", "feedback", "approve"),
        ("verify", "register", "dispatch", "accept", "park"),
        ("verify", "register", "extend", "park", "resume", "dispatch", "accept", "feedback"),
        ("void",),
        (),
    ]
    for actions in paths:
        case_no = new_case(service)
        run(service, clock, case_no, *actions, extend={"limit": "2工作时"}, dispatch={"department": "ZFJ"})
        before, events = row_values(service, case_no), history(service, case_no)
        assert rederive(service, case_no) == []
        assert row_values(service, case_no) == before, actions
        assert history(service, case_no) == events


def test_a_case_created_registered_replays_to_its_row(service, clock):
    """The 'register' written at creation (reported and registered at once) replays exactly."""
    clock.set(REPORTED_AT + timedelta(hours=3))
    case_no = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                       reported_at=REPORTED_AT, status=CaseStatus.REGISTERED), actor="grid1").case_no
    run(service, clock, case_no, "dispatch", "park")
    before = row_values(service, case_no)
    assert rederive(service, case_no) == []
    assert row_values(service, case_no) == before


def test_second_offline_dispatch_is_kept_but_not_applied(service, clock):
    """Two desks dispatched the same case offline: the second is marked and returned."""
    case_no = new_case(service)
    run(service, clock, case_no, "verify", "register", "dispatch", dispatch={"department": "ZFJ"})
    first = row_values(service, case_no)
    seq = append_offline(service, case_no, "dispatch", department="CGJ", data={"desk": "B"})
    with service.database.write() as session:  # the row as the desk pushed it (its department won)
        session.scalar(select(Case).where(Case.case_no == case_no)).department_id = \
            service.config().rules.department("CGJ").id
    rejected = rederive(service, case_no)
    assert [(r.seq, r.action, r.actor) for r in rejected] == [(seq, "dispatch", "desk2")]
    assert "不能执行“派遣”" in rejected[0].reason and "\n" not in rejected[0].reason
    after = row_values(service, case_no)
    assert (after["status"], after["department_id"], after["stage_started_at"], after["due_at"]) == (
        "dispatched", first["department_id"], first["stage_started_at"], first["due_at"])
    assert after["event_count"] == seq
    last = history(service, case_no)[-1]
    assert last[:4] == (seq, "dispatch", "dispatched", "dispatched")
    assert last[4] == {"desk": "B", "not_applied": rejected[0].reason}


def test_a_valid_event_after_a_rejected_one_still_applies(service, clock):
    case_no = new_case(service)
    run(service, clock, case_no, "verify", "register", "dispatch", dispatch={"department": "ZFJ"})
    rejected_seq = append_offline(service, case_no, "dispatch", department="CGJ")
    accept_seq = append_offline(service, case_no, "accept", hours=2)
    rejected = rederive(service, case_no)
    assert [r.seq for r in rejected] == [rejected_seq]
    after = row_values(service, case_no)
    assert (after["status"], after["event_count"]) == ("handling", accept_seq)
    assert history(service, case_no)[-1][:4] == (accept_seq, "accept", "dispatched", "handling")


def test_missing_input_is_set_aside_too(service, clock):
    """An offline park without its reason (MissingInput) is kept, marked, not applied."""
    case_no = new_case(service)
    run(service, clock, case_no, "verify", "register")
    seq = append_offline(service, case_no, "park")
    rejected = rederive(service, case_no)
    assert [(r.seq, r.action) for r in rejected] == [(seq, "park")]
    assert row_values(service, case_no)["status"] == "registered"
    assert history(service, case_no)[-1][2:4] == ("registered", "registered")


def test_rederive_is_idempotent(service, clock):
    """A second replay returns nothing new and writes nothing (the marked event stays skipped)."""
    case_no = new_case(service)
    run(service, clock, case_no, "verify", "register", "dispatch", dispatch={"department": "ZFJ"})
    append_offline(service, case_no, "dispatch", department="CGJ")
    append_offline(service, case_no, "accept", hours=2)
    assert len(rederive(service, case_no)) == 1
    before, events = row_values(service, case_no), history(service, case_no)
    assert rederive(service, case_no) == []
    assert row_values(service, case_no) == before
    assert history(service, case_no) == events


def test_the_service_keeps_acting_after_a_rederive(service, clock):
    """The re-derived row is one the service acts on as usual (event_count gives the next seq)."""
    case_no = new_case(service)
    run(service, clock, case_no, "verify", "register", "dispatch", dispatch={"department": "ZFJ"})
    append_offline(service, case_no, "dispatch", department="CGJ")
    rederive(service, case_no)
    clock.set(clock.value + timedelta(hours=5))
    assert act(service, case_no, "accept").status == "handling"
    assert [e[1] for e in history(service, case_no)][-3:] == ["dispatch", "dispatch", "accept"]


def test_an_offline_event_dated_before_the_stage_takes_effect_at_its_start(service, clock):
    """A desk's accept made (by its clock) before the server's dispatch starts handling at the
    dispatch, as the service would have; the event keeps the time the desk recorded."""
    case_no = new_case(service)
    run(service, clock, case_no, "verify", "register", "dispatch", dispatch={"department": "ZFJ"})
    dispatched = row_values(service, case_no)["stage_started_at"]
    seq = append_offline(service, case_no, "accept", hours=-5)
    assert rederive(service, case_no) == []
    assert row_values(service, case_no)["stage_started_at"] == dispatched
    with service.database.read() as session:
        event = session.scalar(select(CaseEvent).where(CaseEvent.seq == seq, CaseEvent.action == "accept"))
        assert event.at == dispatched - timedelta(hours=5)
