"""The case service end to end on both backends: create, act, read back."""

from app.cases.drafts import CaseDraft
from app.cases.lights import Light
from tests.conftest import local


def test_create_and_dispatch_roundtrip(service, clock):
    """A reported case can be verified, registered and dispatched to its default department."""
    view = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                                    reported_at=local(2025, 9, 30, 10, 0)), actor="g1")
    assert view.case_no == "SJ202509300001"
    assert view.status == "reported"
    for action in ("verify", "register", "dispatch"):
        view = service.act(view.case_no, action, actor="d1")
    assert view.status == "dispatched"
    assert view.department == service.config().rules.department("CGJ").name
    clock.set(local(2025, 9, 30, 14, 41))
    assert service.view(view.case_no).light == Light.GREEN
    clock.set(local(2025, 9, 30, 14, 42))
    assert service.view(view.case_no).light == Light.YELLOW
    clock.set(local(2025, 9, 30, 15, 30))
    assert service.view(view.case_no).light == Light.RED
