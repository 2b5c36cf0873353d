"""Ledger import integrity: values never cut, rows that differ reported, reports that never undo a saved import."""

import openpyxl
import pytest
from sqlalchemy import func, select

from app.imports.table_reader import ImportFileError
from app.people.importer import import_people, save_import_reports
from db.schema import Person, Room
from tests.app.people.people_fixtures import people, person_id_number, write_sheet  # noqa: F401


def count(database, table):
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_long_room_numbers_are_rejected_with_the_limit_never_cut(people, tmp_path):
    """Two 房号 of 25 characters sharing their first 20 used to be cut and collide; now each row is refused."""
    prefix = "幸福小区A座二单元一二三四五六七八九十号"
    assert len(prefix) == 20
    path = write_sheet(tmp_path / "长.xlsx", [
        ["姓名", "身份证号", "楼栋", "房号"],
        ["甲", person_id_number(1), "1号楼", prefix + "甲一〇一室"],
        ["乙", person_id_number(2), "1号楼", prefix + "乙一〇二室"],
        ["丙", person_id_number(3), "1号楼", "2-301"],
    ])
    result = import_people(people, path)
    assert result.imported == 1
    assert [(r.row_number, r.reason) for r in result.rejects] == [
        (2, f"房号“{prefix}…”太长：最多20个字，现在有25个字"), (3, f"房号“{prefix}…”太长：最多20个字，现在有25个字")]
    assert count(people.database, Room) == 1


def test_long_household_number_is_rejected_in_the_form_too(people):
    """The same rule in the form: a 户号 longer than its column is one message, nothing saved."""
    with pytest.raises(Exception, match="户号“.*…”太长：最多40个字，现在有41个字"):
        people.add_person({"name": "甲", "id_number": person_id_number(1), "household_no": "H" * 41})
    assert count(people.database, Person) == 0


def test_fifty_character_name_is_stored_on_both_databases(people, tmp_path):
    """A 50-character name fits its column; its pinyin key no longer overflows on PostgreSQL."""
    name = "庄" * 50
    path = write_sheet(tmp_path / "名.xlsx", [["姓名", "身份证号"], [name, person_id_number(1)],
                                              ["庄" * 51, person_id_number(2)]])
    result = import_people(people, path)
    assert result.imported == 1
    assert [(r.row_number, r.reason) for r in result.rejects] == [(3, "姓名：最多50个字，现在有51个字")]
    stored = people.get_person(people.find_by_id_number(person_id_number(1)))
    assert stored.name == name


def test_reimported_row_with_other_content_is_reported_as_differing(people, tmp_path):
    """Changed phone on re-import: counted 已存在，内容不同，未更新 (not 未变), the difference in the report."""
    people.add_person({"name": "甲", "id_number": person_id_number(1), "phone": "13800138000"})
    path = write_sheet(tmp_path / "改.xlsx", [["姓名", "身份证号", "联系电话"], ["甲", person_id_number(1), "13900139000"]])
    result = import_people(people, path)
    assert (result.unchanged, result.differing, result.merged) == (0, 1, 0)
    sheet = openpyxl.load_workbook(result.conflicts_file).active
    assert sheet.title == "已存在，内容不同，未更新"
    assert list(sheet.iter_rows(values_only=True))[1] == (2, "甲", person_id_number(1), "联系电话", "13800138000",
                                                          "13900139000")


@pytest.fixture
def folder(tmp_path):
    """A folder of its own for the ledger and its reports."""
    path = tmp_path / "ledger"
    path.mkdir()
    return path


def _with_reject(folder):
    return write_sheet(folder / "台账.xlsx", [["姓名", "身份证号"], ["甲", person_id_number(1)], ["", person_id_number(2)]])


def test_preview_writes_no_file_even_when_the_report_is_locked(people, folder):
    """A dry run with the previous report in the way (here a folder of that name) succeeds and writes nothing."""
    path = _with_reject(folder)
    (folder / "台账.rejects.xlsx").mkdir()
    result = import_people(people, path, dry_run=True)
    assert (result.imported, len(result.rejects), result.report_files) == (1, 1, {})
    assert sorted(p.name for p in folder.iterdir()) == ["台账.rejects.xlsx", "台账.xlsx"]
    assert (folder / "台账.rejects.xlsx").is_dir()
    assert count(people.database, Person) == 0


def test_preview_report_is_written_on_request(people, folder):
    """After a preview the reports are produced when asked for."""
    path = _with_reject(folder)
    result = save_import_reports(path, import_people(people, path, dry_run=True))
    assert result.rejects_file == folder / "台账.rejects.xlsx" and result.rejects_file.exists()


def test_report_that_cannot_be_put_in_place_after_commit_is_a_warning(people, folder):
    """The data is saved; the report goes beside the one in the way, and a warning says where."""
    path = _with_reject(folder)
    (folder / "台账.rejects.xlsx").mkdir()
    (folder / "台账.rejects.xlsx" / "keep").write_text("x")
    result = import_people(people, path)
    assert count(people.database, Person) == 1
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"报告无法写入“{folder / '台账.rejects.xlsx'}”")
    assert result.rejects_file.name in result.warnings[0] and result.rejects_file.exists()
    rows = list(openpyxl.load_workbook(result.rejects_file).active.iter_rows(values_only=True))
    assert rows[1][-1] == "姓名：必须填写"


def test_report_folder_unwritable_before_commit_saves_nothing(people, folder, monkeypatch):
    """When the report cannot be written at all, the import stops before its commit with one line."""
    path = _with_reject(folder)

    def refuse(self, filename):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("openpyxl.Workbook.save", refuse)
    with pytest.raises(ImportFileError, match="无法写入报告.*未导入任何数据"):
        import_people(people, path)
    assert count(people.database, Person) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["台账.xlsx"]


def test_long_building_names_in_a_grid_stay_two_buildings(people, tmp_path):
    """Two 30-character building names sharing a prefix: their codes would not fit, and are never cut into one."""
    prefix = "幸福里小区南区二期十二号楼东侧附属商业综合体大厦裙楼"
    assert len(prefix) == 26  # the grid code, a dash and 24 characters filled the 40 of the code
    path = write_sheet(tmp_path / "楼.xlsx", [
        ["姓名", "身份证号", "网格", "楼栋"],
        ["甲", person_id_number(1), "第一网格", prefix + "一号"],
        ["乙", person_id_number(2), "第一网格", prefix + "二号"],
    ])
    assert import_people(people, path).imported == 2
    buildings = {people.get_person(people.find_by_id_number(person_id_number(n))).building for n in (1, 2)}
    assert buildings == {prefix + "一号", prefix + "二号"}


def test_long_visitor_name_is_refused_not_cut(people):
    """A 走访人 longer than its column is one message; nothing is recorded."""
    person_id = people.add_person({"name": "甲", "id_number": person_id_number(1)})
    with pytest.raises(Exception, match="走访人最多64个字，现在有65个字"):
        people.add_visit(person_id, None, people.today(), "王" * 65)
    assert people.visits(person_id) == []
