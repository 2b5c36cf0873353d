"""Tests for reading hotline work-order files into validated rows and row-level rejections."""

import csv
from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from app.calendar import parse_time_limit
from app.cases.draft_rules import derive_title
from app.imports.table_reader import ImportFileError
from app.imports.work_orders import (
    RowReject,
    WorkOrderRow,
    parse_urgency,
    read_work_orders,
    rejects_path_for,
    write_rejects_csv,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 10, 1, 9, 0, tzinfo=SHANGHAI)

FIELDS = ("external_no", "source", "category", "title", "description", "address", "lon", "lat",
          "reported_at", "urgency", "time_limit", "reporter", "phone")
CHINESE_HEADER = ["工单编号", "来源", "类别", "标题", "内容", "地址", "经度", "纬度", "上报时间", "紧急程度", "时限",
                  "上报人", "联系电话"]
ENGLISH_HEADER = ["External No", "SOURCE", "Category", "Title", "Description", "Address", "Lon", "Lat",
                  "Reported_At", "urgency", "Time Limit", "Reporter", "Phone"]
SYNONYM_HEADER = ["工单号", "来源渠道", "问题类别", "主题", "诉求内容", "事发地点", "longitude", "latitude", "来电时间",
                  "缓急程度", "办理时限", "来电人", "手机"]
TITLE_ROW = ["12345热线工单导出（2025年9月30日）"]

GOOD_CELLS = [
    ["GD20250930001", "12345热线", "0101", "路灯不亮", "幸福路12号门前路灯连续三晚不亮", "幸福路12号", 120.1856,
     35.9612, datetime(2025, 9, 30, 10, 0), "紧急", "3工作日", "张三", "13800138000"],
    ["GD20250930002", "网格员上报", "暴露垃圾", None, "小区北门垃圾堆放多日无人清理，气味很大，居民反映强烈", None,
     None, None, datetime(2025, 9, 30, 14, 30), None, "4工作时", None, None],
    ["GD20250930003", None, "0203", "占道经营", "夜市摊点占用消防通道", "长江路与井冈山路交叉口", 120.2, 35.95,
     datetime(2025, 9, 30, 21, 5), "特急", "2小时", "李四", "0532-88886666"],
]
GOOD_ROWS = [
    WorkOrderRow(row_number=3, external_no="GD20250930001", source="12345热线", category="0101", title="路灯不亮",
                 description="幸福路12号门前路灯连续三晚不亮", address="幸福路12号", lon=120.1856, lat=35.9612,
                 reported_at=datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI), urgency="紧急", time_limit="3工作日",
                 reporter="张三", phone="13800138000"),
    WorkOrderRow(row_number=4, external_no="GD20250930002", source="网格员上报", category="暴露垃圾",
                 title="小区北门垃圾堆放多日无人清理，气味很大…",
                 description="小区北门垃圾堆放多日无人清理，气味很大，居民反映强烈", address=None, lon=None, lat=None,
                 reported_at=datetime(2025, 9, 30, 14, 30, tzinfo=SHANGHAI), urgency="一般", time_limit="4工作时",
                 reporter=None, phone=None),
    WorkOrderRow(row_number=5, external_no="GD20250930003", source=None, category="0203", title="占道经营",
                 description="夜市摊点占用消防通道", address="长江路与井冈山路交叉口", lon=120.2, lat=35.95,
                 reported_at=datetime(2025, 9, 30, 21, 5, tzinfo=SHANGHAI), urgency="特急", time_limit="2小时",
                 reporter="李四", phone="0532-88886666"),
]
BASE = dict(zip(FIELDS, GOOD_CELLS[0]))


def write_xlsx(path, rows):
    """Write ``rows`` to the first sheet of a new workbook at ``path``."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def as_csv_text(cell):
    """A cell as a person's export would write it: times as "YYYY-MM-DD HH:MM", blanks empty."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    return str(cell)


