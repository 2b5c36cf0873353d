"""Export: a formatted sheet with IDs and phones as text, read back unchanged by the import, for
a user who may reveal; masked (ages, masked numbers, 敏感类别) for others; audited either way."""

from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from sqlalchemy import select

from app.cli.main import main
from tests.cli_runs import without_account_warning
from app.people.errors import PersonError
from app.people.exporter import export_people
from app.people.importer import import_people
from app.people.sensitive_reads import SensitiveReadDenied
from app.people.service import PeopleService
from db.schema import AuditEntry, Region, Staff
from tests.app.people.people_fixtures import GRID_CODE, OTHER_GRID_CODE, people, person_id_number  # noqa: F401


def staff(database, login: str, role: str) -> None:
    with database.write() as session:
        session.add(Staff(login=login, name=login, role=role))


@pytest.fixture
def ledger(people):
    """Three persons in two grids, with places, categories and a landline; the acting user
    (tester) is an administrator, who may reveal."""
    staff(people.database, "tester", "admin")
    first = people.add_person({"name": "张三", "id_number": "11010519491231002X", "phone": "0532-88886666",
                               "grid": GRID_CODE, "building": "1号楼", "room": "1-101", "household_no": "H1",
                               "relation": "户主", "current_address": "幸福路1号", "ethnicity": "汉族"})
    people.set_categories(first, {"dibao": {}, "disabled": {"grade": "二级"}})
    people.add_person({"name": "李四", "id_number": person_id_number(2, "女"), "phone": "13800138000",
                       "grid": GRID_CODE, "household_no": "H1", "relation": "配偶", "note": "第一行\n第二行"})
    people.add_person({"name": "王五", "id_number": person_id_number(3), "grid": OTHER_GRID_CODE,
                       "residence_type": "流动"})
    return people


def test_sheet_is_formatted_with_text_ids(ledger, tmp_path):
    """Bold filled frozen header, ID and phone as full text cells, birth dates as dates."""
    result = export_people(ledger, tmp_path / "台账.xlsx")
    sheet = openpyxl.load_workbook(result.path).active
    assert result.rows == 3 and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert [c.value for c in sheet[1]][:6] == ["姓名", "身份证号", "性别", "出生日期", "民族", "联系电话"]
    zhang = [c for c in sheet[2]]
    assert (zhang[1].value, zhang[1].data_type, zhang[1].number_format) == ("11010519491231002X", "s", "@")
    assert (zhang[5].value, zhang[3].value) == ("0532-88886666", datetime(1949, 12, 31))
    assert zhang[14].value == "低保对象、残疾人"
    assert sheet.column_dimensions["B"].width == 21


def test_filters_and_audit(ledger, tmp_path):
    """--grid and --category narrow the rows; every export is in the audit log with its filter."""
    assert export_people(ledger, tmp_path / "a.xlsx", grid="第二网格").rows == 1
    assert export_people(ledger, tmp_path / "b.xlsx", category="低保对象").rows == 1
    with ledger.database.read() as session:
        details = [e.detail for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))]
    assert {(d.get("grid"), d.get("category"), d["rows"], d["masked"]) for d in details} == {
        ("第二网格", None, 1, False), (None, "低保对象", 1, False)}
    with pytest.raises(PersonError, match="没有“算命”这一人员类别"):
        export_people(ledger, tmp_path / "c.xlsx", category="算命")
    with pytest.raises(PersonError, match="网格或区域“第九网格”不存在"):
        export_people(ledger, tmp_path / "c.xlsx", grid="第九网格")


def test_round_trip_into_the_same_database_changes_nothing(ledger, tmp_path):
    """Export then import: every row unchanged, no conflict, no reject."""
    path = export_people(ledger, tmp_path / "台账.xlsx").path
    result = import_people(ledger, path)
    assert (result.rows_read, result.unchanged, result.imported, result.merged) == (3, 3, 0, 0)
    assert (result.rejects, result.conflicts) == ([], [])


def test_round_trip_into_an_empty_database_gives_the_same_persons(ledger, tmp_path, database):
    """Export, delete everything, import: the same persons, places and categories come back."""
    path = export_people(ledger, tmp_path / "台账.xlsx").path
    before = _snapshot(ledger)
    empty = _empty_copy(database, tmp_path)
    if empty is None:
        pytest.skip("a second empty database is made on SQLite only")
    with empty.write() as session:
        session.add(Region(code=GRID_CODE, name="第一网格", level="grid"))
        session.add(Region(code=OTHER_GRID_CODE, name="第二网格", level="grid"))
    target = PeopleService(empty, now=ledger.now, actor="tester")
    assert import_people(target, path).imported == 3
    assert _snapshot(target) == before
    empty.dispose()


def _empty_copy(database, tmp_path):
    if database.kind != "sqlite":
        return None
    from app.database import upgrade_and_seed
    from db.engine import Database
    empty = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade_and_seed(empty)
    return empty


