"""Tests for the fictional demo district: hierarchy, codes, and a gap-free, overlap-free tiling."""

import random
import re

import pytest
import shapely
from shapely.geometry import Point, box
from shapely.strtree import STRtree

from app.demo.geography import EAST, NORTH, SOUTH, WEST, build_district, point_in_grid

RECTANGLE = box(WEST, SOUTH, EAST, NORTH)


@pytest.fixture(scope="module")
def district():
    return build_district(seed=1)


def test_build_district_counts_streets_communities_grids(district):
    """The district has 6 streets, 30 communities and 294 grids (inside the 280–320 target)."""
    assert len(district.streets) == 6
    assert len(district.all_communities()) == 30
    assert len(district.all_grids()) == 294


def test_build_district_names_are_fictional_and_typed(district):
    """The district is 青澜区 and every street ends in 街道/镇, every community in 社区/村."""
    assert (district.code, district.name) == ("370299", "青澜区")
    assert all(re.fullmatch(r".+(街道|镇)", street.name) for street in district.streets)
    assert all(re.fullmatch(r".+(社区|村)", c.name) for c in district.all_communities())


def test_build_district_community_sizes_are_balanced(district):
    """Every community holds between 8 and 11 grids."""
    sizes = [len(community.grids) for community in district.all_communities()]
    assert (min(sizes), max(sizes)) == (8, 11)


@pytest.mark.parametrize("seed", [1, 2, 7, 42, 2025])
def test_grid_polygons_valid_closed_ccw_and_inside(seed):
    """Every grid ring is closed, counter-clockwise, valid and inside the district rectangle."""
    for grid in build_district(seed).all_grids():
        assert grid.polygon[0] == grid.polygon[-1]
        assert shapely.is_ccw(shapely.LinearRing(grid.polygon))
        assert grid.boundary.is_valid
        assert RECTANGLE.covers(grid.boundary)


@pytest.mark.parametrize("seed", [1, 3, 99])
def test_grids_do_not_overlap(seed):
    """No two grids share any area; neighbours meet only along their common border."""
    shapes = [grid.boundary for grid in build_district(seed).all_grids()]
    tree = STRtree(shapes)
    neighbour_pairs = 0
    for index, shape in enumerate(shapes):
        for other in tree.query(shape, predicate="intersects"):
            if other > index:
                neighbour_pairs += 1
                assert shape.intersection(shapes[other]).area == 0.0
    assert neighbour_pairs > len(shapes)


def test_grids_cover_the_district_rectangle(district):
    """The grids' union and the sum of their areas both equal the rectangle's area."""
    grids = [grid.boundary for grid in district.all_grids()]
    union = shapely.union_all(grids)
    assert union.area == pytest.approx(RECTANGLE.area, rel=1e-9)
    assert sum(grid.area for grid in grids) == pytest.approx(RECTANGLE.area, rel=1e-9)
    assert union.symmetric_difference(RECTANGLE).area < RECTANGLE.area * 1e-9


def test_grid_sizes_are_a_few_hundred_metres(district):
    """Every grid covers between 0.2 and 0.7 square kilometres (cells of roughly 450–850 m)."""
    areas = [grid.area_m2 for grid in district.all_grids()]
    assert 200_000 < min(areas) and max(areas) < 700_000


def test_codes_are_unique_and_well_formed(district):
    """Codes have 6/9/12/15 digits, each starts with its parent's code, and none repeats."""
    assert re.fullmatch(r"\d{6}", district.code)
    codes = [district.code]
    for street in district.streets:
        assert re.fullmatch(r"\d{9}", street.code) and street.code.startswith(district.code)
        codes.append(street.code)
        for community in street.communities:
            assert re.fullmatch(r"\d{12}", community.code)
            assert community.code.startswith(street.code)
            codes.append(community.code)
            for seq, grid in enumerate(community.grids, start=1):
                assert grid.code == f"{community.code}{seq:03d}"
                assert grid.name == f"{community.name}第{seq:02d}网格"
                codes.append(grid.code)
    assert len(codes) == len(set(codes)) == 1 + 6 + 30 + 294


def test_first_grid_code_and_name(district):
    """The first grid is 海棠社区第01网格 of 澜湾街道 with code 370299001001001."""
    street, community, grid = next(district.walk())
    assert (street.name, community.name) == ("澜湾街道", "海棠社区")
    assert (grid.code, grid.name) == ("370299001001001", "海棠社区第01网格")


def test_build_district_same_seed_identical():
    """Two builds with the same seed are equal, polygons included."""
    assert build_district(5) == build_district(5)


def test_build_district_other_seed_moves_vertices_not_codes():
    """A different seed keeps every code but moves the grid polygons."""
    first, second = build_district(1), build_district(2)
    assert [g.code for g in first.all_grids()] == [g.code for g in second.all_grids()]
    moved = sum(a.polygon != b.polygon for a, b in zip(first.all_grids(), second.all_grids()))
    assert moved == 294


def test_community_and_street_areas_are_single_polygons(district):
    """Each community and each street is one connected polygon with no holes."""
    for area in (*district.streets, *district.all_communities(), district):
        assert area.boundary.geom_type == "Polygon", area.name
        assert len(area.boundary.interiors) == 0, area.name


def test_street_area_is_sum_of_its_communities(district):
    """A street's area equals the sum of its communities' areas."""
    for street in district.streets:
        total = sum(c.boundary.area for c in street.communities)
        assert street.boundary.area == pytest.approx(total, rel=1e-9)


def test_geojson_and_bounds_of_district(district):
    """The district's GeoJSON is a Polygon and its bounds are the rectangle's."""
    assert district.geojson["type"] == "Polygon"
    assert district.bounds == pytest.approx((WEST, SOUTH, EAST, NORTH))


def test_grid_by_code_found_and_missing(district):
    """grid_by_code returns the grid with that code and raises a Chinese KeyError otherwise."""
    assert district.grid_by_code("370299102205003").name == "槐树底村第03网格"
    with pytest.raises(KeyError, match="没有编码为 370299999999999 的网格"):
        district.grid_by_code("370299999999999")


def test_point_in_grid_lies_inside_and_repeats(district):
    """Random points fall inside the grid and repeat for the same seed."""
    grid = district.all_grids()[17]
    points = [point_in_grid(random.Random(seed), grid) for seed in range(20)]
    assert all(grid.boundary.contains(Point(p)) for p in points)
    assert points == [point_in_grid(random.Random(seed), grid) for seed in range(20)]
    assert len(set(points)) == 20
