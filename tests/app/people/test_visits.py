"""Visits due: the visit clock, its light at chosen instants (exact boundaries), SQL and Python
agreeing, counts per light, sorting and the grid filter."""

from datetime import date, timedelta

import pytest

from app.cases.lights import Light
from app.people.visits import refresh_visit_clocks, visits_due
from db.schema import Visit
from tests.app.people.people_rows import GRID_2, add_person, category_ids, write_regions
from tests.conftest import local


@pytest.fixture
def clocks(database):
    """三 (独居老人, every 7 days) last visited 2025-09-01; 四 (低保, every 90 days) never visited,
    in the category since 2025-07-01; 五 (精神障碍, every 30 days) visited 2025-09-20 in general."""
    regions = write_regions(database)
    cats = category_ids(database)
    san = add_person(database, regions, "张三", seq=1, categories={cats["elderly_alone"]: date(2025, 1, 1)})
    add_person(database, regions, "李四", seq=2, grid=GRID_2, categories={cats["dibao"]: date(2025, 7, 1)})
    wu = add_person(database, regions, "王五", seq=3, categories={cats["mental"]: date(2025, 1, 1)})
    add_person(database, regions, "赵六", seq=4)
    with database.write() as session:
        session.add(Visit(person_id=san, category_id=cats["elderly_alone"], visited_on=date(2025, 9, 1), visitor="g1"))
        session.add(Visit(person_id=san, category_id=cats["elderly_alone"], visited_on=date(2025, 8, 1), visitor="g1"))
        session.add(Visit(person_id=wu, category_id=None, visited_on=date(2025, 9, 20), visitor="g1"))
        session.add(Visit(person_id=wu, category_id=cats["dibao"], visited_on=date(2025, 9, 25), visitor="g1"))
        session.flush()
        refresh_visit_clocks(session)  # rows written directly, as the demo and bulk loads do
    return cats


def lights(database, now, **kw):
    return {r.name: r.light for r in visits_due(database, now, **kw).rows}


def test_visit_light_boundaries_exact(database, clocks):
    """Every 7 days from the end of 09-01: yellow from 80 % (5.6 days: 09-07 14:24), red from 09-09 00:00."""
    yellow_at = local(2025, 9, 7, 14, 24)
    red_at = local(2025, 9, 9, 0, 0)
    for now, expected in ((yellow_at - timedelta(seconds=1), Light.GREEN), (yellow_at, Light.YELLOW),
                          (red_at - timedelta(seconds=1), Light.YELLOW), (red_at, Light.RED)):
        result = visits_due(database, now)
        assert lights(database, now)["张三"] == expected
        assert visits_due(database, now, light=expected).rows[0].name in {r.name for r in result.rows}
        assert "张三" in {r.name for r in visits_due(database, now, light=expected).rows}


def test_never_visited_counts_from_since(database, clocks):
    """李四 joined 低保 on 07-01, every 90 days: due 09-29, red from 09-30 00:00."""
    assert lights(database, local(2025, 9, 29, 23, 59))["李四"] == Light.YELLOW
    assert lights(database, local(2025, 9, 30, 0, 0))["李四"] == Light.RED
    row = next(r for r in visits_due(database, local(2025, 9, 30, 10)).rows if r.name == "李四")
    assert row.last_visit is None and row.due_on == date(2025, 9, 29) and row.days_left == -1


def test_general_visit_counts_other_category_does_not(database, clocks):
    """王五's general visit on 09-20 counts for 精神障碍; the 低保 visit on 09-25 does not."""
    row = next(r for r in visits_due(database, local(2025, 9, 30, 10)).rows if r.name == "王五")
    assert row.last_visit == date(2025, 9, 20) and row.due_on == date(2025, 10, 20)
    assert row.light == Light.GREEN and row.sensitive


def test_counts_sorting_and_grid_filter(database, clocks):
    """Counts per light, most overdue first, persons without a cadence left out, grid filter."""
    result = visits_due(database, local(2025, 9, 30, 10))
    assert [r.name for r in result.rows] == ["张三", "李四", "王五"]
    assert result.counts == {Light.RED: 2, Light.YELLOW: 0, Light.GREEN: 1}
    assert [r.name for r in visits_due(database, local(2025, 9, 30, 10), grid=GRID_2).rows] == ["李四"]
    assert [r.name for r in visits_due(database, local(2025, 9, 30, 10), grid="海棠社区").rows] == ["张三", "李四", "王五"]
    assert [r.name for r in visits_due(database, local(2025, 9, 30, 10), light=Light.GREEN).rows] == ["王五"]
    assert len(visits_due(database, local(2025, 9, 30, 10), limit=1, offset=1).rows) == 1