def _snapshot(service):
    from db.schema import Person
    with service.database.read() as session:
        ids = session.scalars(select(Person.id)).all()
    out = []
    for person_id in ids:
        r = service.get_person(person_id)
        out.append((r.name, r.id_number, r.sex, r.birth_date, r.ethnicity, r.phone, r.current_address,
                    r.residence_type, r.relation, r.note, r.household_no, r.building, r.room, r.grid_code,
                    tuple(m.code for m in r.categories)))
    return sorted(out, key=lambda row: row[1])  # by ID number: a sealed file's stored ones are ciphertext


def test_export_needs_xlsx_suffix(ledger, tmp_path):
    with pytest.raises(PersonError, match="应以 .xlsx 结尾"):
        export_people(ledger, tmp_path / "台账.csv")



def exported_rows(path) -> list[list]:
    sheet = openpyxl.load_workbook(path).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def worker(ledger):
    """The same ledger seen by a grid worker (no reveal permission); 张三 is also 社区矫正对象."""
    first = ledger.find_by_id_number("11010519491231002X")
    ledger.set_categories(first, {"dibao": {}, "disabled": {"grade": "二级"}, "corrections": {}})
    staff(ledger.database, "g1", "grid_worker")
    return PeopleService(ledger.database, now=ledger.now, actor="g1", workstation="ws-g")


def test_export_without_permission_is_masked_and_audited(worker, tmp_path):
    """Masked IDs and phones, the age instead of the birth date, 敏感类别 — and no birth digits anywhere."""
    result = export_people(worker, tmp_path / "台账.xlsx")
    assert (result.rows, result.masked) == (3, True)
    header, zhang, *_ = exported_rows(result.path)
    assert header[:6] == ["姓名", "身份证号", "性别", "年龄", "民族", "联系电话"]
    assert (zhang[1], zhang[3], zhang[5]) == ("110105********002X", 75, "053******6666")
    assert zhang[14] == "低保对象、残疾人、敏感类别"
    text = repr(exported_rows(result.path))
    assert "19491231" not in text and "1949" not in text and "社区矫正" not in text
    with worker.database.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert (entry.actor, entry.workstation, entry.detail["rows"], entry.detail["masked"]) == ("g1", "ws-g", 3, True)


def test_export_of_a_sensitive_category_is_refused_without_permission(worker, tmp_path):
    """Exporting 社区矫正对象 as a grid worker writes no file and audits the refusal."""
    with pytest.raises(SensitiveReadDenied, match="无权"):
        export_people(worker, tmp_path / "矫正.xlsx", category="社区矫正对象")
    assert not (tmp_path / "矫正.xlsx").exists()
    with worker.database.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sensitive_read_denied")).one()
    assert (entry.actor, entry.detail["via"], entry.detail["categories"]) == ("g1", "export", ["corrections"])


def test_export_of_a_sensitive_category_with_permission_is_full(ledger, worker, tmp_path):
    """An administrator exports the members of 社区矫正对象 in full; the export is audited with its rows."""
    result = export_people(ledger, tmp_path / "矫正.xlsx", category="corrections")
    (_header, zhang) = exported_rows(result.path)
    assert (result.rows, result.masked, zhang[1]) == (1, False, "11010519491231002X")
    assert zhang[14] == "社区矫正对象、低保对象、残疾人"


def test_export_audit_time_is_the_wall_clock(ledger, tmp_path):
    """The service evaluates at the test clock (2025); the audit entry is stamped with the real time."""
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    export_people(ledger, tmp_path / "a.xlsx")
    with ledger.database.read() as session:
        at = session.scalar(select(AuditEntry.at).where(AuditEntry.action == "export"))
    assert at >= before


def cli(capsys, database, *argv):
    """`gridcc --db <test database> …`: (exit code, stdout, stderr)."""
    try:
        code = main(["--db", database.url.render_as_string(hide_password=False), *map(str, argv)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, without_account_warning(err)


def test_cli_export_is_masked_or_refused_by_permission(worker, capsys, tmp_path):
    """`people export --user g1` says the sheet is masked; with a sensitive --category it is refused (exit 2)."""
    code, out, _err = cli(capsys, worker.database, "people", "export", tmp_path / "a.xlsx", "--user", "g1")
    assert (code, out) == (0, f"已导出 3 人到 {tmp_path / 'a.xlsx'}（无查看完整信息的权限：证件号、电话已遮蔽，出生日期以年龄代替）\n")
    code, out, err = cli(capsys, worker.database, "people", "export", tmp_path / "b.xlsx", "--category", "corrections",
                         "--user", "g1")
    assert (code, out) == (2, "") and err.startswith("错误：用户“g1”无权") and not (tmp_path / "b.xlsx").exists()
    code, out, _err = cli(capsys, worker.database, "people", "export", tmp_path / "c.xlsx", "--user", "tester")
    assert (code, out) == (0, f"已导出 3 人到 {tmp_path / 'c.xlsx'}\n")
