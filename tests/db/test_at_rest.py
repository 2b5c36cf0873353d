"""ID numbers and phones sealed at rest in a SQLite file (db.sealed, db.at_rest_key, migration 0012):
the file read without the program holds none of them, the program still finds, deduplicates and
reveals them, a file whose key is missing is refused in one line, PostgreSQL keeps them as before."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import select, text

from app.cases.drafts import CaseDraft
from app.errors import explain_error
from app.mediation.drafts import PartyDraft
from app.people.errors import PersonError
from app.people.id_numbers import make_id
from app.people.ledger_filters import LedgerFilter
from app.people.ledger_query import fetch_page
from app.people.privacy import reveal
from app.people.search import search_people
from app.people.service import PeopleService
from db.at_rest_key import KEY_ID_SETTING, SERVICE, KeyMissing, export_key, forget_loaded_keys, import_key
from db.engine import Database
from db.migrate import upgrade
from db.schema import Person, PersonChange, Setting
from tests.app.mediation.conftest import district, mediation, register  # noqa: F401 - fixtures
from tests.app.people.people_rows import GRID_1, add_person, add_staff, write_regions
from tests.conftest import local

BIRTH = date(1980, 1, 1)
PHONE = "13805326677"


@pytest.fixture
def sqlite_database(tmp_path, sqlite_template):
    """A migrated SQLite file of its own (sealed at creation)."""
    import shutil

    path = tmp_path / "sealed.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def file_bytes(database: Database) -> bytes:
    """Everything on disk for the file: the database and its WAL, after every connection closed."""
    database.dispose()
    data = database.path.read_bytes()
    wal = database.path.with_name(database.path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def stored_id(database: Database, person_id) -> str:
    with database.read() as session:
        return session.scalar(select(Person.id_number).where(Person.id == person_id))


def test_raw_file_holds_no_id_number_or_phone(sqlite_database, service, mediation, district):  # noqa: F811
    """Persons, their change history and memberships' own fields, a case's reporter and a dispute's
    parties: no clear ID number or phone anywhere in the file."""
    database = sqlite_database
    regions = write_regions(database)
    person_id = add_person(database, regions, "张三", birth=BIRTH, phone=PHONE)
    id_number = stored_id(database, person_id)
    people = PeopleService(database, actor="tester", workstation="test")
    people.update_person(person_id, {"phone": "13905326688"}, people.get_person(person_id).version)
    people.set_categories(person_id, {"elderly_alone": {"kind": "独居", "contact": "张小", "contact_phone": "13505324455"},
                                      "disabled": {"kind": "肢体", "grade": "二级", "cert_no": id_number + "11"}})
    assert people.get_person(person_id).categories  # read back in clear
    service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                             reported_at=local(2025, 9, 30, 9, 0), reporter_phone="13705321122"), actor="grid1")
    party_id = make_id("370202", date(1990, 1, 1), 7, "男")
    register(mediation, parties=(PartyDraft(role="申请人", name="王五", phone="13605329900", id_number=party_id),
                                 PartyDraft(role="被申请人", name="赵六")))
    secrets = [id_number, PHONE, "13905326688", "13705321122", "13605329900", party_id, "13505324455"]
    raw = sqlite3.connect(database.path)
    try:
        dumped = "\n".join(raw.iterdump())
    finally:
        raw.close()
    found = [s for s in secrets if s in dumped or s[::-1] in dumped]
    assert found == []
    data = file_bytes(database)
    assert [s for s in secrets if s.encode() in data or s[::-1].encode() in data] == []


def test_the_program_reads_and_finds_the_sealed_values(sqlite_database):
    """Search by full ID, by phone and by tails; the ledger's search box too; reveal gives the clear value."""
    database = sqlite_database
    regions = write_regions(database)
    person_id = add_person(database, regions, "张三", birth=BIRTH, phone=PHONE)
    add_person(database, regions, "李四", birth=BIRTH, seq=1, phone="13800000000")
    id_number = stored_id(database, person_id)
    assert len(id_number) == 18
    for typed in (id_number, PHONE, id_number[-4:], id_number[-5:], id_number[-6:], id_number[-8:], PHONE[-4:],
                  PHONE[-7:]):
        assert [h.name for h in search_people(database, typed)] == ["张三"], typed
    assert search_people(database, "9" + PHONE[-6:]) == []
    page = fetch_page(database, LedgerFilter(search=id_number), today=date(2025, 1, 1))
    assert [row.name for row in page.rows] == ["张三"]
    page = fetch_page(database, LedgerFilter(search=PHONE), today=date(2025, 1, 1))
    assert [row.name for row in page.rows] == ["张三"]
    add_staff(database, "boss", "leader")
    assert reveal(database, person_id, "id_number", "boss", None).value == id_number
    assert reveal(database, person_id, "phone", "boss", None).value == PHONE


def test_a_tail_shorter_than_four_digits_finds_nothing_in_a_file(sqlite_database):
    """The file keeps keyed hashes of the last four digits only: three digits are not searched."""
    regions = write_regions(sqlite_database)
    add_person(sqlite_database, regions, "张三", birth=BIRTH, phone=PHONE)
    assert search_people(sqlite_database, PHONE[-3:]) == []


