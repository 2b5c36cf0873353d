"""Importing a community's messy resident sheet: every row imported, merged, unchanged or rejected."""

from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from app.bench.shared_strings import to_shared_strings
from app.imports.table_reader import ImportFileError
from app.people.importer import import_people
from db.schema import AuditEntry, Household, Person, PersonChange
from tests.app.people.people_fixtures import GRID_CODE, people, person_id_number, write_sheet  # noqa: F401
from tests.xlsx_files import with_part_changed

ID_ZHANG = person_id_number(1)
ID_LI = "11010519491231002X"
ID_WANG = person_id_number(2, "女", date(1990, 5, 6))
ID_ZHAO = person_id_number(3, "男", date(1965, 6, 1))
ID_ZHOU = person_id_number(4)
ID_WU = person_id_number(5)
ID_ZHENG = person_id_number(6)
ID_FENG = person_id_number(7)
WANG_SERIAL = (date(1990, 5, 6) - date(1899, 12, 30)).days
HEADER_TOP = ["序号", "居民姓名", "公民身份号码", "性别", "出生年月", "联系方式", None, "户号", "现居住地", "人员类型",
              "所属网格", "重点人员类别", "备注"]
HEADER_SUB = [None, None, None, None, None, "手机", "固定电话", None, None, None, None, None, None]
VERTICAL_HEADER_MERGES = [f"{col}3:{col}4" for col in "ABCDEHIJKLM"]


def messy_rows():
    """Title rows, a two-row header, merged household cells, mixed dates and every kind of bad row."""
    return [
        ["某街道幸福社区实有人口信息登记表"],
        ["填报单位：幸福社区居委会", None, None, None, None, None, None, None, "填报日期：2025年9月"],
        HEADER_TOP,
        HEADER_SUB,
        [1, "张三", ID_ZHANG, "男", datetime(1985, 3, 12), "13800138000", None, "H001", "幸福路1号", "户籍",
         "第一网格", "低保", None],
        [2, "李四", ID_LI.lower(), "女", "1949.12.31", None, None, None, None, "户籍", "第一网格", None, None],
        [3, "王五", "".join(chr(ord(c) + 0xFEE0) for c in ID_WANG), None, WANG_SERIAL, None, None, None, None,
         None, GRID_CODE, None, None],
        [None] * 13,
        [4, "赵六", ID_ZHAO[:6] + ID_ZHAO[8:17], "男", "1965年6月1日", None, None, "H002", "幸福路2号", "流动人口",
         None, "残疾人、独居空巢老人", "租住"],
        [5, "钱七", 1.10105194912310e17, "男", None, None, None, None, None, None, None, None, None],
        [6, "孙八", ID_LI[:17] + "1", "女", None, None, None, None, None, None, None, None, None],
        [7, "张三", ID_ZHANG, "男", "1985/3/12", "13800138000", None, None, None, None, None, None, None],
        [8, "张三", ID_ZHANG, None, None, "13900000000", None, None, None, None, None, None, None],
        [9, "周九", ID_ZHOU, None, "19850312", "13700000001", None, None, None, None, None, None, None],
        [10, "吴十", ID_WU, None, None, None, None, None, "长江路9号", None, None, None, None],
        [11, "郑十一", ID_ZHENG, None, None, None, None, None, None, None, "不存在网格", None, None],
        [12, "  ", ID_FENG, None, None, None, None, None, None, None, None, None, None],
        [13, "冯十二", person_id_number(8), None, "1985-13-45", None, None, None, None, None, None, None, None],
    ]


EXPECTED_REJECTS = [
    (10, "身份证号“1.10105194912310E+17”已被Excel按数字存储而损坏（只保留15位有效数字，末几位变成了0），"
         "请把该列设为文本格式后重新录入"),
    (11, f"身份证号“{ID_LI[:17]}1”校验位错误：应为 X，实为 1"),
    (13, "与第5行的身份证号相同，但联系电话不一致（以第5行为准）"),
    (16, "网格“不存在网格”不存在（请填写网格编码或名称）"),
    (17, "姓名：必须填写"),
    (18, "出生日期：“1985-13-45”不是有效的日期"),
]


