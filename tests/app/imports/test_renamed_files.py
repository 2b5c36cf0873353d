"""Files whose name lies about their format are read as what they are (app/imports/file_format).

The renamed files are copies of the saved fixtures in files/ (openpyxl, LibreOffice, a GBK CSV)
and an .xls written by xlwt, so each holds the same five residents as residents_openpyxl.xlsx.
"""

import shutil
import zipfile
from pathlib import Path

import pytest
import xlwt
from sqlalchemy import select

from app.imports.errors import ImportFileError
from app.imports.file_format import file_format
from app.imports.spreadsheet import open_spreadsheet
from app.people.importer import import_people
from tests.app.imports.test_saved_files import EXPECTED, FILES, shown_rows
from db.schema import Person
from tests.app.people.people_fixtures import people  # noqa: F401

RENAMED = [
    ("residents_openpyxl.xlsx", "台账.xls", ".xlsx"),
    ("residents_libreoffice.xlsx", "台账.xls", ".xlsx"),
    ("residents_libreoffice.xls", "台账.xlsx", ".xls"),
    ("residents_libreoffice.ods", "台账.xlsx", ".ods"),
    ("residents_libreoffice.ods", "台账.xls", ".ods"),
    ("residents_gbk.csv", "台账.xls", ".csv"),
    ("residents_utf8_bom.csv", "台账.xlsx", ".csv"),
    ("residents_libreoffice.xlsx", "台账.csv", ".xlsx"),
]


def renamed(tmp_path: Path, source: str, name: str) -> Path:
    path = tmp_path / name
    shutil.copyfile(FILES / source, path)
    return path


@pytest.mark.parametrize(("source", "name", "kind"), RENAMED)
def test_the_format_comes_from_the_first_bytes(tmp_path, source, name, kind):
    """Zip with xl/ is Excel 2007+, zip with content.xml is ODS, OLE2 is .xls, text is CSV."""
    assert file_format(renamed(tmp_path, source, name)) == kind


@pytest.mark.parametrize(("source", "name", "kind"), RENAMED)
def test_a_renamed_file_reads_to_the_rows_of_the_original(tmp_path, source, name, kind):
    """Each renamed file gives exactly the rows, row numbers and cell texts of the openpyxl sheet."""
    assert shown_rows(renamed(tmp_path, source, name)) == shown_rows(FILES / "residents_openpyxl.xlsx")


def test_an_xls_written_by_xlwt_and_named_xlsx_is_read(tmp_path):
    """An Excel 97-2003 file from another writer, named .xlsx, reads its cells."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    for row, cells in enumerate([["姓名", "身份证号"], ["张三", "110101194912310013"]]):
        for column, value in enumerate(cells):
            sheet.write(row, column, value)
    path = tmp_path / "旧模板.xlsx"
    book.save(str(path))
    assert file_format(path) == ".xls"
    opened = open_spreadsheet(path)
    try:
        assert list(opened.worksheets[0].rows()) == [(1, ["姓名", "身份证号"]), (2, ["张三", "110101194912310013"])]
    finally:
        opened.close()


@pytest.mark.parametrize(("source", "name"), [("residents_libreoffice.xlsx", "台账.xls"),
                                              ("residents_libreoffice.xls", "台账.xlsx"),
                                              ("residents_libreoffice.ods", "台账.xlsx"),
                                              ("residents_gbk.csv", "台账.xls")])
def test_a_renamed_ledger_imports_the_same_persons(people, tmp_path, source, name):  # noqa: F811
    """Through the ledger import, a renamed file gives the five persons of the original."""
    result = import_people(people, renamed(tmp_path, source, name))
    assert (result.rows_read, result.imported, len(result.rejects)) == (5, 5, 0)
    with people.database.read() as session:
        ids = session.scalars(select(Person.id_number)).all()
    assert sorted(ids) == [row[1] for row in EXPECTED]  # in Python: a sealed file's stored ID numbers are ciphertext


def test_a_zip_of_something_else_is_damaged_under_its_name(tmp_path):
    """A zip that is no workbook (a .docx named .xlsx) keeps the one "damaged" message."""
    path = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert file_format(path) == ".xlsx"
    with pytest.raises(ImportFileError, match="文件已损坏，或不是 .xlsx 格式"):
        open_spreadsheet(path)


def test_text_that_is_no_table_is_damaged_under_its_name(tmp_path):
    """A line of bare text named .xls is not taken for a CSV: the message is the clear "damaged"."""
    path = tmp_path / "说明.xls"
    path.write_text("请勿修改本文件", encoding="utf-8")
    assert file_format(path) == ".xls"
    with pytest.raises(ImportFileError, match="文件已损坏，或不是 .xls 格式"):
        open_spreadsheet(path)
