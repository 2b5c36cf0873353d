"""The ledger's Qt model without a view: it grows a page at a time and never reads more."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.people.ledger_filters import LedgerFilter
from ui.people.ledger_model import COLUMN_KEYS, PeopleModel
from ui.workers import wait_for_background_work


@pytest.fixture
def make_model(ui_ctx, ledger):
    """Models on the test ledger, kept alive until their background reads are in."""
    made = []

    def make(**kwargs) -> PeopleModel:
        made.append(PeopleModel(ui_ctx.database, lambda: ui_ctx.now().date(), **kwargs))
        return made[-1]

    yield make
    wait_for_background_work()
    QApplication.processEvents()


def test_model_grows_page_by_page(make_model, qtbot):
    """Two rows first, then two more at each fetchMore, until every person is in."""
    model = make_model(page_size=2, first_page=2)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not model.loading)
    while model.canFetchMore():
        before = model.rowCount()
        model.fetchMore()
        qtbot.waitUntil(lambda before=before: model.rowCount() > before or model.complete)
    assert model.rowCount() == 6 and model.complete
    assert max(model.fetch_sizes) <= 2
    names = [model.data(model.index(row, COLUMN_KEYS.index("name"))) for row in range(6)]
    assert names == ["李梅", "钱多多", "王秀英", "张三", "张小明", "赵建国"]


def test_model_sorts_in_the_database_and_ignores_unsortable_columns(make_model, qtbot):
    """A sortable header column reads again in that order (the age column youngest first when
    ascending, by birth date); the ID column keeps the current one."""
    model = make_model()
    model.set_filter(LedgerFilter(region_code="370299001001001"))
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 3 and not model.loading)
    model.sort(COLUMN_KEYS.index("age"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model.loading and model.ledger_row(0).name == "张小明")
    model.sort(COLUMN_KEYS.index("id"), Qt.SortOrder.AscendingOrder)
    assert (model.sort_key, model.descending, model.sort_order()) == ("birth_date", True, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, COLUMN_KEYS.index("age"))) == "10岁"


def test_rows_show_the_age_and_never_the_birth_date(make_model, qtbot):
    """No cell holds the birth date that the masked ID number hides."""
    model = make_model()
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 6 and not model.loading)
    cells = [model.data(model.index(r, c)) for r in range(6) for c in range(len(COLUMN_KEYS))]
    assert "40岁" in cells and not any("1985" in (cell or "") for cell in cells)
