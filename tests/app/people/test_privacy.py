"""Masking and the audited reveal of ID numbers, phones and sensitive categories."""

from datetime import date

import pytest
from sqlalchemy import delete, select

from app.people.privacy import (
    RevealDenied,
    mask_categories,
    mask_id_number,
    mask_phone,
    reveal,
    reveal_many,
)
from db.schema import AuditEntry, Setting
from tests.app.people.people_rows import (
    add_person,
    add_staff,
    category_ids,
    write_regions,
)


def test_mask_id_number_keeps_region_and_last_four():
    """110105********002X: first 6 and last 4."""
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number(None) == ""


def test_mask_phone_keeps_prefix_and_last_four():
    """138****8000."""
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("123") == "***"


def test_mask_categories_hides_sensitive_names():
    """Sensitive categories become one 敏感类别."""
    assert mask_categories([("低保对象", False), ("社区矫正对象", True), ("吸毒人员", True)]) == ("低保对象", "敏感类别")


@pytest.fixture
def person(database):
    regions = write_regions(database)
    cats = category_ids(database)
    return add_person(database, regions, "张三", phone="13800138000", categories={cats["corrections"]: date(2025, 1, 1)})


def audit_rows(database):
    with database.read() as session:
        return [(a.action, a.actor, a.workstation, a.entity, a.entity_id, a.detail)
                for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_reveal_by_shift_leader_returns_clear_value_and_audits(database, person):
    """A shift leader sees the phone in clear; an audit entry says who, where, which field."""
    add_staff(database, "zhang01", "shift_leader")
    shown = reveal(database, person, "phone", "zhang01", "ws-1")
    assert shown.value == "13800138000"
    assert audit_rows(database) == [("reveal", "zhang01", "ws-1", "person", person, {"field": "phone"})]


def test_reveal_categories_in_clear(database, person):
    """Revealing categories gives the sensitive names."""
    add_staff(database, "boss", "leader")
    assert reveal(database, person, "categories", "boss", None).value == ("社区矫正对象",)


def test_reveal_denied_is_refused_and_audited(database, person):
    """A grid worker (or an unknown login) is refused, and the refusal is in the audit log."""
    add_staff(database, "g1", "grid_worker")
    with pytest.raises(RevealDenied, match="无权"):
        reveal(database, person, "id_number", "g1", "ws-2")
    with pytest.raises(RevealDenied):
        reveal(database, person, "id_number", "nobody", "ws-2")
    assert [(a[0], a[1], a[5]) for a in audit_rows(database)] == [
        ("reveal_denied", "g1", {"field": "id_number"}), ("reveal_denied", "nobody", {"field": "id_number"})]


def test_reveal_roles_are_a_setting(database, person):
    """The setting people_reveal_roles replaces the default roles."""
    add_staff(database, "d1", "dispatcher")
    with database.write() as session:
        session.add(Setting(key="people_reveal_roles", value="dispatcher"))
    try:
        assert reveal(database, person, "id_number", "d1", None).value.startswith("370202")
    finally:  # settings survive between PostgreSQL tests
        with database.write() as session:
            session.execute(delete(Setting).where(Setting.key == "people_reveal_roles"))


def test_reveal_many_audits_each_person_and_field(database, person):
    """Revealing a list writes one entry per person and field."""
    add_staff(database, "boss", "admin")
    shown = reveal_many(database, [person], ["id_number", "phone"], "boss", None)
    assert [s.field for s in shown] == ["id_number", "phone"]
    assert len(audit_rows(database)) == 2
