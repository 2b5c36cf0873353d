"""One resident sheet as openpyxl, LibreOffice (xlsx, xls, ods) and two CSVs save it: the same rows, the same persons.

The files in files/: residents_openpyxl.xlsx written by openpyxl; residents_libreoffice.* are that
file converted by `soffice --headless --convert-to xlsx|xls|ods`; residents_gbk.csv (comma, GBK)
and residents_utf8_bom.csv (semicolon, UTF-8 with BOM) hold the same cells as text.
"""

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.imports.cell_parsers import clean_text
from app.imports.spreadsheet import open_spreadsheet
from app.people.importer import import_people
from db.schema import Household, Person
from tests.app.people.people_fixtures import people  # noqa: F401

FILES = Path(__file__).parent / "files"
SAVED = ["residents_openpyxl.xlsx", "residents_libreoffice.xlsx", "residents_libreoffice.xls",
         "residents_libreoffice.ods", "residents_gbk.csv", "residents_utf8_bom.csv"]


def shown_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The file's rows as the text a user sees, trailing empty cells left out."""
    book = open_spreadsheet(path)
    try:
        rows = []
        for number, cells in book.worksheets[0].rows():
            texts = [value.isoformat() if isinstance(value, date) else clean_text(value) for value in cells]
            while texts and not texts[-1]:
                texts.pop()
            rows.append((number, texts))
        return rows
    finally:
        book.close()


@pytest.mark.parametrize("name", SAVED[1:])
def test_every_saved_form_reads_to_the_same_rows(name):
    """Each saved form gives exactly the rows, row numbers and cell texts of the openpyxl file."""
    assert shown_rows(FILES / name) == shown_rows(FILES / SAVED[0])


@pytest.mark.parametrize("name", SAVED)
def test_every_saved_form_imports_the_same_persons(people, name):  # noqa: F811
    """Through the ledger import, each file gives the same five persons with the same values."""
    result = import_people(people, FILES / name)
    assert (result.rows_read, result.imported, len(result.rejects)) == (5, 5, 0)
    with people.database.read() as session:
        found = session.execute(
            select(Person.name, Person.id_number, Person.sex, Person.birth_date, Person.phone, Person.current_address,
                   Person.note, Household.household_no)
            .join(Household, Person.household_id == Household.id, isouter=True)).all()
    assert sorted(tuple(row) for row in found) == sorted(EXPECTED)  # a sealed file's stored ID numbers are ciphertext


EXPECTED = [
    ("李四", "370202194912310040", "女", date(1949, 12, 31), None, "幸福路1号", "独居", "H001"),
    ("赵六", "370202196506010092", "男", date(1965, 6, 1), "13900139000", "长江路9号", '租住，"东"单元', "H003"),
    ("张三", "370202198503120033", "男", date(1985, 3, 12), "13800138000", "幸福路1号", None, "H001"),
    ("王五", "370202199005060060", "女", date(1990, 5, 6), "0532-88886666", "幸福路2号", None, "H002"),
    ("钱七", "370202200110010108", "女", date(2001, 10, 1), None, "长江路9号", "第二行\n换行", "H003"),
]


def test_a_hidden_first_sheet_is_not_imported(people, tmp_path):  # noqa: F811
    """A ledger whose first sheet is hidden imports the visible sheet; the hidden one only by name."""
    workbook = openpyxl.load_workbook(FILES / SAVED[0])
    visible = workbook.active
    hidden = workbook.copy_worksheet(visible)
    hidden.title, hidden.sheet_state = "旧台账", "hidden"
    hidden.delete_rows(4, 4)
    workbook.move_sheet(hidden, offset=-1)
    workbook.active = 1
    path = tmp_path / "hidden_first.xlsx"
    workbook.save(path)
    assert (import_people(people, path, dry_run=True).sheet_name, import_people(people, path).imported) == ("实有人口", 5)
    assert import_people(people, path, sheet="旧台账", dry_run=True).rows_read == 1