def write_csv(path, rows, *, encoding="utf-8-sig", delimiter=","):
    """Write ``rows`` as CSV text in ``encoding``."""
    with open(path, "w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows([as_csv_text(cell) for cell in row] for row in rows)
    return path


def one_row_file(tmp_path, **changes):
    """An .xlsx with the Chinese header on row 1 and one data row: the good row with ``changes``."""
    cells = {**BASE, **changes}
    return write_xlsx(tmp_path / "orders.xlsx", [CHINESE_HEADER, [cells[field] for field in FIELDS]])


def test_read_xlsx_with_title_row_and_chinese_header(tmp_path):
    """A clean workbook with a title row gives exactly the expected rows and no rejects."""
    path = write_xlsx(tmp_path / "orders.xlsx", [TITLE_ROW, CHINESE_HEADER, *GOOD_CELLS])
    result = read_work_orders(path, now=NOW)
    assert (result.header_row_number, result.rows, result.rejects) == (2, GOOD_ROWS, [])
    assert result.path == path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-8"])
def test_read_csv_with_english_header(tmp_path, encoding):
    """The same orders as CSV with English headers read identically in UTF-8 (BOM or not) and GB18030."""
    path = write_csv(tmp_path / "orders.csv", [TITLE_ROW, ENGLISH_HEADER, *GOOD_CELLS], encoding=encoding)
    result = read_work_orders(path, now=NOW)
    assert (result.rows, result.rejects) == (GOOD_ROWS, [])


def test_read_tab_separated_csv_with_synonyms(tmp_path):
    """A tab-separated export using synonym column names reads the same orders."""
    path = write_csv(tmp_path / "orders.csv", [TITLE_ROW, SYNONYM_HEADER, *GOOD_CELLS], delimiter="\t")
    result = read_work_orders(path, now=NOW)
    assert (result.rows, result.rejects) == (GOOD_ROWS, [])


def test_read_header_with_full_width_and_spaces_and_extra_columns(tmp_path):
    """Full-width letters, stray spaces, required-marks and unknown columns do not disturb reading."""
    header = ["序号", " 工单 编号* ", "ＣＡＴＥＧＯＲＹ", "内容（必填）", "上报时间", "处理人", "备注"]
    path = write_xlsx(tmp_path / "orders.xlsx", [header, [1, "A1", "0101", "井盖缺失", "2025-09-30 10:00", "王五", "无"]])
    result = read_work_orders(path, now=NOW)
    assert result.rows == [WorkOrderRow(
        row_number=2, external_no="A1", source=None, category="0101", title="井盖缺失", description="井盖缺失",
        address=None, lon=None, lat=None, reported_at=datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI),
        urgency="一般", time_limit=None, reporter=None, phone=None,
    )]


@pytest.mark.parametrize(
    "text",
    ["2025-09-30 10:00", "2025/9/30 10:00", "2025-09-30 10:00:00", "2025-09-30T10:00", "2025年9月30日 10时",
     "2025.9.30 10:00", "45930.4166667"],
)
def test_reported_at_text_formats(tmp_path, text):
    """Every accepted spelling of the report time in a CSV gives 2025-09-30 10:00 Shanghai time."""
    path = write_csv(tmp_path / "orders.csv", [CHINESE_HEADER, [*GOOD_CELLS[0][:8], text, *GOOD_CELLS[0][9:]]])
    result = read_work_orders(path, now=NOW)
    assert [row.reported_at for row in result.rows] == [datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025年9月30日10时30分", datetime(2025, 9, 30, 10, 30)),
        ("2025-09-30", datetime(2025, 9, 30, 0, 0)),
        (45930.4166667, datetime(2025, 9, 30, 10, 0)),
        (45930, datetime(2025, 9, 30, 0, 0)),
        (datetime(2025, 9, 30, 8, 15), datetime(2025, 9, 30, 8, 15)),
    ],
)
def test_reported_at_excel_cells(tmp_path, cell, expected):
    """Excel serial numbers, date cells and text cells in a workbook give the right aware time."""
    result = read_work_orders(one_row_file(tmp_path, reported_at=cell), now=NOW)
    assert [row.reported_at for row in result.rows] == [expected.replace(tzinfo=SHANGHAI)]


def test_reported_at_uses_given_zone(tmp_path):
    """Naive times in the file are read in the zone the caller names."""
    result = read_work_orders(one_row_file(tmp_path), now=NOW, tz=timezone.utc)
    assert result.rows[0].reported_at == datetime(2025, 9, 30, 10, 0, tzinfo=timezone.utc)