@pytest.fixture(params=["inline strings", "shared strings"])
def messy_file(request, tmp_path):
    """The messy ledger as openpyxl writes it (text inline) and as Excel or WPS saves it (text shared)."""
    merges = ["A1:M1", "F3:G3", *VERTICAL_HEADER_MERGES, "H5:H7", "I5:I7"]
    path = tmp_path / "幸福社区.xlsx"
    if request.param == "inline strings":
        return write_sheet(path, messy_rows(), merges=merges, title="实有人口")
    to_shared_strings(write_sheet(tmp_path / "written.xlsx", messy_rows(), merges=merges, title="实有人口"), path)
    return path


@pytest.fixture
def stored(people):
    """周九 (no phone yet) and 吴十 (another address) already in the ledger."""
    people.add_person({"name": "周九", "id_number": ID_ZHOU})
    people.add_person({"name": "吴十", "id_number": ID_WU, "current_address": "黄河路1号"})
    return people


def person(database, id_number):
    with database.read() as session:
        return session.scalars(select(Person).where(Person.id_number == id_number)).one()


def test_messy_sheet_exact_outcome(stored, messy_file):
    """13 data rows: 4 imported, 1 merged, 1 unchanged, 1 differing (吴十), 6 rejected with row numbers and reasons."""
    result = import_people(stored, messy_file)
    assert (result.rows_read, result.imported, result.merged, result.unchanged, result.differing) == (13, 4, 1, 1, 1)
    assert [(r.row_number, r.reason) for r in result.rejects] == EXPECTED_REJECTS
    assert [(c.row_number, c.column, c.stored, c.incoming) for c in result.conflicts] == [
        (15, "现住址", "黄河路1号", "长江路9号")]


def test_values_are_normalised_and_merged_cells_apply_to_every_row(stored, messy_file):
    """Dates in four spellings, lowercase x, full-width and 15-digit IDs; 户号/地址 merged over three rows."""
    import_people(stored, messy_file)
    db = stored.database
    zhang, li, wang, zhao = (person(db, n) for n in (ID_ZHANG, ID_LI, ID_WANG, ID_ZHAO))
    assert [p.birth_date for p in (zhang, li, wang, zhao)] == [
        date(1985, 3, 12), date(1949, 12, 31), date(1990, 5, 6), date(1965, 6, 1)]
    assert (wang.sex, zhao.residence_type, zhao.note) == ("女", "流动", "租住")
    assert {p.household_id for p in (zhang, li, wang)} == {zhang.household_id}
    assert {p.current_address for p in (zhang, li, wang)} == {"幸福路1号"}
    reversed_id = ID_ZHANG[::-1] if db.kind == "postgresql" else None  # empty in a sealed SQLite file
    assert zhang.id_reversed == reversed_id and zhang.name_initials == "zs"
    codes = {c.code for c in stored.get_person(zhao.id).categories}
    assert codes == {"disabled", "elderly_alone"}
    assert [c.code for c in stored.get_person(zhang.id).categories] == ["dibao"]


def test_existing_person_is_filled_never_overwritten(stored, messy_file):
    """周九's empty phone is filled (with a history entry); 吴十's differing address is kept."""
    import_people(stored, messy_file)
    zhou, wu = person(stored.database, ID_ZHOU), person(stored.database, ID_WU)
    assert (zhou.phone, zhou.version, wu.current_address, wu.version) == ("13700000001", 2, "黄河路1号", 1)
    assert stored.history(zhou.id)[-1].changes == {"phone": [None, "13700000001"]}
    assert stored.history(zhou.id)[-1].source == "导入 幸福社区.xlsx 第14行"


