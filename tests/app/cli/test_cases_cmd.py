"""`gridcc cases …` on bad input: absurd extension limits, reports that cannot be written, changed orders."""

from __future__ import annotations

import pytest

from app.imports import work_orders as report_module
from db.schema import Case, CaseEvent
from tests.app.cli.test_cli import (  # noqa: F401 - fixtures used by name
    IMPORT_NOW, MIXED_CSV, ORDERS_CSV, Run, count_rows, gridcc, no_gridcc_environment, sqlite_url,
)

CASE_NO = "SJ202509290001"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request, tmp_path, capsys):
    """The --db text of an upgraded, empty database on each backend."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "cases.db")
    else:
        url = request.getfixturevalue("empty_pg_url").render_as_string(hide_password=False)
    assert gridcc(capsys, "--db", url, "db", "upgrade").code == 0
    return url


@pytest.fixture
def orders(tmp_path):
    """A CSV of two valid work orders."""
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS_CSV, encoding="utf-8")
    return path


def events(url) -> int:
    """How many case events the database holds."""
    return count_rows(url, CaseEvent)


@pytest.mark.parametrize(("limit", "message"), [
    ("99999999工作日", "时限“99999999工作日”过长：最多250工作日（约一年）"),
    ("99999999999999999999天", "时限“99999999999999999999天”过长：最多365天（约一年）"),
    ("0工作日", "时限“0工作日”的数值必须大于0，如 3工作日、4工作时、2小时、30天"),
    ("-2工作日", "时限“-2工作日”的数值必须大于0，如 3工作日、4工作时、2小时、30天"),
])
def test_extend_with_absurd_limit_is_one_line_and_changes_nothing(db_url, orders, capsys, limit, message):
    """An absurd, zero or negative `extend --limit` gives one line, exit 2, and writes no event."""
    base = ["--db", db_url, "--now", IMPORT_NOW]
    assert gridcc(capsys, *base, "cases", "import", orders).code == 0
    before = events(db_url)
    run = gridcc(capsys, *base, "cases", "act", CASE_NO, "extend", "--note", "施工", f"--limit={limit}")
    assert run == Run(2, "", f"错误：{message}\n")
    assert events(db_url) == before


def test_extend_with_a_sane_limit_still_works(db_url, orders, capsys):
    """A limit within bounds extends the case as before."""
    base = ["--db", db_url, "--now", IMPORT_NOW]
    assert gridcc(capsys, *base, "cases", "import", orders).code == 0
    run = gridcc(capsys, *base, "cases", "act", CASE_NO, "extend", "--note", "施工", "--limit", "2工作日")
    assert run.code == 0 and run.err == ""


def test_import_whose_report_is_locked_exits_as_done_with_a_warning(db_url, tmp_path, capsys, monkeypatch):
    """A report that cannot be written leaves the import done: its exit code, the counts, a warning on stderr."""
    def locked(lines, report, **options):
        raise PermissionError(13, "Permission denied", str(report))

    monkeypatch.setattr(report_module, "write_rejects_csv", locked)
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED_CSV, encoding="utf-8")
    run = gridcc(capsys, "--db", db_url, "--now", IMPORT_NOW, "cases", "import", path)
    report = tmp_path / "mixed.rejects.csv"
    assert run == Run(1, "导入 1 条，未变 0 条，内容不同未更新 0 条，拒绝 1 条\n",
                      f"警告：导入已完成，但无法写入报告“{report}”：没有写入权限（文件可能正在 Excel 中打开，或文件夹只读）\n")
    assert count_rows(db_url, Case) == 1


def test_clean_import_with_a_stale_report_in_the_way_exits_0(db_url, orders, capsys):
    """All rows imported while the old report's place is taken: exit 0, a warning, the cases stored."""
    (orders.parent / "orders.rejects.csv").mkdir()
    run = gridcc(capsys, "--db", db_url, "--now", IMPORT_NOW, "cases", "import", orders)
    assert (run.code, run.out) == (0, "导入 2 条，未变 0 条，内容不同未更新 0 条，拒绝 0 条\n")
    assert run.err.startswith("警告：导入已完成，但无法删除上次的报告")
    assert count_rows(db_url, Case) == 2


def test_reimport_with_changed_content_exits_1_and_counts_it_apart(db_url, orders, tmp_path, capsys):
    """A changed order is counted as 内容不同未更新 (not 未变), listed in the report, and exits 1."""
    base = ["--db", db_url, "--now", IMPORT_NOW]
    assert gridcc(capsys, *base, "cases", "import", orders).code == 0
    changed = tmp_path / "changed.csv"
    changed.write_text(ORDERS_CSV.replace("垃圾一,幸福路垃圾", "垃圾一,幸福路垃圾已清走一半").replace("RX002", "ＲＸ００２"),
                       encoding="utf-8")
    run = gridcc(capsys, *base, "cases", "import", changed)
    report = tmp_path / "changed.rejects.csv"
    assert run == Run(1, f"导入 0 条，未变 1 条，内容不同未更新 1 条，拒绝 0 条\n未导入的行及原因见：{report}\n", "")
    assert report.read_text(encoding="utf-8-sig").splitlines() == [
        "行号,工单编号,原因", "2,RX001,已存在，内容不同，未更新：内容不同"]
    assert count_rows(db_url, Case) == 2
