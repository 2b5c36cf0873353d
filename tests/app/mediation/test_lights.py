"""Lights and countdowns at chosen instants: the one-month limit across a month end and the leap
day, the 30-day judicial-confirmation window, the obligations' follow-up tasks."""

from datetime import date

import pytest

from app.cases.errors import ActionNotAllowed
from app.cases.lights import Light
from app.mediation.alerts import open_lights
from app.mediation.drafts import ActionInputs, ObligationDraft
from tests.app.mediation.conftest import advance, register
from tests.conftest import local


def _accepted_at(mediation, clock, moment):
    clock.set(moment)
    number = register(mediation)
    advance(mediation, number, "notify", "accept")
    return number


@pytest.mark.parametrize(("instant", "light"), [
    (local(2028, 2, 24, 1, 59), Light.GREEN),
    (local(2028, 2, 24, 2, 0), Light.YELLOW),
    (local(2028, 2, 29, 23, 59), Light.YELLOW),
    (local(2028, 3, 1, 0, 0), Light.RED),
])
def test_one_month_from_31_january_ends_with_the_leap_day(mediation, clock, instant, light):
    """Accepted 2028-01-31 10:00: the month ends 29 February 24:00; yellow at 80 %, red when it runs out."""
    number = _accepted_at(mediation, clock, local(2028, 1, 31, 10, 0))
    assert mediation.view(number).due_at == local(2028, 3, 1, 0, 0)
    clock.set(instant)
    assert mediation.view(number).light == light
    assert open_lights(mediation)[number] == light.value


def test_one_month_across_a_month_end(mediation, clock):
    """Accepted 31 October: one month ends on 30 November (no 31st), shown as 0 days left that day."""
    number = _accepted_at(mediation, clock, local(2025, 10, 31, 16, 0))
    assert mediation.view(number).due_at == local(2025, 12, 1, 0, 0)
    clock.set(local(2025, 11, 30, 9, 0))
    assert mediation.get(number).days_left == 0
    clock.set(local(2025, 12, 1, 9, 0))
    assert (mediation.view(number).light, mediation.get(number).days_left) == (Light.RED, -1)


def test_the_light_clears_when_the_mediation_ends(mediation, clock):
    """A failed mediation has no light; lists show none."""
    number = _accepted_at(mediation, clock, local(2025, 10, 1, 9, 0))
    advance(mediation, number, "session", "fail")
    clock.set(local(2025, 12, 1, 9, 0))
    view = mediation.view(number)
    assert view.light is None and view.due_at is None and not view.overdue


def test_late_conclusion_is_recorded_as_overdue(mediation, clock):
    """A mediation concluded after its limit counts as overdue."""
    number = _accepted_at(mediation, clock, local(2025, 10, 1, 9, 0))
    clock.set(local(2025, 11, 5, 9, 0))
    advance(mediation, number, "session", "fail")
    assert mediation.view(number).overdue


@pytest.mark.parametrize(("instant", "left"), [
    (local(2028, 1, 30, 15, 0), 30), (local(2028, 2, 28, 12, 0), 1), (local(2028, 2, 29, 23, 0), 0),
])
def test_confirmation_countdown_ends_on_the_leap_day(mediation, clock, instant, left):
    """A written agreement effective 2028-01-30 may go to court until 29 February 2028 (30 days)."""
    number = _accepted_at(mediation, clock, local(2028, 1, 20, 9, 0))
    clock.set(local(2028, 1, 30, 15, 0))
    _agree_without_obligations(mediation, number)
    assert mediation.view(number).confirmation_due_on == date(2028, 2, 29)
    clock.set(instant)
    assert mediation.get(number).confirmation_days_left == left
    mediation.act(number, "apply_confirmation", actor="m", inputs=ActionInputs(body="青澜区人民法院"))
    assert mediation.view(number).status == "confirming"


def _agree_without_obligations(mediation, number):
    advance(mediation, number, "session")
    mediation.act(number, "agree_written", actor="m", inputs=ActionInputs(terms=("互不追究",)))


def test_confirmation_refused_after_the_window(mediation, clock):
    """On 1 March 2028 the window of an agreement effective 30 January has closed."""
    number = _accepted_at(mediation, clock, local(2028, 1, 20, 9, 0))
    clock.set(local(2028, 1, 30, 15, 0))
    _agree_without_obligations(mediation, number)
    clock.set(local(2028, 3, 1, 0, 0))
    assert mediation.get(number).confirmation_days_left == -1
    with pytest.raises(ActionNotAllowed, match="截至 2028-02-29"):
        mediation.act(number, "apply_confirmation", actor="m")


def test_obligations_have_their_own_lights(mediation, clock):
    """Each obligation is a follow-up task due at the end of its day; the dispute shows the earliest one."""
    number = _accepted_at(mediation, clock, local(2025, 10, 1, 9, 0))
    clock.set(local(2025, 10, 1, 10, 0))
    duties = (ObligationDraft(what="赔偿 300 元", amount=300, due_on=date(2025, 10, 11)),
              ObligationDraft(what="修复水管", due_on=date(2025, 10, 31)))
    advance(mediation, number, "session")
    mediation.act(number, "agree_written", actor="m", inputs=ActionInputs(terms=("赔偿", "修复"), obligations=duties))
    view = mediation.view(number)
    assert view.due_at == local(2025, 10, 12, 0, 0) and view.light == Light.GREEN
    clock.set(local(2025, 10, 12, 0, 0))
    detail = mediation.get(number)
    assert [o["light"] for o in detail.obligations] == [Light.RED, Light.GREEN]
    assert detail.dispute.light == Light.RED
    mediation.act(number, "fulfil", actor="m", inputs=ActionInputs(obligation=1, evidence="转账记录"))
    view = mediation.view(number)
    assert view.due_at == local(2025, 11, 1, 0, 0) and view.light == Light.GREEN


def test_fulfil_needs_the_obligation_when_several_wait(mediation, clock):
    """With two obligations waiting, fulfil must say which."""
    from app.cases.errors import MissingInput

    number = _accepted_at(mediation, clock, local(2025, 10, 1, 9, 0))
    duties = (ObligationDraft(what="甲", due_on=date(2025, 10, 11)), ObligationDraft(what="乙", due_on=date(2025, 10, 12)))
    advance(mediation, number, "session")
    mediation.act(number, "agree_written", actor="m", inputs=ActionInputs(terms=("x",), obligations=duties))
    with pytest.raises(MissingInput, match="待履行：1、2"):
        mediation.act(number, "fulfil", actor="m", inputs=ActionInputs(evidence="收条"))


def test_court_entrusted_limit_is_fifteen_days(mediation, clock):
    """A court-entrusted dispute received 2028-02-20 runs out on 6 March 2028 (15 days, through the leap day)."""
    clock.set(local(2028, 2, 20, 9, 0))
    number = register(mediation, source="法院委托", referring_body="青澜区人民法院")
    assert mediation.view(number).due_at == local(2028, 3, 7, 0, 0)
