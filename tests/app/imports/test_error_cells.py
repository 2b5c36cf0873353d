"""An Excel error cell (#DIV/0!, #N/A) rejects its row naming the cell and the error; it is never stored as text."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from app.imports.cell_parsers import CellError, cell_error_in, clean_text, is_blank
from app.imports.spreadsheet import open_spreadsheet
from app.imports.work_orders import read_work_orders
from app.people.importer import import_people
from db.schema import Person
from tests.app.people.people_fixtures import people, person_id_number  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")
FILES = Path(__file__).parent / "files"


def test_an_error_cell_is_neither_text_nor_blank():
    """clean_text refuses an error cell with its message; it is not blank."""
    error = CellError("#DIV/0!", "D5")
    with pytest.raises(ValueError, match="单元格 D5 是错误值 #DIV/0!"):
        clean_text(error)
    assert not is_blank(error)


def test_cell_error_in_looks_only_at_the_given_columns():
    """An error in a column the import does not use does not count."""
    cells = ["张三", CellError("#N/A", "B2"), "x"]
    assert cell_error_in(cells) == CellError("#N/A", "B2")
    assert cell_error_in(cells, [0, 2]) is None


def test_a_work_order_with_an_error_cell_is_rejected(tmp_path):
    """A #DIV/0! in 内容 rejects the order with the cell and the error; the other order is read."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "类别", "内容", "上报时间"])
    sheet.append(["GD1", "0101", "#DIV/0!", datetime(2025, 9, 30, 10, 0)])
    sheet.append(["GD2", "0101", "路灯不亮", datetime(2025, 9, 30, 10, 0)])
    path = tmp_path / "orders.xlsx"
    workbook.save(path)
    result = read_work_orders(path, now=datetime(2025, 10, 1, tzinfo=SHANGHAI))
    assert [row.external_no for row in result.rows] == ["GD2"]
    assert [(r.row_number, r.external_no, r.reason) for r in result.rejects] == [(2, "GD1", "单元格 C2 是错误值 #DIV/0!")]


def test_a_resident_with_an_error_cell_is_rejected_not_stored(people, tmp_path):  # noqa: F811
    """A #N/A in 现住址 rejects the resident with the cell and the error; the report shows the error."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号", "现住址"])
    sheet.append(["张三", person_id_number(1), "#N/A"])
    sheet.append(["李四", person_id_number(2), "幸福路1号"])
    path = tmp_path / "台账.xlsx"
    workbook.save(path)
    result = import_people(people, path)
    assert (result.imported, [(r.row_number, r.reason) for r in result.rejects]) == (1, [(2, "单元格 C2 是错误值 #N/A")])
    report = list(openpyxl.load_workbook(result.rejects_file).active.iter_rows(values_only=True))
    assert report[1][:3] == ("张三", person_id_number(1), "#N/A")
    with people.database.read() as session:
        assert session.scalars(select(Person.name)).all() == ["李四"]


@pytest.mark.parametrize("name", ["errors_libreoffice.xlsx", "errors_libreoffice.ods"])
def test_error_cells_saved_by_libreoffice_are_cell_errors(name):
    """=1/0 and =NA() saved by LibreOffice as .xlsx or .ods read as CellErrors with their addresses."""
    book = open_spreadsheet(FILES / name)
    assert [cells[2] for _number, cells in list(book.worksheets[0].rows())[1:]] == [
        CellError("#DIV/0!", "C2"), CellError("#N/A", "C3")]


def test_error_cells_of_an_xls_file_read_as_empty():
    """A known limit: calamine gives .xls error cells as empty, and nothing else records them."""
    book = open_spreadsheet(FILES / "errors_libreoffice.xls")
    assert [cells[2] for _number, cells in list(book.worksheets[0].rows())[1:]] == ["", ""]
