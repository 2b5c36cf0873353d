"""Work-order import and the rules of every case, on SQLite and PostgreSQL: rows, numbers, reports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.cases.importer import import_work_orders
from app.imports import work_orders as report_module
from db.engine import Database
from db.schema import Case
from tests.app.cases.test_import_db import HEADER, good_row, read_rejects, write_file
from tests.conftest import local

TOO_LONG_CELLS = {"标题": "标" * 250, "来源": "来" * 21, "工单编号": "W" * 65}


def row_with(number: int, **cells) -> list:
    """good_row(number) with some cells replaced, by column name."""
    row = good_row(number)
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


def stored_numbers(database) -> list[str]:
    """The 工单编号 of every stored case, sorted."""
    with database.read() as session:
        return sorted(session.scalars(select(Case.external_no)))


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
@pytest.mark.parametrize("column", list(TOO_LONG_CELLS))
def test_over_long_cell_rejects_its_row_on_both_backends(service, tmp_path, column, suffix):
    """A 250-character 标题 (or an over-long 来源, 工单编号) rejects its row with the limit; the rest import."""
    path = write_file(tmp_path / f"orders.{suffix}", [good_row(1), row_with(2, **{column: TOO_LONG_CELLS[column]}),
                                                     good_row(3)])
    result = import_work_orders(service, path, actor="d1")
    limit = {"标题": 200, "来源": 20, "工单编号": 64}[column]
    length = len(TOO_LONG_CELLS[column])
    assert [(r.row_number, r.reason) for r in result.rejects] == [(3, f"{column}：最多{limit}个字，现在有{length}个字")]
    assert stored_numbers(service.database) == ["OK001", "OK003"]


def test_nul_character_in_csv_is_dropped_on_both_backends(service, tmp_path):
    """A NUL character in a CSV cell is dropped by the reader (no traceback on PostgreSQL); every row imports."""
    path = write_file(tmp_path / "orders.csv", [row_with(1, 内容="垃圾\x00堆放"), good_row(2)])
    result = import_work_orders(service, path, actor="d1")
    assert result.rejects == []
    assert stored_numbers(service.database) == ["OK001", "OK002"]


@pytest.mark.parametrize("phone", ["12345", "8613800138000", "88886666"])
def test_phone_the_form_refuses_is_refused_by_the_import(service, tmp_path, phone):
    """A phone number the intake form refuses rejects its row in the import as well."""
    result = import_work_orders(service, write_file(tmp_path / "orders.csv", [row_with(1, 联系电话=phone)]), actor="d1")
    assert [r.reason.split("：")[0] for r in result.rejects] == ["联系电话"]
    assert stored_numbers(service.database) == []


def test_report_in_the_year_1000_is_refused(service, tmp_path):
    """A work order reported in the year 1000 is rejected with its row number, not stored."""
    path = write_file(tmp_path / "orders.csv", [row_with(1, 上报时间=local(1000, 1, 1, 9, 0)), good_row(2)])
    result = import_work_orders(service, path, actor="d1")
    assert [(r.row_number, r.reason) for r in result.rejects] == [
        (2, "上报时间：日期“1000-01-01 09:00”超出范围：应在1900-01-01～2100-12-31之间")]
    assert stored_numbers(service.database) == ["OK002"]


def test_overflowing_date_and_limit_reject_rows_not_the_file(service, tmp_path):
    """An overflowing 上报时间 and an absurd 时限 reject their rows; the file's other rows import."""
    path = tmp_path / "orders.csv"
    write_file(path, [good_row(1), good_row(2), row_with(3, 时限="99999999工作日")])
    text = path.read_text(encoding="utf-8-sig").replace("2025-09-29 09:02", "0001-01-01T00:00+14:00")
    path.write_text(text, encoding="utf-8-sig")
    result = import_work_orders(service, path, actor="d1")
    assert [(r.row_number, r.reason.split("：")[0]) for r in result.rejects] == [(3, "上报时间"), (4, "时限")]
    assert stored_numbers(service.database) == ["OK001"]


@pytest.mark.parametrize("typed", ["ＯＫ００１", " OK001 ", "\u3000ＯＫ001"])
def test_full_width_number_finds_the_stored_order(service, tmp_path, typed):
    """Re-importing an order with its number in full-width or padded form finds it: no second case."""
    import_work_orders(service, write_file(tmp_path / "first.csv", [good_row(1)]), actor="d1")
    again = import_work_orders(service, write_file(tmp_path / "again.xlsx", [row_with(1, 工单编号=typed)]), actor="d1")
    assert (again.imported, again.unchanged, again.different, again.rejects) == (0, 1, [], [])
    assert stored_numbers(service.database) == ["OK001"]


