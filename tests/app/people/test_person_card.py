"""The person card's read side: masked numbers everywhere, hidden sensitive categories, the
household and building, and the cases the person reported."""

from __future__ import annotations

from app.cases.drafts import CaseDraft
from app.people.person_card import read_card
from app.people.service import PeopleService
from tests.app.people.ledger_data import make_ledger
from tests.conftest import local


def test_card_masks_numbers_and_lists_household_and_building(database, clock):
    """ID and phone are masked in the card and in the history; household and building are listed."""
    ledger = make_ledger(database)
    people = PeopleService(database, now=clock, actor="clerk")
    person_id = ledger.persons["张三"]
    record = people.get_person(person_id)
    people.update_person(person_id, {"phone": "13811112222"}, record.version)
    card = read_card(people, person_id)
    assert card.phone_masked == "138****2222" and card.person.phone == "138****2222"
    assert "13812345678" not in str(card.history) and "13811112222" not in str(card.history)
    assert card.person.id_number == card.id_masked and "19850312" not in card.id_masked
    assert {r.name for r in card.household} == {"张三", "李梅", "张小明"}
    assert card.household[0].relation == "户主"
    assert {r.room for r in card.building} == {"1-101"}
    assert card.age == 40


def test_sensitive_category_hidden_in_card_and_history(database, clock):
    """A sensitive membership shows as 敏感类别, without its fields, in the card and its history."""
    ledger = make_ledger(database)
    people = PeopleService(database, now=clock, actor="clerk")
    person_id = ledger.persons["赵建国"]
    people.set_categories(person_id, {"mental": {"risk_level": 2}})
    card = read_card(people, person_id)
    assert [m.name for m in card.categories] == ["敏感类别"] and card.categories[0].fields == {}
    assert "严重精神障碍" not in str(card.history)


def test_linked_cases_are_those_reported_from_the_phone(database, clock, service):
    """Cases whose reporter phone is the person's phone are linked; anonymous ones are not."""
    ledger = make_ledger(database)
    for anonymous in (False, True):
        service.create(CaseDraft(source="12345热线", category="暴露垃圾", description="楼下垃圾",
                                 reported_at=local(2025, 9, 30, 9, 0), reporter_phone="13812345678",
                                 reporter_anonymous=anonymous), actor="op")
    service.create(CaseDraft(source="12345热线", category="暴露垃圾", description="别处",
                             reported_at=local(2025, 9, 30, 9, 0), reporter_phone="13900000000"), actor="op")
    card = read_card(PeopleService(database, now=clock), ledger.persons["张三"])
    assert len(card.cases) == 1 and card.cases[0].source == "12345热线"
