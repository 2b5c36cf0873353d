"""The stored last visit of each membership (person_categories.last_visit_on) follows the rule of
app/people/visits.py through every way visits and memberships change: a visit for the category
or a general one counts, one before `since` or for another category does not; a category added
or revived later picks up the visits already made; an import that adds a category to a known
person too; a deleted person's memberships end with them; and migration 0004 fills the column
(and ends the memberships of persons deleted before) for data recorded before it existed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from app.people.importer import import_people
from app.people.visits import due_day_number, refresh_visit_clocks, visits_due
from db.engine import Database
from db.migrate import upgrade
from db.schema import PersonCategory, PopulationCategory
from tests.app.people.people_fixtures import people, person_id_number, write_sheet  # noqa: F401 - fixture
from tests.conftest import local
from app.cases.lights import Light


def stored(database, person_id) -> dict[str, date | None]:
    """{category code: last_visit_on} of the person's live memberships, checking on the way that
    each stored due day is the last visit (else since) plus the category's cadence."""
    with database.read() as session:
        rows = session.execute(
            select(PopulationCategory.code, PersonCategory.last_visit_on, PersonCategory.since,
                   PopulationCategory.visit_every_days, PersonCategory.visit_due_day)
            .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
            .where(PersonCategory.person_id == person_id, PersonCategory.deleted_at.is_(None))).all()
    for code, last_visit, since, every, due_day in rows:
        assert due_day == due_day_number(last_visit or since, every), code
    return {code: last_visit for code, last_visit, *_ in rows}


def new_person(people, seq: int, categories: dict) -> object:
    person_id = people.add_person({"name": f"测试{seq}", "id_number": person_id_number(seq)})
    people.set_categories(person_id, categories)
    return person_id


def test_visits_for_the_category_and_general_ones_count_others_do_not(people, database):
    person = new_person(people, 1, {"elderly_alone": {}, "dibao": {}})
    assert stored(database, person) == {"elderly_alone": None, "dibao": None}
    assert visits_due(database, local(2025, 9, 30, 10)).counts[Light.RED] == 2  # never visited, no start
    people.add_visit(person, "elderly_alone", date(2025, 9, 1), "网格员甲")
    assert stored(database, person) == {"elderly_alone": date(2025, 9, 1), "dibao": None}
    people.add_visit(person, None, date(2025, 9, 10), "网格员甲")
    assert stored(database, person) == {"elderly_alone": date(2025, 9, 10), "dibao": date(2025, 9, 10)}
    people.add_visit(person, "elderly_alone", date(2025, 8, 1), "网格员甲")  # an older visit entered late
    assert stored(database, person) == {"elderly_alone": date(2025, 9, 10), "dibao": date(2025, 9, 10)}
    row = next(r for r in visits_due(database, local(2025, 9, 30, 10)).rows if r.category == "低保对象")
    assert row.last_visit == date(2025, 9, 10)


def test_visits_before_since_do_not_count(people, database):
    person = new_person(people, 2, {"elderly_alone": {}})
    with database.write() as session:
        session.execute(text("UPDATE person_categories SET since = :since"), {"since": date(2025, 9, 5)})
    people.add_visit(person, None, date(2025, 9, 1), "网格员甲")
    assert stored(database, person) == {"elderly_alone": None}
    people.add_visit(person, "elderly_alone", date(2025, 9, 5), "网格员甲")
    assert stored(database, person) == {"elderly_alone": date(2025, 9, 5)}


def test_a_category_added_or_revived_later_picks_up_earlier_visits(people, database):
    person = new_person(people, 3, {"elderly_alone": {}})
    people.add_visit(person, None, date(2025, 9, 3), "网格员甲")
    people.add_visit(person, "elderly_alone", date(2025, 9, 8), "网格员甲")
    people.set_categories(person, {"dibao": {}})
    assert stored(database, person) == {"dibao": date(2025, 9, 3)}
    people.set_categories(person, {"dibao": {}, "elderly_alone": {}})
    assert stored(database, person) == {"dibao": date(2025, 9, 3), "elderly_alone": date(2025, 9, 8)}


