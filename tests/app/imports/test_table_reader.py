"""Tests for reading .xlsx/.csv tables: header detection, encodings, delimiters and bad files."""

import csv
import zipfile

import openpyxl
import pytest

from app.imports.table_reader import ColumnSpec, ImportFileError, alias_index, normalise_label, read_table

COLUMNS = (
    ColumnSpec(field="name", label="姓名", aliases=("名字", "full name"), required=True),
    ColumnSpec(field="phone", label="联系电话", aliases=("手机",)),
    ColumnSpec(field="address", label="现住址", aliases=("居住地址",)),
    ColumnSpec(field="id_no", label="身份证号", aliases=("公民身份号码",), required=True),
)


def write_xlsx(path, rows, *, sheet_title="Sheet1"):
    """Write ``rows`` (lists of cells) to the first sheet of a new workbook at ``path``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, *, encoding="utf-8", delimiter=","):
    """Write ``rows`` as CSV with the given encoding and delimiter."""
    with open(path, "w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def values(table):
    """The table's rows as (row number, values) pairs, for exact comparison."""
    return [(row.row_number, row.values) for row in table.rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  工单编号* ", "工单编号"),
        ("External_No", "externalno"),
        ("ＥＸＴＥＲＮＡＬ　ＮＯ", "externalno"),
        ("经度（WGS84）", "经度"),
        ("上报 时间：", "上报时间"),
        (None, ""),
    ],
)
def test_normalise_label_folds_column_names(text, expected):
    """Case, width, spaces, required-marks and bracketed notes do not matter in column names."""
    assert normalise_label(text) == expected


def test_alias_index_rejects_shared_names():
    """Two fields claiming one name is a programming mistake and fails loudly."""
    columns = (ColumnSpec(field="a", label="电话", aliases=()), ColumnSpec(field="b", label="乙", aliases=("电 话",)))
    with pytest.raises(ValueError):
        alias_index(columns)


def test_read_table_finds_header_below_title_rows(tmp_path):
    """Title rows are skipped, unknown columns ignored and row numbers are Excel's."""
    path = write_xlsx(tmp_path / "people.xlsx", [
        ["幸福社区人口台账"],
        ["填报日期：2025年9月", None, "单位：人"],
        ["序号", "名字", "手机", "公民身份号码", "备注"],
        [1, "张三", "13800138000", "110105194912310021", "无"],
        [2, "李四", None, "110105194912310022", None],
    ])
    table = read_table(path, COLUMNS)
    assert table.header_row_number == 3
    assert table.fields == {"name", "phone", "id_no"}
    assert values(table) == [
        (4, {"name": "张三", "phone": "13800138000", "id_no": "110105194912310021"}),
        (5, {"name": "李四", "phone": None, "id_no": "110105194912310022"}),
    ]


def test_read_table_skips_blank_rows_keeping_numbers(tmp_path):
    """Empty and white-space rows vanish without shifting the numbers of later rows."""
    path = write_xlsx(tmp_path / "people.xlsx", [
        ["姓名", "联系电话", "身份证号"],
        [None, None, None],
        ["张三", None, "1"],
        [" ", "\u3000", None],
        [],
        ["李四", None, "2"],
    ])
    assert [row.row_number for row in read_table(path, COLUMNS).rows] == [3, 6]


def test_read_table_handles_table_not_starting_at_a1(tmp_path):
    """A table starting in column C of row 4 still reads with Excel's row numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C4"], sheet["D4"], sheet["E4"] = "姓名", "身份证号", "现住址"
    sheet["C5"], sheet["D5"], sheet["E5"] = "王五", "3", "幸福路1号"
    workbook.save(tmp_path / "offset.xlsx")
    table = read_table(tmp_path / "offset.xlsx", COLUMNS)
    assert (table.header_row_number, values(table)) == (4, [(5, {"name": "王五", "id_no": "3", "address": "幸福路1号"})])


def test_read_table_uses_first_sheet_with_a_header(tmp_path):
    """A cover sheet without a header is passed over for the sheet that has one."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["说明：本表由社区填报"])
    data = workbook.create_sheet("数据")
    data.append(["姓名", "身份证号", "手机"])
    data.append(["赵六", "4", "13900139000"])
    workbook.save(tmp_path / "two_sheets.xlsx")
    assert values(read_table(tmp_path / "two_sheets.xlsx", COLUMNS)) == [
        (2, {"name": "赵六", "id_no": "4", "phone": "13900139000"})
    ]


def test_read_table_first_matching_column_wins(tmp_path):
    """When two columns mean the same field, the leftmost one is used."""
    path = write_csv(tmp_path / "p.csv", [["姓名", "手机", "联系电话", "身份证号"], ["张三", "1", "2", "9"]])
    assert values(read_table(path, COLUMNS)) == [(2, {"name": "张三", "phone": "1", "id_no": "9"})]


def test_read_table_header_beyond_ten_rows_is_not_found(tmp_path):
    """A header on row 11 is outside the search window and the file is refused."""
    path = write_csv(tmp_path / "late.csv", [["标题"]] * 10 + [["姓名", "身份证号", "手机"]])
    with pytest.raises(ImportFileError) as error:
        read_table(path, COLUMNS)
    assert str(error.value) == "文件“late.csv”的前10行中找不到表头：表头行至少要有3个可识别的列名，如姓名、身份证号"


