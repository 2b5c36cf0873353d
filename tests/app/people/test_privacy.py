"""Masking and the audited reveal of ID numbers, phones, birth dates and sensitive categories;
what is shown together never completes a mask; sensitive category filters need the permission;
audit entries carry the wall clock and any login — on SQLite and PostgreSQL."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, select

from app.cli.main import main
from tests.cli_runs import without_account_warning
from app.people.id_numbers import make_id
from app.people.ledger_filters import LedgerFilter
from app.people.ledger_query import count, fetch_page
from app.people.person_card import read_card
from app.people.privacy import (
    RevealDenied,
    Viewer,
    mask_categories,
    mask_id_number,
    mask_phone,
    reveal,
    reveal_many,
)
from app.people.search import search_people
from app.people.search_input import SearchTextError
from app.people.sensitive_reads import SensitiveReadDenied
from app.people.service import PeopleService
from db.schema import AuditEntry, RolePermission, Setting
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


def test_reveal_follows_the_permission_table(database, person):
    """Granting people.reveal to the dispatcher role lets a dispatcher reveal; without it, refused."""
    add_staff(database, "d1", "dispatcher")
    with pytest.raises(RevealDenied):
        reveal(database, person, "id_number", "d1", None)
    with database.write() as session:
        session.add(RolePermission(role_code="dispatcher", permission="people.reveal"))
    try:
        assert reveal(database, person, "id_number", "d1", None).value.startswith("370202")
    finally:  # grants survive between PostgreSQL tests
        with database.write() as session:
            session.execute(delete(RolePermission).where(RolePermission.role_code == "dispatcher",
                                                         RolePermission.permission == "people.reveal"))


def test_reveal_many_audits_each_person_and_field(database, person):
    """Revealing a list writes one entry per person and field."""
    add_staff(database, "boss", "admin")
    shown = reveal_many(database, [person], ["id_number", "phone"], "boss", None)
    assert [s.field for s in shown] == ["id_number", "phone"]
    assert len(audit_rows(database)) == 2


def test_reveal_birth_date_in_clear(database, person):
    """The birth date is a revealed field (it is the masked part of the ID number), audited like the others."""
    add_staff(database, "boss", "leader")
    assert reveal(database, person, "birth_date", "boss", None).value == date(1980, 1, 1)
    assert audit_rows(database)[-1][5] == {"field": "birth_date"}


def test_refused_reveal_with_an_overlong_login_is_audited(database, person):
    """A 200-character login is refused and audited, stored cut to the column (a traceback on PostgreSQL before)."""
    login = "x" * 200
    with pytest.raises(RevealDenied) as refused:
        reveal(database, person, "phone", login, "w" * 100)
    (row,) = audit_rows(database)
    assert row[0] == "reveal_denied" and row[1] == "x" * 63 + "…" and row[2] == "w" * 63 + "…"
    assert len(str(refused.value)) < 120


def test_audit_time_is_the_wall_clock_even_with_now(database, person, monkeypatch, capsys):
    """`--now 2020-01-01` moves the lights, never the audit log: the reveal is stamped with today's time."""
    add_staff(database, "boss", "leader")
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    code, _out, _err = gridcc(capsys, database, "--now", "2020-01-01T10:00", "people", "search", "张三",
                              "--reveal", "--user", "boss")
    with database.read() as session:
        stamps = session.scalars(select(AuditEntry.at)).all()
    assert code == 0 and len(stamps) == 4 and min(stamps) >= before


def gridcc(capsys, database, *argv):
    """Run the command line on the test database: (exit code, stdout, stderr)."""
    url = database.url.render_as_string(hide_password=False)
    try:
        code = main(["--db", url, *argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, without_account_warning(err)


BIRTH_DIGITS = ("19800101", "1980-01-01", "1980")


def test_nothing_shown_unrevealed_holds_the_birth_digits(database, person, capsys):
    """Card, ledger row, search hit and the CLI's table and JSON show the age, never the birth date
    that completes 370202********xxxx."""
    people = PeopleService(database, now=lambda: datetime(2025, 9, 30, 2, tzinfo=timezone.utc), actor="g1")
    card = read_card(people, person)
    row = fetch_page(database, LedgerFilter(search="张三"), today=date(2025, 9, 30)).rows[0]
    hit = search_people(database, "张三", today=date(2025, 9, 30))[0]
    shown = [repr(card), repr(row), repr(hit)]
    for argv in (("张三",), ("张三", "--json")):
        code, out, _err = gridcc(capsys, database, "people", "search", *argv)
        assert code == 0
        shown.append(out)
    assert (card.age, row.age, hit.age) == (45, 45, 45) and card.id_masked.startswith("370202********")
    assert json.loads(shown[-1])[0]["age"] >= 45
    for text in shown:
        assert not any(digits in text for digits in BIRTH_DIGITS), text


def test_card_history_masks_a_changed_birth_date(database, person):
    """A birth date changed on the form shows as ****-**-** in the card's history."""
    people = PeopleService(database, actor="clerk")
    record = people.get_person(person)
    people.update_person(person, {"birth_date": "1980-02-02", "id_number": make_id("370202", date(1980, 2, 2), 0, "男")},
                         record.version)
    history = repr(read_card(people, person).history)
    assert "****-**-**" in history and "1980-02-02" not in history and "1980-01-01" not in history


def sensitive_entries(database):
    with database.read() as session:
        return [(e.action, e.actor, e.detail) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("sensitive%")).order_by(AuditEntry.id))]


