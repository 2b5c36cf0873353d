"""Excel in and out of the ledger page: the import preview (dry run, then 导入) and the export."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook, load_workbook

from app.people.id_numbers import make_id
from tests.ui.people.conftest import shown_names


def write_sheet(path, rows) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "网格"])
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_import_previews_then_imports(page, qtbot, tmp_path):
    """The preview counts the rows and lists the rejected one with its reason; 导入 adds the good one."""
    path = tmp_path / "台账.xlsx"
    write_sheet(path, [["周新", make_id("370202", date(1992, 5, 6), 3, "男"), "370299001001002"],
                       ["吴错", "370202199205061239", "370299001001002"]])
    dialog = page.open_import(str(path))
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert dialog.result.dry_run and (dialog.result.imported, len(dialog.result.rejects)) == (1, 1)
    assert dialog.rejects.item(0, 0).text() == "3" and "身份证号" in dialog.rejects.item(0, 1).text()
    assert "周新" not in shown_names(page)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.result.dry_run)
    assert dialog.notice.kind == "success"
    qtbot.waitUntil(lambda: "周新" in shown_names(page))
    dialog.close()


def test_import_dialog_shows_the_rows_read(page, qtbot, tmp_path):
    """The reader's progress reaches the dialog's bar: rows read of the total."""
    path = tmp_path / "台账.xlsx"
    write_sheet(path, [["周新", make_id("370202", date(1992, 5, 6), 3, "男"), "370299001001002"]])
    dialog = page.open_import(str(path))
    qtbot.waitUntil(lambda: dialog.result is not None)
    dialog._report_progress(2_000, 5_000)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() == 2_000)
    assert dialog.progress_bar.isVisible() and dialog.progress_bar.maximum() == 5_000
    dialog._report_progress(5_000, 5_000)
    qtbot.waitUntil(lambda: not dialog.progress_bar.isVisible())
    dialog.close()


def test_import_of_an_unreadable_file_says_so(page, qtbot, tmp_path):
    """A file that is no workbook gives one message and nothing to import."""
    path = tmp_path / "坏文件.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    dialog = page.open_import(str(path))
    qtbot.waitUntil(lambda: dialog.notice.kind == "error")
    assert not dialog.import_button.isEnabled()
    dialog.close()


def test_export_writes_the_filtered_ledger(page, qtbot, tmp_path):
    """Export writes the chosen grid's persons to the file and says how many."""
    bar = page.filters
    bar.region.setCurrentIndex(bar.region.findData("370299002"))
    qtbot.waitUntil(lambda: set(shown_names(page)) == {"赵建国", "钱多多"})
    path = tmp_path / "导出.xlsx"
    page.export_file(str(path))
    qtbot.waitUntil(lambda: page.notice.kind == "success")
    assert "2 人" in page.notice.text()
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"赵建国", "钱多多"}
    assert "已遮蔽" in page.notice.text() and rows[0][3] == "年龄"
    assert all("1960" not in str(value) for row in rows for value in row)


def test_preview_writes_no_report_and_unmapped_labels_are_mapped_after_import(page, qtbot, tmp_path):
    """With the old report in the way the preview still works and writes nothing; 计生特扶 is kept,
    then mapped from the import dialog to 特困人员."""
    folder = tmp_path / "in"
    folder.mkdir()
    book = Workbook()
    book.active.append(["姓名", "身份证号", "人员类别"])
    book.active.append(["周新", make_id("370202", date(1992, 5, 6), 3, "男"), "低保户、计生特扶"])
    book.active.append(["", make_id("370202", date(1992, 5, 6), 5, "男"), None])
    book.save(folder / "台账.xlsx")
    (folder / "台账.rejects.xlsx").mkdir()
    dialog = page.open_import(str(folder / "台账.xlsx"))
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert "计生特扶（1）" in dialog.summary.text()
    assert sorted(p.name for p in folder.iterdir()) == ["台账.rejects.xlsx", "台账.xlsx"]
    assert dialog.import_button.isEnabled() and dialog.report_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.result.dry_run)
    assert "警告：报告无法写入" in dialog.notice.text()
    assert dialog.labels_button.isVisibleTo(dialog)
    labels = dialog.open_labels()
    qtbot.waitUntil(lambda: labels.loaded and labels.unmapped.rowCount() == 1)
    labels.unmapped.selectRow(0)
    labels.map_target.setCurrentIndex(labels.map_target.findData("tekun"))
    labels.map_selected()
    qtbot.waitUntil(lambda: labels.notice.kind == "success")
    assert "1 人" in labels.notice.text()
    qtbot.waitUntil(lambda: labels.unmapped.rowCount() == 0)
    labels.close()
    dialog.close()
