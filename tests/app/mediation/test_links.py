"""Disputes, cases and persons together: each can be reached from the others."""

from datetime import date

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.cases.states import CaseStatus
from app.mediation.drafts import DisputeDraft, PartyDraft
from app.mediation.links import disputes_of_case, disputes_of_person, open_case, open_from_case
from app.people.id_numbers import make_id
from db.schema import Person
from tests.app.mediation.conftest import register


def _category(database):
    cases = CaseService(database)
    return next(c.code for c in cases.config().rules.categories.values() if c.parent_id)


def test_a_dispute_opens_a_case_and_keeps_the_link(mediation, database):
    """Opening a case from a dispute creates a registered case linked both ways, and an event on the dispute."""
    number = register(mediation)
    case_no = open_case(mediation, number, actor="m", category=_category(database))
    case = CaseService(database, now=mediation.now).view(case_no)
    assert case.status == CaseStatus.REGISTERED.value
    detail = mediation.get(number)
    assert detail.cases == [{"case_no": case_no, "origin": "dispute"}]
    assert detail.events[-1]["action"] == "link_case"
    assert [v.dispute_no for v in disputes_of_case(mediation, case_no)] == [number]


def test_a_case_opens_a_dispute_and_keeps_the_link(mediation, database, clock):
    """A dispute opened from a case takes its facts and address and is linked to it."""
    cases = CaseService(database, now=clock)
    case = cases.create(CaseDraft(source="群众来访", category=_category(database), description="两户因通道堵塞争吵",
                                  reported_at=clock(), address="渔港路 8 号"), "dispatcher")
    view = open_from_case(mediation, case.case_no, DisputeDraft(
        type="邻里", facts="", parties=(PartyDraft(role="申请人", name="张三"),)), actor="m")
    detail = mediation.get(view.dispute_no)
    assert (detail.dispute.facts, detail.location) == ("两户因通道堵塞争吵", "渔港路 8 号")
    assert detail.cases == [{"case_no": case.case_no, "origin": "case"}]
    assert [v.dispute_no for v in disputes_of_case(mediation, case.case_no)] == [view.dispute_no]


def test_a_party_with_a_ledger_id_number_is_linked_to_the_person(mediation, database):
    """A party whose ID number is in the ledger is linked; the person's card lists the dispute."""
    id_number = make_id("370211", date(1980, 5, 1), 12, "男")
    with database.write() as session:
        person = Person(name="张三", id_number=id_number)
        session.add(person)
        session.flush()
        person_id = person.id
    linked = register(mediation, parties=(PartyDraft(role="申请人", name="张三", id_number=id_number),
                                          PartyDraft(role="被申请人", name="李四")))
    register(mediation)
    assert mediation.get(linked).parties[0].person_id == person_id
    assert [v.dispute_no for v in disputes_of_person(mediation, person_id)] == [linked]


def test_link_case_action_links_an_existing_case(mediation, database, clock):
    """link_case joins a case that already exists; an unknown case number is refused."""
    import pytest

    from app.cases.errors import CaseNotFound
    from app.mediation.drafts import ActionInputs

    case = CaseService(database, now=clock).create(CaseDraft(
        source="12345热线", category=_category(database), description="噪音", reported_at=clock()), "d")
    number = register(mediation)
    mediation.act(number, "link_case", actor="m", inputs=ActionInputs(case_no=case.case_no))
    assert mediation.get(number).cases == [{"case_no": case.case_no, "origin": "link"}]
    with pytest.raises(CaseNotFound):
        mediation.act(number, "link_case", actor="m", inputs=ActionInputs(case_no="SJ000"))
