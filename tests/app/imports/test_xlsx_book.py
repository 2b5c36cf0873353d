"""The fast .xlsx reader gives exactly what openpyxl's read-only mode gives: sheets, and values cell kind by cell kind."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from app.bench.shared_strings import to_shared_strings
from app.imports.xlsx_book import UnreadableWorkbook, open_xlsx
from tests.xlsx_files import with_part_changed


def openpyxl_rows(path):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        # openpyxl gives a missing row as [] and a stored empty one as (): both are "no cells"
        return [(number, tuple(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def fast_rows(path):
    workbook = open_xlsx(path)
    try:
        return list(workbook.worksheets[0].rows())
    finally:
        workbook.close()


def assert_same(path):
    expected = openpyxl_rows(path)
    assert fast_rows(path) == expected
    return expected


def every_kind_workbook(path, *, epoch=None):
    workbook = openpyxl.Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    sheet = workbook.active
    sheet.append(["xx街道居民花名册"])
    sheet.merge_cells("A1:F1")
    sheet.append(["姓名", "身份证号", "出生日期", "登记时间", "人数", "备注"])
    sheet.append(["张三", "110105194912310021", date(1949, 12, 31), datetime(2025, 3, 12, 8, 30), 3, "  有空格  "])
    sheet.append(["李四", 1.10105194912310e17, date(1900, 2, 28), time(14, 5), 2.5, True])
    sheet.append(["王五", 110105194912310021, "1985.03.12", timedelta(hours=30, minutes=5), -7, False])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["赵六", "#N/A", None, None, 0, "=1+1"])
    sheet["F7"].data_type = "f"
    sheet.cell(row=10, column=9, value="远处的格")
    sheet.cell(row=11, column=2, value="第二列")
    sheet["D4"].number_format = "hh:mm"
    sheet["D5"].number_format = "[h]:mm:ss"
    sheet["G3"] = "#DIV/0!"
    sheet["G3"].data_type = "e"
    workbook.save(path)


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    path = tmp_path / "kinds.xlsx"
    every_kind_workbook(path)
    rows = assert_same(path)
    # the comparison means something: dates, durations, numbers and gaps are all in there
    assert rows[2][1][2] == datetime(1949, 12, 31)
    assert rows[4][1][3] == timedelta(hours=30, minutes=5)
    assert rows[3][1][1] == 1.1010519491231e17
    assert rows[8] == (9, ())
    assert rows[9][1][8] == "远处的格"


def test_a_1904_workbook_reads_its_dates_from_1904(tmp_path):
    path = tmp_path / "mac.xlsx"
    every_kind_workbook(path, epoch=CALENDAR_MAC_1904)
    rows = assert_same(path)
    assert rows[2][1][2] == datetime(1949, 12, 31)


def test_inline_strings_of_a_write_only_workbook(tmp_path):
    path = tmp_path / "inline.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["姓名", "身份证号", "出生日期"])
    for n in range(50):
        sheet.append([f"居民{n}", f"11010519491231{n:04d}", date(1980, 1, 1) + timedelta(days=n)])
    workbook.save(path)
    rows = assert_same(path)
    assert rows[1][1] == ("居民0", "110105194912310000", datetime(1980, 1, 1))
    shared = tmp_path / "shared.xlsx"
    assert to_shared_strings(path, shared) == 3 + 50 + 50
    assert assert_same(shared) == rows


SHEET_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r>\
<rPh sb="0" eb="1"><t>ふ</t></rPh></is></c><c t="inlineStr"><is><t>无坐标</t></is></c><c t="inlineStr"/></row>
<row><c r="C3" t="str"><v>公式文本</v></c><c r="A3" t="b"><v>1</v></c></row>
<row r="5"><c r="A5" t="d"><v>2025-03-12T08:30:00</v></c><c r="B5" s="1"><v>99999999</v></c>\
<c r="C5" s="1"><v></v></c><c r="D5" t="e"><v>#REF!</v></c><c r="E5"><v>1.5E+3</v></c></row>
<row r="4"><c r="A4" t="str"><v>倒退的行</v></c></row>
<row r="6.0"><c r="AA6" t="s"><v>0</v></c></row>
<row r="7"/>
</sheetData></worksheet>"""


def test_unusual_xml_reads_as_openpyxl_reads_it(tmp_path):
    """Rich text with phonetic guides, missing coordinates, cells out of order, rows going back,
    ISO dates, out-of-range date serials, errors and float row numbers."""
    template = tmp_path / "template.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "共享"
    sheet["B1"] = date(2025, 1, 1)  # gives the workbook a date style (index 1)
    workbook.save(template)
    assert to_shared_strings(template, tmp_path / "shared.xlsx") == 1
    path = with_part_changed(tmp_path / "shared.xlsx", tmp_path / "odd.xlsx", "xl/worksheets/sheet1.xml",
                             lambda _data: SHEET_XML.encode())
    with pytest.warns(UserWarning):  # openpyxl warns about the out-of-range date; the fast reader does not
        rows = assert_same(path)
    assert rows[1][1] == (None, "富文本 ", "无坐标", None)
    assert rows[4][1][1] == "#VALUE!"
    assert [number for number, _ in rows] == [1, 2, 3, 4, 5, 6, 7]


def test_sheets_in_order_by_name_without_chartsheets(tmp_path):
    path = tmp_path / "sheets.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.create_sheet("台账")["A1"] = "姓名"
    hidden = workbook.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    workbook.create_chartsheet("图表")
    workbook.save(path)
    book = open_xlsx(path)
    try:
        assert book.sheetnames == ["说明", "台账", "隐藏"]
        assert list(book["台账"].rows()) == [(1, ("姓名",))]
        assert book["隐藏"].state == "hidden"
        with pytest.raises(KeyError):
            book["图表"]
    finally:
        book.close()


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_a_file_that_is_no_xlsx_is_unreadable(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook):
        open_xlsx(path)


def test_a_zip_without_a_workbook_is_unreadable(tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableWorkbook):
        open_xlsx(path)
