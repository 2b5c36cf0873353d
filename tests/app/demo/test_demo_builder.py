"""The demo district written into a real database (SQLite and PostgreSQL) by fill_demo."""

from collections import Counter
from datetime import timedelta
from itertools import product

import pytest
import shapely
from shapely.geometry import Point, shape
from sqlalchemy import func, select

from app.demo.builder import DemoRefused, fill_demo
from app.demo.geography import EAST, NORTH, SOUTH, WEST
from db.schema import Case, CaseEvent, Region, Staff

DEMO_CASES = 300


@pytest.fixture
def summary(service):
    """The result of filling the test database with the seed-1 demo of 300 cases at the test clock."""
    return fill_demo(service, seed=1, cases=DEMO_CASES, persons=0)


@pytest.fixture
def district_only(service):
    """The seed-1 demo district and staff without cases (the grids do not depend on the cases)."""
    return fill_demo(service, seed=1, cases=0, persons=0)


def grid_shapes(database) -> dict:
    """Every stored grid's id mapped to its boundary as a shapely polygon."""
    with database.read() as session:
        rows = session.execute(select(Region.id, Region.boundary).where(Region.level == "grid")).all()
    return {grid_id: shape(boundary) for grid_id, boundary in rows}


def test_fill_demo_summary_matches_database(service, summary):
    """The summary's counts are what was stored: 294 grids, every staff member, 300 cases."""
    with service.database.read() as session:
        grids = session.scalar(select(func.count()).select_from(Region).where(Region.level == "grid"))
        staff = session.scalar(select(func.count()).select_from(Staff))
        cases = session.scalar(select(func.count()).select_from(Case))
        levels = Counter(session.scalars(select(Region.level)))
    assert (summary.grids, summary.cases) == (294, DEMO_CASES)
    assert (grids, staff, cases) == (summary.grids, summary.staff, summary.cases)
    assert levels["district"] == 1 and levels["grid"] == 294
    assert levels["street"] >= 1 and levels["community"] >= levels["street"]


def test_fill_demo_every_grid_has_at_least_five_staff(service, district_only):
    """Each grid has its team of at least five people (一格五员)."""
    with service.database.read() as session:
        per_grid = dict(session.execute(
            select(Staff.grid_id, func.count()).where(Staff.grid_id.is_not(None)).group_by(Staff.grid_id)
        ).all())
        grid_ids = set(session.scalars(select(Region.id).where(Region.level == "grid")))
    assert set(per_grid) == grid_ids
    assert min(per_grid.values()) >= 5


def test_fill_demo_grids_tile_the_district_without_overlap(service, district_only):
    """No two grids overlap, each lies in the district box and together they cover it."""
    shapes = grid_shapes(service.database)
    polygons = list(shapes.values())
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    overlapping = [
        (a, b) for a, b in zip(left.tolist(), right.tolist())
        if a < b and polygons[a].intersection(polygons[b]).area > 1e-12
    ]
    assert overlapping == []
    box = shapely.box(WEST, SOUTH, EAST, NORTH)
    assert all(box.buffer(1e-9).covers(polygon) for polygon in polygons)
    assert sum(polygon.area for polygon in polygons) == pytest.approx(box.area, rel=1e-9)


def test_fill_demo_sampled_points_fall_in_exactly_one_grid(service, district_only):
    """Points sampled inside the district lie inside exactly one grid (away from shared borders)."""
    polygons = list(grid_shapes(service.database).values())
    steps = 40
    hits = []
    for i, j in product(range(steps + 1), repeat=2):
        point = Point(WEST + (EAST - WEST) * (i + 0.37) / (steps + 1),
                      SOUTH + (NORTH - SOUTH) * (j + 0.61) / (steps + 1))
        hits.append(sum(polygon.contains(point) for polygon in polygons))
    assert set(hits) == {1}


def test_fill_demo_every_case_lies_in_its_grid(service, summary):
    """Every case has a grid, and that grid's boundary contains the case's lon/lat."""
    shapes = grid_shapes(service.database)
    with service.database.read() as session:
        cases = session.execute(select(Case.case_no, Case.grid_id, Case.lon, Case.lat)).all()
    assert len(cases) == DEMO_CASES
    outside = [c.case_no for c in cases if c.grid_id is None or not shapes[c.grid_id].covers(Point(c.lon, c.lat))]
    assert outside == []


def test_fill_demo_cases_reported_in_the_last_90_days(service, summary, clock):
    """Cases were reported within the 90 days before now and at least a minute before it."""
    with service.database.read() as session:
        first, last = session.execute(select(func.min(Case.reported_at), func.max(Case.reported_at))).one()
        event_span = session.execute(select(func.min(CaseEvent.at), func.max(CaseEvent.at))).one()
    now = clock()
    assert now - timedelta(days=90) <= first <= last <= now - timedelta(minutes=1)
    assert event_span[0] == first
    assert event_span[1] <= now


def test_fill_demo_refuses_a_second_run(service, summary):
    """A second fill is refused with the counts it found, and stores nothing more."""
    with service.database.read() as session:
        regions = session.scalar(select(func.count()).select_from(Region))
    with pytest.raises(DemoRefused) as caught:
        fill_demo(service, seed=2, cases=10)
    assert str(caught.value) == (f"数据库（{service.database.describe()}）不是空的：已有 {regions} 个区域、"
                                 f"{DEMO_CASES} 件案件；演示数据只能填入空数据库")
    with service.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == DEMO_CASES
        assert session.scalar(select(func.count()).select_from(Region)) == regions
