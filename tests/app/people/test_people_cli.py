"""`gridcc people import/export`: messages and exit codes 0 / 1 / 2."""

import pytest

from app.cli.main import main
from app.database import upgrade_and_seed
from db.engine import Database
from db.schema import Region
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


def gridcc(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


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