def test_import_adding_a_category_to_a_known_person_picks_up_visits(people, database, tmp_path):
    person = people.add_person({"name": "王芳", "id_number": person_id_number(4, "女")})
    people.add_visit(person, None, date(2025, 9, 12), "网格员甲")
    path = write_sheet(tmp_path / "台账.xlsx", [["姓名", "身份证号", "人员类别"],
                                                ["王芳", person_id_number(4, "女"), "独居空巢老人"]])
    result = import_people(people, path)
    assert (result.merged, len(result.rejects)) == (1, 0)
    assert stored(database, person) == {"elderly_alone": date(2025, 9, 12)}


def test_deleting_a_person_ends_their_memberships_and_visit_clocks(people, database):
    person = new_person(people, 5, {"elderly_alone": {}})
    keep = new_person(people, 6, {"elderly_alone": {}})
    now = local(2025, 9, 30, 10)
    assert {r.person_id for r in visits_due(database, now).rows} == {person, keep}
    people.delete_person(person, people.get_person(person).version, reason="迁出")
    assert stored(database, person) == {}
    assert [r.person_id for r in visits_due(database, now).rows] == [keep]
    assert visits_due(database, now).total == 1


def test_a_changed_cadence_moves_the_due_days_of_that_category_only(people, database):
    person = new_person(people, 7, {"elderly_alone": {}, "dibao": {}})
    people.add_visit(person, None, date(2025, 9, 10), "网格员甲")
    try:
        set_cadence(database, "elderly_alone", 14)
        stored(database, person)  # checks every due day against the current cadence
        row = next(r for r in visits_due(database, local(2025, 9, 20, 10)).rows if r.category == "独居空巢老人")
        assert (row.due_on, row.light) == (date(2025, 9, 24), Light.GREEN)
    finally:
        set_cadence(database, "elderly_alone", 7)  # the PostgreSQL test database keeps its categories


def set_cadence(database, code: str, days: int) -> None:
    """What an administrator's change of a category's cadence does: the row, then its clocks."""
    with database.write() as session:
        session.execute(text("UPDATE population_categories SET visit_every_days = :days WHERE code = :code"),
                        {"days": days, "code": code})
        category_id = session.scalar(select(PopulationCategory.id).where(PopulationCategory.code == code))
        refresh_visit_clocks(session, category_id=category_id)


def test_migration_0004_fills_the_column_from_recorded_visits(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        upgrade(database, to="0003")
        with database.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO population_categories (id, code, name, sensitive, visit_every_days, sort_order, version,"
                " created_at, updated_at) VALUES ('c1', 'a', 'A', 0, 7, 0, 1, '2025-01-01', '2025-01-01'),"
                " ('c2', 'b', 'B', 0, 30, 0, 1, '2025-01-01', '2025-01-01')"))
            conn.execute(text(
                "INSERT INTO persons (id, name, name_pinyin, name_initials, residence_type, version, created_at,"
                " updated_at, deleted_at) VALUES ('p1', '甲', 'jia', 'j', '户籍', 1, '2025-01-01', '2025-01-01', NULL),"
                " ('p2', '乙', 'yi', 'y', '户籍', 1, '2025-01-01', '2025-01-01', '2025-06-01 08:00:00.000000')"))
            conn.execute(text(
                "INSERT INTO person_categories (id, person_id, category_id, since, version, created_at, updated_at)"
                " VALUES ('m1', 'p1', 'c1', NULL, 1, '2025-01-01', '2025-01-01'),"
                " ('m2', 'p1', 'c2', '2025-09-05', 1, '2025-01-01', '2025-01-01'),"
                " ('m3', 'p2', 'c1', NULL, 1, '2025-01-01', '2025-01-01')"))
            conn.execute(text(
                "INSERT INTO visits (id, person_id, category_id, visited_on, visitor, created_at) VALUES"
                " ('v1', 'p1', 'c1', '2025-09-08', 'g', '2025-01-01'),"
                " ('v2', 'p1', NULL, '2025-09-03', 'g', '2025-01-01'),"
                " ('v3', 'p1', 'c2', '2025-09-06', 'g', '2025-01-01')"))
        assert upgrade(database) is True
        with database.engine.connect() as conn:
            found = {row[0]: row[1:] for row in conn.execute(
                text("SELECT id, last_visit_on, visit_due_day, deleted_at FROM person_categories"))}
        assert found == {"m1": ("2025-09-08", due_day_number(date(2025, 9, 8), 7), None),
                         "m2": ("2025-09-06", due_day_number(date(2025, 9, 6), 30), None),
                         "m3": (None, None, "2025-06-01 08:00:00.000000")}
    finally:
        database.dispose()