def test_reported_at_equal_to_now_is_accepted(tmp_path):
    """A report stamped exactly at ``now`` is not in the future."""
    result = read_work_orders(one_row_file(tmp_path, reported_at=datetime(2025, 10, 1, 9, 0)), now=NOW)
    assert (len(result.rows), result.rejects) == (1, [])


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"description": None}, "内容：必须填写"),
        ({"description": " \u3000 "}, "内容：必须填写"),
        ({"category": None}, "类别：必须填写"),
        ({"reported_at": None}, "上报时间：必须填写"),
        ({"reported_at": "昨天上午"}, "上报时间：不是有效的日期时间：“昨天上午”"),
        ({"reported_at": "2025-02-30 10:00"}, "上报时间：不是有效的日期时间：“2025-02-30 10:00”"),
        ({"reported_at": datetime(2025, 10, 1, 9, 6)}, "上报时间：不能晚于当前时间"),
        ({"reported_at": "2025-10-02"}, "上报时间：不能晚于当前时间"),
        ({"reported_at": "1000-01-01 08:00"}, "上报时间：日期“1000-01-01 08:00”超出范围：应在1900-01-01～2100-12-31之间"),
        ({"reported_at": "0001-01-01T00:00+14:00"},
         "上报时间：日期“0001-01-01T00:00+14:00”超出范围：应在1900-01-01～2100-12-31之间"),
        ({"lat": None}, "纬度：经度和纬度要么都填，要么都不填"),
        ({"lon": None}, "经度：经度和纬度要么都填，要么都不填"),
        ({"lon": "东经120度"}, "经度：不是数字：“东经120度”"),
        ({"lat": "north"}, "纬度：不是数字：“north”"),
        ({"lon": 200}, "经度：200超出范围：应在73～136之间（中国境内）"),
        ({"lon": 72.99}, "经度：72.99超出范围：应在73～136之间（中国境内）"),
        ({"lat": 60.5}, "纬度：60.5超出范围：应在3～54之间（中国境内）"),
        ({"lat": 54.01}, "纬度：54.01超出范围：应在3～54之间（中国境内）"),
        ({"lat": -35.9612}, "纬度：-35.9612超出范围：应在3～54之间（中国境内）"),
        ({"lon": 35.9612, "lat": 120.1856}, "经度：疑似与纬度填反（经度35.9612，纬度120.1856）"),
        ({"urgency": "很急"}, "紧急程度：“很急”无法识别：应为一般、紧急或特急"),
        ({"time_limit": "99999999工作日"}, "时限：“99999999工作日”过长：最多250工作日（约一年）"),
        ({"time_limit": "0工作日"}, "时限：“0工作日”的数值必须大于0，如 3工作日、4工作时、2小时、30天"),
        ({"phone": "88886666"}, "联系电话：固定电话缺少区号，应写成“区号-号码”，如 0532-88886666"),
        ({"phone": "1380013800"}, "联系电话：手机号码应为11位数字，现在是10位"),
        ({"phone": "13800138000/13900139000"}, "联系电话：只能填写数字（可带空格、短横线、括号），“/”不是数字"),
        ({"phone": "12345"}, "联系电话：手机号码应为11位数字，现在是5位"),
        ({"phone": "8613800138000"},
         "联系电话：应为11位手机号码或带区号的固定电话（如 0532-88886666），“8613800138000”都不是"),
        ({"title": "标" * 250}, "标题：最多200个字，现在有250个字"),
        ({"source": "来" * 21}, "来源：最多20个字，现在有21个字"),
        ({"reported_at": 123456}, "上报时间：不是有效的日期时间：“123456”（日期应在1900-01-01～2100-12-31之间）"),
    ],
)
def test_bad_row_is_rejected_with_reason(tmp_path, changes, reason):
    """Each kind of bad cell rejects its row with exactly this reason."""
    result = read_work_orders(one_row_file(tmp_path, **changes), now=NOW)
    assert (result.rows, result.rejects) == ([], [RowReject(row_number=2, external_no="GD20250930001", reason=reason)])


def test_over_long_work_order_number_is_rejected_as_a_row(tmp_path):
    """A 65-character 工单编号 (its column holds 64) rejects its row, naming the limit."""
    result = read_work_orders(one_row_file(tmp_path, external_no="G" * 65), now=NOW)
    assert [(r.row_number, r.reason) for r in result.rejects] == [(2, "工单编号：最多64个字，现在有65个字")]


def test_nul_character_in_csv_is_dropped_by_the_reader(tmp_path):
    """A NUL character in a CSV cell never reaches a row (PostgreSQL cannot store it): the reader drops it."""
    path = write_csv(tmp_path / "orders.csv", [CHINESE_HEADER, [*GOOD_CELLS[0][:4], "垃圾\x00堆放", *GOOD_CELLS[0][5:]],
                                               GOOD_CELLS[1]])
    result = read_work_orders(path, now=NOW)
    assert [(row.row_number, row.description) for row in result.rows][0] == (2, "垃圾堆放")
    assert result.rejects == []