def test_number_stored_in_full_width_by_an_old_version_is_found(service, tmp_path):
    """An order stored with a full-width number (before numbers were folded) is still recognised."""
    import_work_orders(service, write_file(tmp_path / "first.csv", [good_row(1)]), actor="d1")
    with service.database.write() as session:
        session.execute(update(Case).values(external_no="ＯＫ００１"))
    again = import_work_orders(service, write_file(tmp_path / "again.csv", [row_with(1, 工单编号="ＯＫ００１")]),
                               actor="d1")
    assert (again.imported, again.unchanged) == (0, 1)


def test_changed_content_is_reported_as_different_not_unchanged(service, tmp_path):
    """A re-imported order with other content is counted apart, listed with the differing columns, not updated."""
    import_work_orders(service, write_file(tmp_path / "first.csv", [good_row(1), good_row(2)]), actor="d1")
    changed = row_with(1, 标题="标题改了", 联系电话="13800138000", 时限="3工作日")
    path = write_file(tmp_path / "again.csv", [changed, good_row(2)])
    again = import_work_orders(service, path, actor="d2")
    assert (again.imported, again.unchanged, len(again.different), again.rejects) == (0, 1, 1, [])
    assert again.different[0].reason == "已存在，内容不同，未更新：标题、时限、联系电话不同"
    assert read_rejects(again.rejects_file) == [
        ["行号", "工单编号", "原因"], ["2", "OK001", "已存在，内容不同，未更新：标题、时限、联系电话不同"]]
    with service.database.read() as session:
        assert session.scalar(select(Case.title).where(Case.external_no == "OK001")) == "垃圾1"


def test_report_is_written_before_the_commit(service, tmp_path, monkeypatch):
    """When the report is written, another connection does not yet see the imported cases."""
    seen = []
    original = report_module.write_rejects_csv

    def watching(lines, report, **options):
        other = Database(service.database.engine.url)
        with other.read() as session:
            seen.append(session.scalar(select(func.count()).select_from(Case)))
        other.dispose()
        return original(lines, report, **options)

    monkeypatch.setattr(report_module, "write_rejects_csv", watching)
    path = write_file(tmp_path / "orders.csv", [good_row(1), row_with(2, 内容=None)])
    result = import_work_orders(service, path, actor="d1")
    assert (seen, result.imported, result.rejects_file.exists()) == ([0], 1, True)


def test_report_locked_by_excel_still_commits_with_a_warning(service, tmp_path, monkeypatch):
    """A report that cannot be opened (the old one open in Excel) leaves the import done, with a warning."""
    def locked(lines, report, **options):
        raise PermissionError(13, "Permission denied", str(report))

    monkeypatch.setattr(report_module, "write_rejects_csv", locked)
    path = write_file(tmp_path / "orders.csv", [good_row(1), row_with(2, 内容=None)])
    result = import_work_orders(service, path, actor="d1")
    report = tmp_path / "orders.rejects.csv"
    assert (result.imported, len(result.rejects), result.rejects_file) == (1, 1, None)
    assert result.report_warning == (f"导入已完成，但无法写入报告“{report}”："
                                     "没有写入权限（文件可能正在 Excel 中打开，或文件夹只读）")
    assert stored_numbers(service.database) == ["OK001"]


def test_report_path_taken_by_a_folder_still_commits_with_a_warning(service, tmp_path):
    """A folder where the report should go does not undo the import; the warning names the path."""
    (tmp_path / "orders.rejects.csv").mkdir()
    path = write_file(tmp_path / "orders.csv", [good_row(1), row_with(2, 内容=None)])
    result = import_work_orders(service, path, actor="d1")
    assert result.imported == 1 and "orders.rejects.csv" in result.report_warning
    assert stored_numbers(service.database) == ["OK001"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_still_commits_with_a_warning(service, tmp_path):
    """In a read-only folder the import is done and the warning says the report could not go there."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = write_file(folder / "orders.csv", [good_row(1), row_with(2, 内容=None)])
    folder.chmod(0o555)
    try:
        result = import_work_orders(service, path, actor="d1")
    finally:
        folder.chmod(0o755)
    assert result.imported == 1 and "没有写入权限" in result.report_warning


def test_stale_report_that_cannot_be_removed_gives_a_warning(service, tmp_path, monkeypatch):
    """A clean import whose old report is locked is done; the warning says the old report stays."""
    path = write_file(tmp_path / "orders.csv", [good_row(1)])
    stale = tmp_path / "orders.rejects.csv"
    stale.write_text("old", encoding="utf-8")

    def locked(self, missing_ok=False):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", locked)
    result = import_work_orders(service, path, actor="d1")
    assert (result.imported, result.rejects_file) == (1, None)
    assert result.report_warning.startswith(f"导入已完成，但无法删除上次的报告“{stale}”")