def test_read_table_two_known_columns_are_not_a_header(tmp_path):
    """A row naming only two known columns does not count as the header."""
    path = write_csv(tmp_path / "two.csv", [["姓名", "身份证号", "备注"], ["张三", "1", ""]])
    with pytest.raises(ImportFileError, match="找不到表头"):
        read_table(path, COLUMNS)


def test_read_table_missing_required_column_is_named(tmp_path):
    """A header without a required column raises an error naming it and the header row."""
    path = write_xlsx(tmp_path / "people.xlsx", [["台账"], ["姓名", "手机", "现住址"], ["张三", "1", "x"]])
    with pytest.raises(ImportFileError) as error:
        read_table(path, COLUMNS)
    assert str(error.value) == "文件“people.xlsx”缺少必需的列：身份证号（表头在第2行）"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_read_table_detects_csv_encoding(tmp_path, encoding):
    """UTF-8 with or without BOM, GB18030 and UTF-16 CSV files read the same Chinese text."""
    path = write_csv(tmp_path / "p.csv", [["姓名", "身份证号", "现住址"], ["张三", "1", "幸福路１号"]], encoding=encoding)
    assert values(read_table(path, COLUMNS)) == [(2, {"name": "张三", "id_no": "1", "address": "幸福路１号"})]


def test_read_table_detects_tab_delimiter(tmp_path):
    """A tab-separated file is split on tabs even when its text holds commas."""
    rows = [["姓名", "身份证号", "现住址"], ["张三", "1", "幸福路1号,2单元,301"]]
    path = write_csv(tmp_path / "p.csv", rows, delimiter="\t")
    assert values(read_table(path, COLUMNS)) == [(2, {"name": "张三", "id_no": "1", "address": "幸福路1号,2单元,301"})]


def test_read_table_csv_row_numbers_follow_records(tmp_path):
    """Blank lines count as rows and a quoted line break stays inside one record, as in Excel."""
    path = tmp_path / "p.csv"
    path.write_text('说明\n姓名,身份证号,现住址\n\n张三,1,"幸福路\n1号"\n李四,2,x\n', encoding="utf-8")
    assert values(read_table(path, COLUMNS)) == [
        (4, {"name": "张三", "id_no": "1", "address": "幸福路\n1号"}),
        (5, {"name": "李四", "id_no": "2", "address": "x"}),
    ]


def test_read_table_short_csv_rows_read_as_empty_cells(tmp_path):
    """A record with fewer fields than the header gives None for the missing cells."""
    path = write_csv(tmp_path / "p.csv", [["姓名", "身份证号", "现住址"], ["张三"]])
    assert values(read_table(path, COLUMNS)) == [(2, {"name": "张三", "id_no": None, "address": None})]


@pytest.mark.parametrize("name", ["people.txt", "people.xlsm", "people"])
def test_read_table_rejects_unsupported_types(tmp_path, name):
    """Only .xlsx, .xls and .csv files are accepted, whatever their content."""
    path = tmp_path / name
    path.write_text("姓名,身份证号,手机\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as error:
        read_table(path, COLUMNS)
    assert str(error.value) == f"不支持的文件类型“{name}”：只能导入 .xlsx、.xls 或 .csv 文件"


def test_read_table_missing_file(tmp_path):
    """A path that does not exist is reported as not found."""
    with pytest.raises(ImportFileError) as error:
        read_table(tmp_path / "gone.csv", COLUMNS)
    assert str(error.value) == f"找不到文件“{tmp_path / 'gone.csv'}”"


def test_read_table_rejects_non_zip_xlsx(tmp_path):
    """An .xlsx that is not a workbook at all is reported as damaged."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"this is not a workbook")
    with pytest.raises(ImportFileError) as error:
        read_table(path, COLUMNS)
    assert str(error.value) == "无法读取Excel文件“bad.xlsx”：文件已损坏，或不是 .xlsx 格式"


def test_read_table_rejects_truncated_xlsx(tmp_path):
    """A workbook cut off half-way is reported as damaged."""
    good = write_xlsx(tmp_path / "good.xlsx", [["姓名", "身份证号", "手机"], ["张三", "1", "2"]])
    data = good.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match="无法读取Excel文件“cut.xlsx”"):
        read_table(path, COLUMNS)


def test_read_table_rejects_xlsx_with_broken_sheet(tmp_path):
    """A workbook whose sheet XML is garbage is reported as damaged, not as a crash."""
    good = write_xlsx(tmp_path / "good.xlsx", [["姓名", "身份证号", "手机"], ["张三", "1", "2"]])
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<worksheet><sheetData><row" if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(ImportFileError, match="无法读取Excel文件“broken.xlsx”"):
        read_table(path, COLUMNS)


def test_read_table_empty_csv_has_no_header(tmp_path):
    """An empty file is refused as having no header."""
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match="找不到表头"):
        read_table(path, COLUMNS)


def test_read_table_rejects_undecodable_csv(tmp_path):
    """A CSV in neither UTF-8 nor GB18030 is refused with a hint about the encoding."""
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x81\x30\xff\xff,\xfe\n")
    with pytest.raises(ImportFileError) as error:
        read_table(path, COLUMNS)
    assert str(error.value) == "无法识别CSV文件“junk.csv”的字符编码：请另存为UTF-8或GB18030编码"