@pytest.mark.parametrize("number", ["ＧＤ２０２５０９３０００１", " GD20250930001\u3000", "\u3000ＧＤ20250930001"])
def test_full_width_and_padded_numbers_are_the_same_order(tmp_path, number):
    """A number typed in full-width characters or with spaces is the same order, and is a duplicate."""
    rows = [CHINESE_HEADER, GOOD_CELLS[0], [number, *GOOD_CELLS[0][1:]]]
    result = read_work_orders(write_xlsx(tmp_path / "orders.xlsx", rows), now=NOW)
    assert [row.external_no for row in result.rows] == ["GD20250930001"]
    assert result.rejects == [RowReject(row_number=3, external_no="GD20250930001", reason="工单编号：与第2行重复")]


def test_overflowing_time_limit_and_date_reject_rows_not_the_file(tmp_path):
    """An absurd 时限 and an overflowing date reject their own rows with their numbers; the rest import."""
    rows = [CHINESE_HEADER, [*GOOD_CELLS[0][:10], "99999999999999999999工作日", *GOOD_CELLS[0][11:]],
            GOOD_CELLS[1], ["GD9", *GOOD_CELLS[2][1:8], "9999-12-31T23:59-14:00", *GOOD_CELLS[2][9:]]]
    result = read_work_orders(write_csv(tmp_path / "orders.csv", rows), now=NOW)
    assert [row.row_number for row in result.rows] == [3]
    assert [(r.row_number, r.reason.split("：")[0]) for r in result.rejects] == [(2, "时限"), (4, "上报时间")]


def test_bad_time_limit_is_rejected_with_calendar_reason(tmp_path):
    """A time limit the calendar cannot parse rejects the row with the calendar's own message."""
    with pytest.raises(ValueError) as expected:
        parse_time_limit("三天半")
    result = read_work_orders(one_row_file(tmp_path, time_limit="三天半"), now=NOW)
    reason = "时限：" + str(expected.value).removeprefix("时限")
    assert result.rejects == [RowReject(row_number=2, external_no="GD20250930001", reason=reason)]


@pytest.mark.parametrize("text", ["3工作日", "4工作时", "2小时", "30天", " 5 工作日 "])
def test_time_limit_keeps_text(tmp_path, text):
    """A valid time limit is kept as the text written, trimmed."""
    result = read_work_orders(one_row_file(tmp_path, time_limit=text), now=NOW)
    assert [row.time_limit for row in result.rows] == [" ".join(text.split())]


def test_missing_external_no_is_rejected_with_empty_number(tmp_path):
    """A row without a work-order number is rejected and reported with an empty number."""
    result = read_work_orders(one_row_file(tmp_path, external_no=None), now=NOW)
    assert result.rejects == [RowReject(row_number=2, external_no="", reason="工单编号：必须填写")]


def test_row_with_several_problems_lists_them_all(tmp_path):
    """All problems of one row are named, in column order, joined by "；"."""
    path = one_row_file(tmp_path, category=" ", description=None, urgency="很急", phone="110")
    result = read_work_orders(path, now=NOW)
    assert result.rejects == [RowReject(
        row_number=2, external_no="GD20250930001",
        reason="类别：必须填写；内容：必须填写；紧急程度：“很急”无法识别：应为一般、紧急或特急；联系电话：手机号码应为11位数字，现在是3位",
    )]


def test_duplicate_numbers_reject_later_rows(tmp_path):
    """The first row with a number is kept; later rows with it are rejected naming the first."""
    second = [*GOOD_CELLS[1][:4], "另一条", *GOOD_CELLS[1][5:]]
    rows = [CHINESE_HEADER, GOOD_CELLS[0], GOOD_CELLS[1], ["GD20250930001", *GOOD_CELLS[2][1:]], second]
    result = read_work_orders(write_xlsx(tmp_path / "orders.xlsx", rows), now=NOW)
    assert [row.row_number for row in result.rows] == [2, 3]
    assert result.rejects == [
        RowReject(row_number=4, external_no="GD20250930001", reason="工单编号：与第2行重复"),
        RowReject(row_number=5, external_no="GD20250930002", reason="工单编号：与第3行重复"),
    ]


