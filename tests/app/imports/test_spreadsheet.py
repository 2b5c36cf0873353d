"""Reading spreadsheets through calamine: sheet choice, row order and numbers, typed cells, error cells, damage."""

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.imports import spreadsheet
from app.imports.cell_parsers import CellError
from app.imports.errors import ImportFileError
from app.imports.spreadsheet import fill_merged, open_spreadsheet
from app.imports.table_reader import ColumnSpec, read_table
from tests.xlsx_files import with_part_changed

FILES = Path(__file__).parent / "files"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
COLUMNS = (
    ColumnSpec(field="name", label="姓名", aliases=(), required=True),
    ColumnSpec(field="id_no", label="身份证号", aliases=()),
    ColumnSpec(field="note", label="备注", aliases=()),
)


def with_sheet_xml(tmp_path, sheet_data: str, name="raw.xlsx") -> Path:
    """An .xlsx whose only sheet holds exactly `sheet_data` (the inside of <sheetData>)."""
    template = tmp_path / "template.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    workbook.save(template)
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'.encode()
    return with_part_changed(template, tmp_path / name, "xl/worksheets/sheet1.xml", lambda _data: xml)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def all_rows(path, **options):
    book = open_spreadsheet(path, **options)
    try:
        return list(book.worksheets[0].rows())
    finally:
        book.close()


def test_rows_stored_out_of_order_are_read_in_sheet_order(tmp_path):
    """Rows the XML stores as 1, 3, 2 come back as 1, 2, 3 with none dropped."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "姓名") + '</row>'
                          '<row r="3">' + inline("A3", "三") + '</row><row r="2">' + inline("A2", "二") + '</row>')
    assert all_rows(path) == [(1, ["姓名"]), (2, ["二"]), (3, ["三"])]


def test_a_hidden_first_sheet_is_not_read_unless_named(tmp_path):
    """The visible sheet is the default; the hidden one only when asked for by name."""
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title, hidden.sheet_state = "旧表", "hidden"
    hidden.append(["姓名", "身份证号", "备注"])
    hidden.append(["隐藏的人", "1", ""])
    shown = workbook.create_sheet("台账")
    shown.append(["姓名", "身份证号", "备注"])
    shown.append(["看得见的人", "2", ""])
    workbook.active = 1
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    assert [row.get("name") for row in read_table(path, COLUMNS).rows] == ["看得见的人"]
    assert [row.get("name") for row in read_table(path, COLUMNS, sheet="旧表").rows] == ["隐藏的人"]


def test_the_active_sheet_is_tried_first(tmp_path):
    """Of two visible ledgers, the one the file opens on is read."""
    workbook = openpyxl.Workbook()
    for title in ("一月", "二月"):
        sheet = workbook.create_sheet(title)
        sheet.append(["姓名", "身份证号", "备注"])
        sheet.append([f"{title}的人", "1", ""])
    del workbook["Sheet"]
    workbook.active = 1
    path = tmp_path / "months.xlsx"
    workbook.save(path)
    table = read_table(path, COLUMNS)
    assert (table.sheet_name, table.rows[0].get("name")) == ("二月", "二月的人")


def test_a_missing_sheet_name_lists_the_sheets(tmp_path):
    """Naming a sheet that does not exist says which sheets there are."""
    path = FILES / "residents_openpyxl.xlsx"
    with pytest.raises(ImportFileError, match="没有名为“三月”的工作表（有：实有人口）"):
        read_table(path, COLUMNS, sheet="三月")


def test_error_cells_are_cell_errors_with_their_address(tmp_path):
    """An Excel error cell is a CellError naming its cell, never text or blank."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "姓名") + inline("B1", "备注") + '</row>'
                          '<row r="5">' + inline("A5", "张三") + '<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>')
    rows = dict(all_rows(path))
    assert rows[5] == ["张三", "", "", CellError("#DIV/0!", "D5")]
    assert rows[5][3].message == "单元格 D5 是错误值 #DIV/0!"


