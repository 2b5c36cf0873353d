"""The docket model without a view: rows, filters and pages read in the background."""

from __future__ import annotations

from app.mediation.queries import DisputeFilter
from ui.mediation.docket_model import COLUMN_KEYS, NUMBER_ROLE, DocketModel


def _loaded(qtbot, model: DocketModel) -> None:
    with qtbot.waitSignal(model.loaded):
        model.reload()


def test_reload_lists_every_dispute_newest_first(qtbot, ui_ctx, mediation, docket):
    """A reload lists every dispute with its number, state and the total."""
    model = DocketModel(mediation)
    _loaded(qtbot, model)
    assert model.rowCount() == 5 and model.total == 5
    numbers = [model.index(n, 0).data(NUMBER_ROLE) for n in range(5)]
    assert set(numbers) == set(docket.values())
    states = {model.view_at(n).dispute_no: model.index(n, COLUMN_KEYS.index("status")).data() for n in range(5)}
    assert states[docket["agreed"]] == "履行中" and states[docket["refused"]] == "不予受理"


def test_filter_changes_the_rows(qtbot, ui_ctx, mediation, docket):
    """A filter by type shows only the disputes of that type."""
    model = DocketModel(mediation)
    _loaded(qtbot, model)
    with qtbot.waitSignal(model.loaded):
        model.set_filter(mediation.filter(type="劳资纠纷"))
    assert [model.view_at(n).dispute_no for n in range(model.rowCount())] == [docket["labour"]]


def test_pages_are_read_as_the_view_asks(qtbot, ui_ctx, mediation, docket):
    """With pages of two rows the model grows by fetchMore until every dispute is read."""
    model = DocketModel(mediation, page_size=2)
    model.filter = DisputeFilter()
    _loaded(qtbot, model)
    assert model.rowCount() == 2 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.fetching)
    assert model.rowCount() == 5 and model.fetch_sizes == [2, 2, 1]
