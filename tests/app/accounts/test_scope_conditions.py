"""Scope: a region sees itself and everything under it; a department its dispatched cases."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.accounts.scope import load_scope, person_condition, region_subtree
from db.schema import Department, Person, Staff
from tests.app.people.people_rows import GRID_1, GRID_2, write_regions


@pytest.fixture
def regions(database):
    return write_regions(database)


def test_subtree_of_a_street_a_community_and_a_grid(database, regions):
    with database.read() as session:
        assert region_subtree(session, regions["370299001"]) == {regions[c] for c in regions if c != "370299"}
        assert region_subtree(session, regions[GRID_1]) == {regions[GRID_1]}


def test_load_scope_of_region_district_department_and_none(database, regions):
    with database.write() as session:
        department = Department(code="scope-test", name="范围测试局")
        session.add(department)
        session.flush()
        rows = [Staff(login="s", name="s", role="dispatcher", scope_region_id=regions["370299001001"]),
                Staff(login="d", name="d", role="dispatcher", scope_region_id=regions["370299"]),
                Staff(login="h", name="h", role="handler", scope_department_id=department.id),
                Staff(login="n", name="n", role="leader")]
        session.add_all(rows)
        session.flush()
        community, district, handler, whole = (load_scope(session, row) for row in rows)
    try:
        assert community.label == "海棠社区"
        assert community.region_ids == {regions["370299001001"], regions[GRID_1], regions[GRID_2]}
        assert district == WHOLE_DISTRICT and whole == WHOLE_DISTRICT and whole.label == "全区"
        assert handler.department_name == "范围测试局" and not handler.whole_district
    finally:  # departments are configuration: they outlive a PostgreSQL test unless removed
        with database.write() as session:
            session.execute(delete(Staff).where(Staff.login.in_(["s", "d", "h", "n"])))
            session.execute(delete(Department).where(Department.code == "scope-test"))


def test_person_condition_keeps_only_the_grid(database, regions):
    with database.write() as session:
        for name, grid in [("甲", GRID_1), ("乙", GRID_2), ("丙", None)]:
            session.add(Person(name=name, grid_id=regions[grid] if grid else None))
    grid_scope = Scope(region_id=regions[GRID_1], region_level="grid", region_ids=frozenset({regions[GRID_1]}))
    with database.read() as session:
        names = lambda scope: sorted(session.scalars(select(Person.name).where(person_condition(scope))))  # noqa: E731
        assert names(grid_scope) == ["甲"]
        assert names(WHOLE_DISTRICT) == ["丙", "乙", "甲"]
        assert names(Scope(department_id=regions[GRID_1])) == []
