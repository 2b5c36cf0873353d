"""CSV files: encodings, delimiters, quoted line breaks, NULs and Excel's error texts."""

import pytest

from app.imports.cell_parsers import CellError
from app.imports.errors import ImportFileError
from app.imports.table_reader import ColumnSpec, read_table

COLUMNS = (
    ColumnSpec(field="name", label="姓名", aliases=(), required=True),
    ColumnSpec(field="id_no", label="身份证号", aliases=()),
    ColumnSpec(field="note", label="备注", aliases=()),
)


def names(path):
    return [(row.row_number, row.get("name"), row.get("note")) for row in read_table(path, COLUMNS).rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_usual_delimiter_is_found(tmp_path, delimiter):
    """Comma, semicolon and tab files all import (a semicolon file is no longer "找不到表头")."""
    path = tmp_path / "people.csv"
    path.write_text(delimiter.join(["姓名", "身份证号", "备注"]) + "\n" + delimiter.join(["张三", "1", "好"]) + "\n",
                    encoding="utf-8")
    assert names(path) == [(2, "张三", "好")]


def test_a_comma_inside_a_semicolon_file_does_not_mislead(tmp_path):
    """Commas inside the cells of a semicolon file do not make it a comma file."""
    path = tmp_path / "people.csv"
    path.write_text("姓名;身份证号;备注\n张三;1;住在一楼,二楼,三楼,还有四楼,五楼\n", encoding="utf-8")
    assert names(path) == [(2, "张三", "住在一楼,二楼,三楼,还有四楼,五楼")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_are_detected(tmp_path, encoding):
    """UTF-8 with or without BOM, GBK and GB18030 all read the same text."""
    path = tmp_path / "people.csv"
    path.write_bytes("姓名,身份证号,备注\n张三,1,䶮字与镕字\n".replace("䶮", "" if encoding == "gbk" else "䶮")
                     .encode(encoding))
    assert names(path)[0][1] == "张三"


def test_quoted_line_breaks_stay_in_their_cell_and_rows_count_as_excel_does(tmp_path):
    """A quoted line break is part of the cell, and the next record is the next Excel row."""
    path = tmp_path / "people.csv"
    path.write_text('姓名,身份证号,备注\n张三,1,"第一行\n第二行"\n李四,2,\n', encoding="utf-8")
    assert names(path) == [(2, "张三", "第一行\n第二行"), (3, "李四", "")]


def test_nul_characters_are_removed(tmp_path):
    """A NUL in a cell never reaches the rows (PostgreSQL refuses it)."""
    path = tmp_path / "people.csv"
    path.write_bytes("姓名,身份证号,备注\n张\x00三,1,x\n".encode())
    assert names(path) == [(2, "张三", "x")]


def test_excel_error_text_is_a_cell_error(tmp_path):
    """"#DIV/0!" as Excel writes it into a CSV is an error cell with its address."""
    path = tmp_path / "people.csv"
    path.write_text("姓名,身份证号,备注\n张三,1,#DIV/0!\n", encoding="utf-8")
    assert read_table(path, COLUMNS).rows[0].get("note") == CellError("#DIV/0!", "C2")


def test_undecodable_text_is_refused(tmp_path):
    """Bytes that are neither UTF-8 nor GB18030 are refused with a hint about the encoding."""
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x81\x30\xff\xff,\xfe\n")
    with pytest.raises(ImportFileError, match="字符编码"):
        read_table(path, COLUMNS)
