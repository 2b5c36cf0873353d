"""The demo residents: valid ID numbers, households with their heads, buildings inside their
grids, rentals, plausible rates, every visit light present, and the same rows for one seed."""

import random
import shutil
from collections import Counter
from datetime import UTC, date, datetime

from shapely.geometry import Point, shape
from sqlalchemy import func, select

from app.cases.lights import Light
from app.demo.district_rows import write_district
from app.demo.geography import build_district
from app.demo.people import populate
from app.demo.people_categories import memberships
from app.demo.population import IdMaker, age_on, household
from app.people.id_numbers import normalize_id
from app.people.visits import refresh_visit_clocks, visits_due
from db.engine import Database
from db.schema import Building, Household, Person, PersonCategory, Region, RentalHouse, RentalTenant

NOW = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)


def fill(database: Database, persons: int = 400, seed: int = 3) -> int:
    with database.write() as session:
        write_district(session, build_district(seed))
    return populate(database, seed, persons, now=NOW)


def test_populate_writes_a_valid_linked_population(database):
    """One small population (written once: it is the slow part) checked for everything linked:
    valid ID numbers matching sex and birth date, one 户主 per household, buildings inside their
    grid's polygon, rentals with a local landlord and tenants, all three visit lights at now."""
    count = fill(database)
    with database.read() as session:
        rows = session.execute(select(Person.id_number, Person.sex, Person.birth_date, Person.household_id,
                                      Person.relation, Person.name_pinyin)).all()
        households = session.scalar(select(func.count()).select_from(Household))
        grids = dict(session.execute(select(Region.id, Region.boundary).where(Region.level == "grid")).all())
        buildings = session.execute(select(Building.grid_id, Building.lon, Building.lat)).all()
        rentals = session.execute(select(RentalHouse.id, Person.residence_type)
                                  .join(Person, Person.id == RentalHouse.landlord_id)).all()
        tenants = session.scalar(select(func.count()).select_from(RentalTenant))
    assert len(rows) == count >= 400
    for number, sex, birth, _household, _relation, pinyin in rows:
        checked = normalize_id(number, today=date(2025, 9, 30))
        assert checked.ok, checked.reason
        assert (checked.sex, checked.birth_date) == (sex, birth) and pinyin
    heads = Counter(household for _n, _s, _b, household, relation, _p in rows if relation == "户主")
    assert len(heads) == households and set(heads.values()) == {1}
    assert all(shape(grids[grid_id]).contains(Point(lon, lat)) for grid_id, lon, lat in buildings)
    assert rentals and {kind for _id, kind in rentals} == {"户籍"} and tenants >= len(rentals)
    counts = visits_due(database, NOW).counts
    assert all(counts[light] > 0 for light in Light), counts
    written = last_visits(database)
    assert any(written.values())
    with database.write() as session:
        refresh_visit_clocks(session)
    assert last_visits(database) == written  # the bulk writer stored what the rule gives


def last_visits(database: Database) -> dict:
    with database.read() as session:
        return dict(session.execute(select(PersonCategory.id, PersonCategory.last_visit_on)).all())


def test_populate_same_seed_same_rows(tmp_path, sqlite_template):
    """One seed gives the same persons, keys included."""
    snapshots = []
    for n in (1, 2):
        shutil.copy(sqlite_template, tmp_path / f"d{n}.db")
        database = Database(f"sqlite:///{tmp_path / f'd{n}.db'}")
        fill(database, persons=100, seed=5)
        with database.read() as session:
            snapshots.append(session.execute(
                select(Person.id, Person.name, Person.id_number, Person.phone, Person.relation)
                .order_by(Person.id)).all())
        database.dispose()
    assert snapshots[0] == snapshots[1]


def test_population_rates_roughly_as_stated():
    """Residence types about 75/20/4/1 %, 低保 ~2 %, 残疾 ~6 %, floating residents all in 流动人口."""
    rng, ids, today = random.Random(11), IdMaker(), date(2025, 9, 30)
    persons, residence, categories = 0, Counter(), Counter()
    while persons < 6000:
        members = household(rng, today, ids)
        persons += len(members)
        residence.update(m.residence_type for m in members)
        categories.update(code for _i, code, _f, _s in memberships(rng, members, today, village=False))
        assert members[0].relation == "户主" and all(0 <= age_on(m.birth_date, today) <= 100 for m in members)
    share = {k: v / persons for k, v in residence.items()}
    assert 0.70 < share["户籍"] < 0.80 and 0.16 < share["流动"] < 0.24 and 0.02 < share["人户分离"] < 0.06
    assert categories["floating"] == residence["流动"]
    assert 0.01 < categories["dibao"] / persons < 0.03 and 0.04 < categories["disabled"] / persons < 0.08
    assert categories["mental"] / persons < 0.01
