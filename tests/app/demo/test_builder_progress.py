"""The demo build says how far it got, so the desktop's splash can show it."""

from app.demo.builder import DEMO_STEPS, ensure_demo


def test_ensure_demo_reports_each_part_and_the_end(service):
    """A first demo build reports 0..DEMO_STEPS of DEMO_STEPS, in order; a second reports nothing."""
    steps: list[tuple[int, int]] = []
    assert ensure_demo(service, cases=5, persons=0, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(done, DEMO_STEPS) for done in range(DEMO_STEPS + 1)]
    steps.clear()
    assert not ensure_demo(service, cases=5, persons=0, progress=lambda done, total: steps.append((done, total)))
    assert steps == []