def test_ledger_sensitive_category_filter_needs_permission(database, person):
    """The ledger refuses a 社区矫正对象 filter (or search word) to a grid worker, page and count, audited."""
    add_staff(database, "g1", "grid_worker")
    worker = Viewer("g1", "ws-1")
    today = date(2025, 9, 30)
    for flt in (LedgerFilter(category_code="corrections"), LedgerFilter(search="社区矫正对象")):
        with pytest.raises(SensitiveReadDenied, match="无权按敏感类别"):
            fetch_page(database, flt, today=today, viewer=worker)
        with pytest.raises(SensitiveReadDenied):
            count(database, flt, today=today, viewer=worker)
    with pytest.raises(SensitiveReadDenied):
        fetch_page(database, LedgerFilter(category_code="corrections"), today=today)
    entries = sensitive_entries(database)
    assert [(a, who) for a, who, _d in entries] == [("sensitive_read_denied", "g1")] * 4 + [
        ("sensitive_read_denied", "（未指明操作人）")]
    assert {d["via"] for _a, _w, d in entries} == {"ledger"} and all(d["categories"] == ["corrections"]
                                                                      for _a, _w, d in entries)
    assert count(database, LedgerFilter(category_code="dibao"), today=today, viewer=worker).value == 0


def test_ledger_sensitive_filter_with_permission_audits_the_count(database, person):
    """A shift leader sees the members; the count is audited with its number, pages are not."""
    add_staff(database, "lead", "shift_leader")
    viewer, today = Viewer("lead", "ws-2"), date(2025, 9, 30)
    flt = LedgerFilter(category_code="corrections", age_band="35-59")
    assert [r.name for r in fetch_page(database, flt, today=today, viewer=viewer).rows] == ["张三"]
    assert count(database, flt, today=today, viewer=viewer).value == 1
    assert sensitive_entries(database) == [("sensitive_read", "lead", {
        "via": "ledger", "categories": ["corrections"], "age_band": "35-59", "rows": 1, "capped": False})]


def test_ledger_search_text_is_bounded(database, person):
    """The ledger's search box refuses 500 words with the search's message (no expression-tree error)."""
    with pytest.raises(SearchTextError, match="最多 10 个词"):
        fetch_page(database, LedgerFilter(search=" ".join(["zs"] * 500)), today=date(2025, 9, 30))


def test_cli_sensitive_search_refused_exit_2_and_audited(database, person, capsys):
    """`people search --category 社区矫正对象` by a grid worker: one line, exit 2, the refusal audited."""
    add_staff(database, "g1", "grid_worker")
    code, out, err = gridcc(capsys, database, "people", "search", "", "--category", "社区矫正对象", "--user", "g1")
    assert (code, out) == (2, "") and err.startswith("错误：用户“g1”无权按敏感类别") and len(err.splitlines()) == 1
    assert [(a, who) for a, who, _d in sensitive_entries(database)] == [("sensitive_read_denied", "g1")]
    add_staff(database, "boss", "admin")
    code, out, _err = gridcc(capsys, database, "people", "search", "社区矫正", "--user", "boss")
    assert code == 0 and "找到 1 人" in out
    assert sensitive_entries(database)[-1][:2] == ("sensitive_read", "boss")


def test_cli_unknown_grid_or_category_says_so(database, person, capsys):
    """Search and visits name the missing grid or category (exit 2) instead of "找到 0 人"."""
    code, _out, err = gridcc(capsys, database, "people", "search", "张三", "--grid", "第九网格")
    assert (code, err) == (2, "错误：网格或区域“第九网格”不存在\n")
    code, _out, err = gridcc(capsys, database, "people", "search", "张三", "--category", "算命")
    assert (code, err) == (2, "错误：人员类别：没有“算命”这一人员类别\n")
    code, _out, err = gridcc(capsys, database, "people", "visits", "--grid", "第九网格")
    assert (code, err) == (2, "错误：网格或区域“第九网格”不存在\n")
    code, _out, err = gridcc(capsys, database, "people", "search", " ".join(["zs"] * 500))
    assert code == 2 and "最多 10 个词" in err


def test_cli_visits_show_a_sensitive_category_as_such(database, person, capsys):
    """The visits list names 社区矫正对象 only as 敏感类别, in the table and in JSON."""
    for argv in ((), ("--json",)):
        code, out, _err = gridcc(capsys, database, "--now", "2025-09-30T10:00", "people", "visits", *argv)
        assert code == 0 and "张三" in out and "敏感类别" in out and "社区矫正" not in out