def test_reports_hold_original_cells_row_numbers_and_reasons(stored, messy_file):
    """NAME.rejects.xlsx: original columns + 行号 + 原因; NAME.conflicts.xlsx: the kept and offered values."""
    result = import_people(stored, messy_file)
    rows = list(openpyxl.load_workbook(result.rejects_file).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "居民姓名", "公民身份号码", "性别", "出生年月", "手机", "固定电话", "户号", "现居住地",
                       "人员类型", "所属网格", "重点人员类别", "备注", "行号", "原因")
    assert [(r[0], (r[1] or "").strip(), r[-2], r[-1]) for r in rows[1:]] == [
        (n, name, row, reason) for (row, reason), (n, name) in zip(
            EXPECTED_REJECTS, [(5, "钱七"), (6, "孙八"), (8, "张三"), (11, "郑十一"), (12, ""), (13, "冯十二")])]
    conflicts = list(openpyxl.load_workbook(result.conflicts_file).active.iter_rows(values_only=True))
    assert conflicts[1] == (15, "吴十", ID_WU, "现住址", "黄河路1号", "长江路9号")


def test_second_import_changes_nothing(stored, messy_file):
    """Importing the same file again: nothing new, 吴十 still differs, the same rejects."""
    import_people(stored, messy_file)
    again = import_people(stored, messy_file)
    assert (again.imported, again.merged, again.unchanged, again.differing, len(again.rejects)) == (0, 0, 6, 1, 6)


def test_dry_run_reports_the_same_counts_and_writes_nothing(stored, messy_file):
    """--dry-run: identical counts, no person, household or history added."""
    before = _counts(stored.database)
    result = import_people(stored, messy_file, dry_run=True)
    assert (result.imported, result.merged, result.unchanged, result.differing, len(result.rejects)) == (4, 1, 1, 1, 6)
    assert _counts(stored.database) == before


def test_failure_changes_nothing(stored, messy_file, monkeypatch):
    """An error at the very end of the transaction rolls back every row written before it."""
    before = _counts(stored.database)

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("app.people.importer.audit_entry", broken)
    with pytest.raises(RuntimeError):
        import_people(stored, messy_file)
    assert _counts(stored.database) == before


def test_audit_entry_records_the_import(stored, messy_file):
    """The import is written to the audit log with its counts."""
    import_people(stored, messy_file)
    with stored.database.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert (entry.actor, entry.detail["imported"], entry.detail["rejected"]) == ("tester", 4, 6)


def test_sheet_that_is_not_a_ledger(people, tmp_path):
    """No 姓名 + 身份证号 header anywhere: one clear message, nothing done."""
    path = write_sheet(tmp_path / "工单.xlsx", [["工单编号", "标题", "内容"], ["A1", "垃圾", "幸福路"]])
    with pytest.raises(ImportFileError) as error:
        import_people(people, path)
    assert str(error.value) == ("文件“工单.xlsx”不是人员台账：前20行中找不到同时含“姓名”和“身份证号”"
                                "（或公民身份号码、证件号码）的表头行")


def test_ledger_found_on_a_later_sheet_and_by_name(people, tmp_path):
    """A notes sheet in front is skipped; --sheet picks a sheet and an unknown name is an error."""
    rows = [["姓名", "证件号码"], ["张三", ID_ZHANG]]
    path = write_sheet(tmp_path / "台账.xlsx", rows, title="人口", sheets_before=[("说明", [["填表说明"]])])
    with pytest.raises(ImportFileError, match="没有名为“户籍”的工作表（有：说明、人口）"):
        import_people(people, path, sheet="户籍")
    result = import_people(people, path, sheet="人口")
    assert (result.sheet_name, result.imported) == ("人口", 1)


def test_unreadable_file(people, tmp_path):
    """A broken .xlsx is one message."""
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="无法读取文件“坏.xlsx”"):
        import_people(people, path)


def test_a_sheet_broken_part_way_is_one_message_and_changes_nothing(stored, messy_file, tmp_path):
    """The zip opens and the header reads, but the sheet's XML stops in the middle of the data."""
    broken = with_part_changed(messy_file, tmp_path / "断.xlsx", "xl/worksheets/sheet1.xml",
                               lambda data: data[:data.index(b'<row r="12"')] + b'<row r="12"><c r="A12" t="n"><v>1')
    before = _counts(stored.database)
    with pytest.raises(ImportFileError, match="无法读取文件“断.xlsx”：文件已损坏"):
        import_people(stored, broken)
    assert _counts(stored.database) == before


def _counts(database):
    with database.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (Person, Household, PersonChange))
