"""`gridcc people import/export`: messages and exit codes 0 / 1 / 2."""

import pytest

from app.database import upgrade_and_seed
from db.engine import Database
from db.schema import Region
from tests.cli_runs import gridcc
from tests.app.people.people_fixtures import GRID_CODE, person_id_number, write_sheet

NOW = "2025-09-30T10:00+08:00"


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'gridcc.db'}"
    database = Database(url)
    upgrade_and_seed(database)
    with database.write() as session:
        session.add(Region(code=GRID_CODE, name="第一网格", level="grid"))
    database.dispose()
    return url



def test_import_clean_file_exits_0_and_export_reads_back(db_url, tmp_path, capsys):
    path = write_sheet(tmp_path / "台账.xlsx", [["姓名", "身份证号", "网格"], ["张三", person_id_number(1), GRID_CODE]])
    assert gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path) == (
        0, "工作表“Sheet1”读取 1 行：新增 1 人，合并 0 行，未变 0 行，拒绝 0 行\n", "")
    code, out, _ = gridcc(capsys, "--db", db_url, "people", "export", tmp_path / "出.xlsx", "--grid", GRID_CODE)
    assert (code, out) == (0, f"已导出 1 人到 {tmp_path / '出.xlsx'}（无查看完整信息的权限：证件号、电话已遮蔽，出生日期以年龄代替）\n")


def test_import_with_rejects_exits_1_and_names_the_report(db_url, tmp_path, capsys):
    rows = [["姓名", "身份证号"], ["张三", person_id_number(1)], ["李四", "123"]]
    path = write_sheet(tmp_path / "台账.xlsx", rows)
    code, out, _ = gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path)
    assert code == 1
    assert out.splitlines() == ["工作表“Sheet1”读取 2 行：新增 1 人，合并 0 行，未变 0 行，拒绝 1 行",
                                f"拒绝原因见：{tmp_path / '台账.rejects.xlsx'}"]


def test_dry_run_says_so_and_keeps_the_database(db_url, tmp_path, capsys):
    path = write_sheet(tmp_path / "台账.xlsx", [["姓名", "身份证号"], ["张三", person_id_number(1)]])
    code, out, _ = gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path, "--dry-run")
    assert (code, out) == (0, "（试运行，未写入数据库）将工作表“Sheet1”读取 1 行：新增 1 人，合并 0 行，未变 0 行，拒绝 0 行\n")
    assert gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path)[1].count("新增 1 人") == 1


def test_not_a_ledger_or_missing_file_exits_2(db_url, tmp_path, capsys):
    path = write_sheet(tmp_path / "表.xlsx", [["编号", "名称"], [1, "x"]])
    code, out, err = gridcc(capsys, "--db", db_url, "people", "import", path)
    assert (code, out) == (2, "")
    assert err.startswith("错误：文件“表.xlsx”不是人员台账")
    assert gridcc(capsys, "--db", db_url, "people", "import", tmp_path / "无.xlsx")[0] == 2


def test_export_bad_category_exits_2(db_url, tmp_path, capsys):
    code, _, err = gridcc(capsys, "--db", db_url, "people", "export", tmp_path / "x.xlsx", "--category", "算命")
    assert (code, err) == (2, "错误：人员类别：没有“算命”这一人员类别\n")


def test_dry_run_lists_rejects_and_writes_no_report_unless_asked(db_url, tmp_path, capsys):
    """A preview prints the rejected rows and writes no file; --report writes the report on request."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_sheet(folder / "台账.xlsx", [["姓名", "身份证号"], ["", person_id_number(1)]])
    code, out, _ = gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path, "--dry-run")
    assert (code, out.splitlines()[1:]) == (1, ["第2行：姓名：必须填写", "加 --report 写出报告文件"])
    assert [p.name for p in folder.iterdir()] == ["台账.xlsx"]
    code, out, _ = gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path, "--dry-run", "--report")
    assert out.splitlines()[-1] == f"拒绝原因见：{folder / '台账.rejects.xlsx'}"


def test_unmapped_label_is_listed_and_mapped_from_the_command_line(db_url, tmp_path, capsys):
    """低保户 is known; 计生特扶 is imported, listed by `people labels`, and mapped with --map."""
    path = write_sheet(tmp_path / "台账.xlsx", [["姓名", "身份证号", "人员类别"],
                                                ["张三", person_id_number(1), "低保户、计生特扶"]])
    code, out, _ = gridcc(capsys, "--db", db_url, "--now", NOW, "people", "import", path)
    assert code == 0
    assert out.splitlines()[1] == (f"无法识别的人员类别（人员已导入，写法原样保留）：计生特扶（1行）；"
                                   f"明细见：{tmp_path / '台账.labels.xlsx'}")
    assert gridcc(capsys, "--db", db_url, "people", "labels")[1].splitlines()[1].split() == ["计生特扶", "1"]
    assert gridcc(capsys, "--db", db_url, "people", "labels", "--map", "计生特扶", "特困人员") == (
        0, "已把“计生特扶”映射到“特困人员”：1 人补上了此类别\n", "")
    assert gridcc(capsys, "--db", db_url, "people", "labels") == (0, "没有无法识别的人员类别\n", "")
    code, _, err = gridcc(capsys, "--db", db_url, "people", "labels", "--map", "计生特扶", "无此类别")
    assert (code, err) == (2, "错误：人员类别：没有“无此类别”这一人员类别\n")