def test_error_cells_saved_by_libreoffice_are_found(tmp_path):
    """LibreOffice writes an error cell with its style first; it is still found."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "x") + '<c r="C1" s="0" t="e"><f aca="false">NA()'
                          '</f><v>#N/A</v></c></row>')
    assert all_rows(path) == [(1, ["x", "", CellError("#N/A", "C1")])]


@pytest.mark.parametrize("number_format", [14, 22, 27, 28, 30, 31, 36, 50, 57, 58])
def test_zh_cn_built_in_date_formats_are_dates(tmp_path, number_format):
    """A serial under a zh-CN built-in date format (27-36, 50-58) reads as a date, not a number."""
    workbook = openpyxl.Workbook()
    cell = workbook.active.cell(row=1, column=1, value=45930)
    cell.number_format = "General"
    cell._style.numFmtId = number_format  # noqa: SLF001 - the built-in id itself is what is tested
    path = tmp_path / "dates.xlsx"
    workbook.save(path)
    (_number, (value,)), = all_rows(path)
    assert isinstance(value, date) and value.isoformat()[:10] == "2025-09-30"


def test_a_table_away_from_a1_keeps_excel_rows_and_columns(tmp_path):
    """Cells starting at C6 keep their row numbers and their columns."""
    workbook = openpyxl.Workbook()
    workbook.active["C6"], workbook.active["D7"] = "x", 5
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    rows = dict(all_rows(path))
    assert rows[6] == ["", "", "x", ""] and rows[7] == ["", "", "", 5.0]


def test_merged_ranges_fill_every_cell():
    """A merged value reaches every cell of its range, rows below included."""
    rows = [(1, ["户号", "姓名"]), (2, ["H1", "甲"]), (3, ["", "乙"])]
    assert list(fill_merged(iter(rows), [(1, 2, 1, 3)])) == [(1, ["户号", "姓名"]), (2, ["H1", "甲"]), (3, ["H1", "乙"])]


def test_merged_ranges_come_from_calamine(tmp_path):
    """The sheet's merged ranges are reported 1-based, as (min_col, min_row, max_col, max_row)."""
    workbook = openpyxl.Workbook()
    workbook.active["A2"] = "H1"
    workbook.active.merge_cells("A2:A4")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    book = open_spreadsheet(path)
    assert book.worksheets[0].merges() == [(1, 2, 1, 4)]


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04 truncated", b""])
def test_a_damaged_file_is_one_clean_message(tmp_path, content):
    """Random bytes, a cut zip or an empty file give the one "damaged" message."""
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as error:
        all_rows(path)
    assert str(error.value) == "无法读取文件“坏.xlsx”：文件已损坏，或不是 .xlsx 格式"


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".xlsb"])
def test_a_damaged_file_of_any_format_is_one_clean_message(tmp_path, suffix):
    """An .xls, .ods or .xlsb that is not one is reported as damaged, not as a crash."""
    path = tmp_path / f"坏{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really" * 10)
    with pytest.raises(ImportFileError, match=f"文件已损坏，或不是 \\{suffix} 格式"):
        all_rows(path)


def test_a_sheet_with_broken_xml_is_one_clean_message(tmp_path):
    """A sheet whose XML is cut off is reported as damaged."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "x") + '<row')
    with pytest.raises(ImportFileError, match="文件已损坏"):
        all_rows(path)


def test_a_strict_ooxml_file_is_read(tmp_path):
    """A Strict Open XML workbook (other namespaces) reads like a transitional one."""
    def strict(data: bytes) -> bytes:
        return data.replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main").replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships")
    source = FILES / "residents_openpyxl.xlsx"
    path = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, strict(original.read(item.filename)))
    assert all_rows(path) == all_rows(source)


def test_our_own_bug_is_not_reported_as_a_damaged_file(monkeypatch):
    """An exception that is not a reading failure propagates as itself."""
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug of ours")
    monkeypatch.setattr(spreadsheet, "xlsx_parts", broken)
    with pytest.raises(RuntimeError, match="a bug of ours"):
        open_spreadsheet(FILES / "residents_openpyxl.xlsx")


def test_progress_hears_rows_read_and_the_total(tmp_path):
    """The progress callback is told how many rows are read out of how many."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    for n in range(5_000):
        sheet.append([n])
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    heard = []
    assert len(all_rows(path, progress=lambda done, total: heard.append((done, total)))) == 5_000
    assert heard == [(2_000, 5_000), (4_000, 5_000), (5_000, 5_000)]


def test_nul_characters_never_reach_the_rows(tmp_path):
    """A NUL written as _x0000_ in a cell's text is dropped."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "张_x0000_三") + '</row>')
    assert all_rows(path) == [(1, ["张三"])]


def test_dates_and_times_come_typed(tmp_path):
    """Date, date-time and time cells come as date, datetime and time objects."""
    workbook = openpyxl.Workbook()
    workbook.active.append([date(1985, 3, 12), datetime(2025, 9, 30, 10, 30)])
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    (_number, cells), = all_rows(path)
    assert cells[1] == datetime(2025, 9, 30, 10, 30) and cells[0] in (date(1985, 3, 12), datetime(1985, 3, 12))


def test_a_password_protected_file_says_so(tmp_path, monkeypatch):
    """A workbook calamine cannot open for its password gets its own message, not "damaged"."""
    def locked(_path):
        raise spreadsheet.PasswordError("password protected")
    monkeypatch.setattr(spreadsheet.CalamineWorkbook, "from_path", locked)
    with pytest.raises(ImportFileError, match="设有打开密码"):
        open_spreadsheet(FILES / "residents_libreoffice.xls")