def test_id_numbers_stay_unique(database):
    """A second person with the same ID number is refused (the keyed hash's unique index on SQLite)."""
    regions = write_regions(database)
    person_id = add_person(database, regions, "张三", birth=BIRTH, phone=PHONE)
    people = PeopleService(database, actor="tester", workstation="test")
    with pytest.raises(PersonError, match="已登记给“张三”"):
        people.add_person({"name": "张三丰", "id_number": stored_id(database, person_id), "grid_id": regions[GRID_1]})
    assert people.find_by_id_number(stored_id(database, person_id)) == person_id


def test_change_history_reads_back_in_clear(sqlite_database):
    """The sealed change history still says what changed, from what to what."""
    regions = write_regions(sqlite_database)
    person_id = add_person(sqlite_database, regions, "张三", birth=BIRTH, phone=PHONE)
    people = PeopleService(sqlite_database, actor="tester", workstation="test")
    people.update_person(person_id, {"phone": "13905326688"}, people.get_person(person_id).version)
    with sqlite_database.read() as session:
        changes = session.scalars(select(PersonChange.changes).where(PersonChange.person_id == person_id)).all()
    assert {"phone": [PHONE, "13905326688"]} in changes


def test_missing_key_is_one_line_and_nothing_is_read(sqlite_database, test_keyring):
    """A file whose key this computer's store lacks is refused at connection, with the way out."""
    with sqlite_database.read() as session:
        key_id = session.scalar(select(Setting.value).where(Setting.key == KEY_ID_SETTING))
    sqlite_database.dispose()
    saved = test_keyring.get_password(SERVICE, key_id)
    test_keyring.delete_password(SERVICE, key_id)
    forget_loaded_keys()
    try:
        database = Database(sqlite_database.url)
        with pytest.raises(KeyMissing) as raised:
            database.check_connection()
        line = explain_error(raised.value)
        assert "此数据库的加密密钥不在本机凭据库中" in line.text and "\n" not in line.text
        database.dispose()
    finally:
        test_keyring.set_password(SERVICE, key_id, saved)


def test_key_moves_with_an_export_file(sqlite_database, test_keyring, tmp_path):
    """Export writes an owner-only file; importing it on a store without the key opens the file again."""
    with sqlite_database.read() as session:
        key_id = session.scalar(select(Setting.value).where(Setting.key == KEY_ID_SETTING))
    exported = tmp_path / "key.json"
    export_key(key_id, exported)
    assert exported.stat().st_mode & 0o077 == 0
    sqlite_database.dispose()
    test_keyring.delete_password(SERVICE, key_id)
    forget_loaded_keys()
    assert import_key(exported) == key_id
    database = Database(sqlite_database.url)
    database.check_connection()
    database.dispose()


def test_migration_seals_an_existing_clear_file(tmp_path):
    """A file of the previous revision with clear rows: sealed by the upgrade, and still searchable."""
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(database, "0009")
    with database.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, id_reversed, phone, "
            "phone_reversed, residence_type, created_at, updated_at, version) VALUES "
            "('0000000000000000000000000000000a', '张三', 'zhangsan', 'zs', '370202198001010011', "
            "'110010108910202073', '138-0532-6677', '77662350831', '户籍', '2025-01-01 00:00:00', "
            "'2025-01-01 00:00:00', 1)"))
    upgrade(database)
    assert [h.name for h in search_people(database, "370202198001010011")] == ["张三"]
    assert [h.name for h in search_people(database, "6677")] == ["张三"]
    assert [h.name for h in search_people(database, PHONE)] == ["张三"]
    data = file_bytes(database)
    assert b"370202198001010011" not in data and b"0532" not in data and b"110010108910202073" not in data


def test_only_a_file_is_sealed(database):
    """SQLite: the stored ID number is ciphertext beside its keyed hash; PostgreSQL: as typed, no hash."""
    regions = write_regions(database)
    person_id = add_person(database, regions, "张三", birth=BIRTH, phone=PHONE)
    with database.read() as session:
        raw_id, raw_phone, hashed, reversed_id = session.execute(
            text("SELECT id_number, phone, id_hash, id_reversed FROM persons WHERE id = :id"),
            {"id": person_id if database.kind == "postgresql" else person_id.hex}).one()
    if database.kind == "postgresql":
        assert (raw_id, raw_phone, hashed) == (stored_id(database, person_id), PHONE, None)
        assert reversed_id == raw_id[::-1]
    else:
        assert isinstance(raw_id, bytes) and isinstance(raw_phone, bytes) and len(hashed) == 16
        assert reversed_id is None


def test_without_a_credential_store_the_key_is_an_owner_only_file(monkeypatch, tmp_path):
    """A computer with no credential store (a Linux server, CI) keeps the key in a file of its
    own in the configuration folder, apart from the database; it is found again from there."""
    import keyring
    from keyring.backends import fail

    from db import at_rest_key

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        sealer = at_rest_key.new_key()
        path = at_rest_key.key_folder() / f"{sealer.key_id}.key"
        assert path.is_file() and path.stat().st_mode & 0o777 == 0o600
        assert str(tmp_path / "config") in str(path)
        at_rest_key.forget_loaded_keys()
        again = at_rest_key.load_key(sealer.key_id, sealer.check())
        assert again.open(b"id", sealer.seal(b"id", "370202198001010011")) == "370202198001010011"
    finally:
        keyring.set_keyring(before)
        at_rest_key.forget_loaded_keys()