def test_duplicate_of_rejected_row_is_still_duplicate(tmp_path):
    """A number repeated after a rejected row is still a duplicate, with both reasons if needed."""
    rows = [CHINESE_HEADER, [*GOOD_CELLS[0][:4], None, *GOOD_CELLS[0][5:]], GOOD_CELLS[0],
            [*GOOD_CELLS[0][:9], "很急", *GOOD_CELLS[0][10:]]]
    result = read_work_orders(write_xlsx(tmp_path / "orders.xlsx", rows), now=NOW)
    assert (result.rows, [(r.row_number, r.reason) for r in result.rejects]) == ([], [
        (2, "内容：必须填写"),
        (3, "工单编号：与第2行重复"),
        (4, "工单编号：与第2行重复；紧急程度：“很急”无法识别：应为一般、紧急或特急"),
    ])


def test_numbers_excel_turned_into_floats(tmp_path):
    """A work-order number, category code and phone stored by Excel as floats read back as digits."""
    path = one_row_file(tmp_path, external_no=2025093000001.0, category=101.0, phone=13800138000.0)
    row = read_work_orders(path, now=NOW).rows[0]
    assert (row.external_no, row.category, row.phone) == ("2025093000001", "101", "13800138000")


def test_duplicate_detection_sees_float_and_text_numbers_alike(tmp_path):
    """"12345" written as text and as a float are the same work-order number."""
    rows = [CHINESE_HEADER, [12345.0, *GOOD_CELLS[0][1:]], ["12345", *GOOD_CELLS[0][1:]]]
    result = read_work_orders(write_xlsx(tmp_path / "orders.xlsx", rows), now=NOW)
    assert result.rejects == [RowReject(row_number=3, external_no="12345", reason="工单编号：与第2行重复")]


def test_zero_coordinates_mean_no_location(tmp_path):
    """A 0/0 pair, the usual export placeholder, reads as no location rather than a rejection."""
    row = read_work_orders(one_row_file(tmp_path, lon=0, lat="0"), now=NOW).rows[0]
    assert (row.lon, row.lat) == (None, None)


def test_coordinates_as_text_and_boundaries(tmp_path):
    """Coordinates typed as text, including full-width digits and range edges, are accepted."""
    row = read_work_orders(one_row_file(tmp_path, lon="１３６", lat="3"), now=NOW).rows[0]
    assert (row.lon, row.lat) == (136.0, 3.0)


def test_blank_rows_are_skipped_and_not_counted(tmp_path):
    """Blank rows between and after orders are neither rows nor rejects; numbers stay Excel's."""
    rows = [TITLE_ROW, [], CHINESE_HEADER, [None] * 13, GOOD_CELLS[0], ["", " ", None], GOOD_CELLS[1], [], [None]]
    result = read_work_orders(write_xlsx(tmp_path / "orders.xlsx", rows), now=NOW)
    assert ([row.row_number for row in result.rows], result.rejects) == ([5, 7], [])


def test_counts_of_mixed_file(tmp_path):
    """A file of good, bad, duplicate and blank rows splits into exact counts."""
    rows = [TITLE_ROW, CHINESE_HEADER, *GOOD_CELLS, [], ["GD20250930004", *GOOD_CELLS[0][1:4], None,
            *GOOD_CELLS[0][5:]], GOOD_CELLS[2], ["GD20250930005", *GOOD_CELLS[0][1:]]]
    result = read_work_orders(write_xlsx(tmp_path / "orders.xlsx", rows), now=NOW)
    assert [row.row_number for row in result.rows] == [3, 4, 5, 9]
    assert [(r.row_number, r.reason) for r in result.rejects] == [(7, "内容：必须填写"), (8, "工单编号：与第5行重复")]


def test_missing_required_column_raises(tmp_path):
    """A file without the 上报时间 and 内容 columns is refused, naming both."""
    header = ["工单编号", "类别", "标题", "地址"]
    path = write_xlsx(tmp_path / "orders.xlsx", [TITLE_ROW, header, ["A1", "0101", "路灯", "幸福路"]])
    with pytest.raises(ImportFileError) as error:
        read_work_orders(path, now=NOW)
    assert str(error.value) == "文件“orders.xlsx”缺少必需的列：内容、上报时间（表头在第2行）"


def test_file_without_header_raises(tmp_path):
    """A file whose top rows name no known columns is refused."""
    path = write_csv(tmp_path / "orders.csv", [["a", "b", "c"], ["1", "2", "3"]])
    with pytest.raises(ImportFileError) as error:
        read_work_orders(path, now=NOW)
    assert str(error.value) == ("文件“orders.csv”的前20行中找不到表头：表头行至少要有3个可识别的列名，"
                                "如工单编号、类别、内容、上报时间")


