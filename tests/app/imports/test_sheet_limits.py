"""Sheets measured before calamine reads them: files that would exhaust the machine are refused in one line."""

import zipfile

import openpyxl
import pytest

from app.imports import sheet_limits
from app.imports.errors import ImportFileError
from app.imports.spreadsheet import open_spreadsheet
from tests.app.imports.test_spreadsheet import all_rows, inline, with_sheet_xml


def test_one_row_at_row_fifty_million_is_refused(tmp_path):
    """A cell far below Excel's last row is refused before anything is allocated."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "姓名") + '</row>'
                          '<row r="50000000">' + inline("A50000000", "x") + '</row>')
    with pytest.raises(ImportFileError, match="有 50000000 行：最多 2000000 行"):
        all_rows(path)


def test_a_cell_far_to_the_right_is_refused(tmp_path):
    """A cell in column XFD (16,384) is past the column limit."""
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "x") + inline("XFD1", "y") + '</row>')
    with pytest.raises(ImportFileError, match="超过 500 列"):
        all_rows(path)


def test_rows_times_columns_past_the_limit_is_refused(tmp_path, monkeypatch):
    """A sheet whose rows × columns exceed the cell limit is refused, naming both."""
    monkeypatch.setattr(sheet_limits, "MAX_CELLS", 1_000)
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "x") + inline("Z1", "y") + '</row>'
                          '<row r="100">' + inline("A100", "z") + '</row>')
    with pytest.raises(ImportFileError, match="100 行 × 26 列：最多 1000 个单元格"):
        all_rows(path)


def test_empty_styled_cells_cost_nothing(tmp_path):
    """100,000 empty styled cells above one value give that value's row, numbered as in Excel."""
    styled = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="0"/>' for c in "ABCDEFGHIJ") + "</row>"
                     for r in range(1, 10_001))
    path = with_sheet_xml(tmp_path, styled + '<row r="10001">' + inline("A10001", "x") + "</row>")
    rows = all_rows(path)
    assert rows[-1] == (10_001, ["x"]) and all(cells == [""] for _number, cells in rows[:-1])


def test_a_shared_strings_table_claiming_too_much_is_refused(tmp_path):
    """A shared-strings count out of proportion to the part (calamine would reserve it) is refused."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 1
    template = tmp_path / "t.xlsx"
    workbook.save(template)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(template) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item.filename))
        copy.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                      ' uniqueCount="2000000000"><si><t>a</t></si></sst>')
    with pytest.raises(ImportFileError, match="共享字符串表声称有 2000000000 项"):
        open_spreadsheet(path)


def test_a_compression_bomb_is_refused(tmp_path, monkeypatch):
    """A part that unpacks to far more than its packed size would suggest is refused."""
    monkeypatch.setattr(sheet_limits, "_BOMB_FROM_BYTES", 1_000)
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "x" * 200_000) + "</row>")
    with pytest.raises(ImportFileError, match="压缩比异常"):
        open_spreadsheet(path)


def test_a_part_past_the_size_limit_is_refused(tmp_path, monkeypatch):
    """A part that unpacks past the size limit is refused with its size."""
    monkeypatch.setattr(sheet_limits, "MAX_PART_BYTES", 1_000)
    path = with_sheet_xml(tmp_path, '<row r="1">' + inline("A1", "x" * 2_000) + "</row>")
    with pytest.raises(ImportFileError, match="解压后太大"):
        open_spreadsheet(path)


def test_a_file_past_the_size_limit_is_refused(tmp_path, monkeypatch):
    """Any file (an .xls too) past the file size limit is refused before it is opened."""
    monkeypatch.setattr(sheet_limits, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.xls"
    path.write_bytes(b"\0" * 100)
    with pytest.raises(ImportFileError, match="太大"):
        open_spreadsheet(path)