def test_txt_file_raises(tmp_path):
    """A .txt file is refused even when it holds CSV text."""
    path = tmp_path / "orders.txt"
    path.write_text(",".join(CHINESE_HEADER), encoding="utf-8")
    with pytest.raises(ImportFileError) as error:
        read_work_orders(path, now=NOW)
    assert str(error.value) == "不支持的文件类型“orders.txt”：只能导入 .xlsx、.xlsm、.xlsb、.xls、.ods、.csv 文件"


def test_corrupt_xlsx_raises(tmp_path):
    """A damaged workbook is refused with a message naming the file."""
    good = write_xlsx(tmp_path / "good.xlsx", [CHINESE_HEADER, *GOOD_CELLS])
    path = tmp_path / "orders.xlsx"
    path.write_bytes(good.read_bytes()[:300])
    with pytest.raises(ImportFileError) as error:
        read_work_orders(path, now=NOW)
    assert str(error.value) == "无法读取文件“orders.xlsx”：文件已损坏，或不是 .xlsx 格式"


def test_naive_now_is_refused(tmp_path):
    """Calling with a naive ``now`` is a programming error."""
    with pytest.raises(ValueError):
        read_work_orders(one_row_file(tmp_path), now=datetime(2025, 10, 1, 9, 0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "一般"), ("", "一般"), ("一般", "一般"), ("普通", "一般"), ("Normal", "一般"), ("紧急", "紧急"),
     ("急", "紧急"), ("加急", "紧急"), ("URGENT", "紧急"), (" 特急 ", "特急"), ("非常紧急", "特急"),
     ("critical", "特急")],
)
def test_parse_urgency_maps_synonyms(value, expected):
    """Urgency words in Chinese and English map to the three levels; blank is 一般."""
    assert parse_urgency(value) == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("井盖缺失", "井盖缺失"),
        ("一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十"),
        ("一二三四五六七八九十一二三四五六七八九十一", "一二三四五六七八九十一二三四五六七八九十…"),
        ("第一行\n第二行很长很长", "第一行"),
    ],
)
def test_derive_title_from_description(description, expected):
    """A missing title is the description's first line, cut at twenty characters with "…"."""
    assert derive_title(description) == expected


def test_write_rejects_csv_opens_in_excel(tmp_path):
    """The rejects file is UTF-8 with BOM and has the columns 行号, 工单编号, 原因."""
    rejects = [RowReject(row_number=4, external_no="GD1", reason="缺少内容"),
               RowReject(row_number=9, external_no="", reason="缺少工单编号；上报时间晚于当前时间")]
    path = write_rejects_csv(rejects, tmp_path / "orders.rejects.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == [["行号", "工单编号", "原因"], ["4", "GD1", "缺少内容"],
                                          ["9", "", "缺少工单编号；上报时间晚于当前时间"]]


def test_rejects_round_trip_from_import(tmp_path):
    """Rejects of a real import written next to the input list the bad rows in order."""
    path = write_xlsx(tmp_path / "orders.xlsx", [CHINESE_HEADER, GOOD_CELLS[0], GOOD_CELLS[0]])
    written = write_rejects_csv(read_work_orders(path, now=NOW).rejects, rejects_path_for(path))
    assert written.read_text(encoding="utf-8-sig").splitlines() == ["行号,工单编号,原因",
                                                                    "3,GD20250930001,工单编号：与第2行重复"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("orders.xlsx", "orders.rejects.csv"), ("9月工单.csv", "9月工单.rejects.csv"), ("a.b.xlsx", "a.b.rejects.csv")],
)
def test_rejects_path_for_sits_next_to_input(tmp_path, name, expected):
    """The rejects file is NAME.rejects.csv in the input's folder."""
    assert rejects_path_for(tmp_path / name) == tmp_path / expected
    assert rejects_path_for(str(tmp_path / name)) == tmp_path / expected


def test_good_rows_match_in_csv_without_title_row(tmp_path):
    """Without a title row the header is row 1 and every data row moves up by one."""
    path = write_csv(tmp_path / "orders.csv", [ENGLISH_HEADER, *GOOD_CELLS])
    result = read_work_orders(path, now=NOW)
    assert result.rows == [replace(row, row_number=row.row_number - 1) for row in GOOD_ROWS]
