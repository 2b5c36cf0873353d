"""Importing community docket sheets: header under title rows, synonyms, good / unchanged /
rejected rows with exact counts and reasons, one transaction, .xlsx, .xls and .csv alike."""

import csv

import openpyxl
import pytest
import xlwt

from app.imports.table_reader import ImportFileError
from app.mediation.importer import import_docket

HEADER = ["纠纷编号", "受理日期", "纠纷类别", "纠纷来源", "当事人（申请人）", "对方当事人", "村（社区）", "纠纷简要情况",
          "涉及金额", "风险"]
ROWS = [
    ["T001", "2025-09-02", "邻里纠纷", "排查发现", "张三", "李四", "渔港社区", "漏水", "300", ""],
    ["T002", "2025/9/3", "劳资纠纷", "申请", "王五、赵六", "某公司", "", "欠薪", "120000", "群体性上访"],
    ["T002", "2025-09-03", "劳资纠纷", "申请", "王五", "某公司", "", "欠薪", "", ""],
    ["T003", "2025-09-04", "外星纠纷", "申请", "甲", "乙", "", "不明", "", ""],
    ["T004", "2025-09-05", "邻里", "申请", "", "乙", "", "缺申请人", "", ""],
    ["T005", "2025-09-05", "邻里", "申请", "丙", "丁", "火星社区", "吵架", "", ""],
    ["T006", "下周", "邻里", "申请", "丙", "丁", "", "吵架", "很多", ""],
]


def _write(path, rows):
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerows([["渔港社区矛盾纠纷排查调处台账"], []] + rows)
    elif path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in [["渔港社区矛盾纠纷排查调处台账"], []] + rows:
            book.active.append(row)
        book.save(path)
    else:
        book = xlwt.Workbook()
        sheet = book.add_sheet("台账")
        for r, row in enumerate([["渔港社区矛盾纠纷排查调处台账"], []] + rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(path))
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls"])
def test_good_duplicate_and_bad_rows_counted_exactly(district, tmp_path, suffix):
    """Two rows imported, one duplicate and four bad rows rejected with their row numbers; a rerun is unchanged."""
    path = _write(tmp_path / f"台账{suffix}", [HEADER] + ROWS)
    result = import_docket(district, path, actor="clerk")
    assert (result.imported, result.unchanged) == (2, 0)
    assert [(r.row_number, r.external_no) for r in result.rejects] == [
        (6, "T002"), (7, "T003"), (8, "T004"), (9, "T005"), (10, "T006")]
    reasons = [r.reason for r in result.rejects]
    assert reasons[0] == "编号与第5行重复"
    assert reasons[1] == "未知的纠纷类型“外星纠纷”"
    assert reasons[2] == "缺少申请人"
    assert reasons[3] == "找不到社区/村“火星社区”"
    assert "涉及金额“很多”不是数字" in reasons[4]
    with result.report_file.open(encoding="utf-8-sig") as file:
        assert list(csv.reader(file))[0] == ["行号", "编号", "原因"]
    again = import_docket(district, path, actor="clerk")
    assert (again.imported, again.unchanged, len(again.rejects)) == (0, 2, 5)
    assert district.count() == 2


def test_imported_rows_carry_their_fields(district, tmp_path):
    """An imported row is a registered dispute with its parties, community, source, flags and external number."""
    import_docket(district, _write(tmp_path / "t.csv", [HEADER] + ROWS[:2]), actor="clerk")
    views = {v.dispute_no: v for v in district.list()}
    detail = district.get("T002")
    assert len(views) == 2 and detail.dispute.status == "registered"
    assert [(p.role, p.name) for p in detail.parties] == [("申请人", "王五"), ("申请人", "赵六"), ("被申请人", "某公司")]
    assert detail.dispute.risk_flags == ("群体性上访", "重大疑难") and detail.dispute.alert
    first = district.get("T001")
    assert (first.dispute.community, first.dispute.source, first.dispute.committee) == (
        "渔港社区", "主动调解", "渔港社区人民调解委员会")


def test_a_file_without_the_required_columns_changes_nothing(district, tmp_path):
    """A sheet lacking 简要案情 is refused as a whole, naming the column."""
    header = [h for h in HEADER if h != "纠纷简要情况"]
    rows = [[c for i, c in enumerate(r) if HEADER[i] != "纠纷简要情况"] for r in ROWS[:1]]
    with pytest.raises(ImportFileError, match="缺少必需的列：简要案情"):
        import_docket(district, _write(tmp_path / "t.csv", [header] + rows), actor="clerk")
    assert district.count() == 0


def test_report_that_cannot_be_written_leaves_the_import_done_with_a_warning(district, tmp_path):
    """A folder where NAME.rejects.csv should go: the disputes are saved and a warning says where the
    report could not go (before: an error after the commit, exit 2)."""
    path = _write(tmp_path / "t.csv", [HEADER] + ROWS)
    (tmp_path / "t.rejects.csv").mkdir()
    result = import_docket(district, path, actor="clerk")
    assert (result.imported, len(result.rejects), result.report_file) == (2, 5, None)
    assert result.report_warning == f"导入已完成，但无法写入报告“{tmp_path / 't.rejects.csv'}”：同名的文件夹已存在"
    assert district.count() == 2


def test_report_is_written_before_the_commit(district, tmp_path, monkeypatch):
    """While the report is written the disputes are not yet visible to another connection."""
    from app.mediation import importer

    seen = []

    def spy(path, lines, **kwargs):
        seen.append(district.count())
        return None, None

    monkeypatch.setattr(importer, "put_rejects_report", spy)
    import_docket(district, _write(tmp_path / "t.csv", [HEADER] + ROWS[:2]), actor="clerk")
    assert seen == [0] and district.count() == 2


def test_over_long_texts_and_absurd_counts_reject_their_rows_on_both_backends(district, tmp_path):
    """A 100-character 编号 or party name, an overflowing 涉及人数 or 涉及金额 reject their rows with the limit
    (a database error for the whole file on PostgreSQL, an internal error on SQLite before); the rest import."""
    rows = [["X" * 65] + ROWS[0][1:], ["T101"] + ROWS[0][1:4] + ["张" * 101] + ROWS[0][5:],
            ["T102"] + ROWS[0][1:8] + ["1e300"] + ROWS[0][9:], ["T103"] + ROWS[0][1:]]
    header = HEADER + ["涉及人数"]
    rows = [r + [""] for r in rows] + [["T104"] + ROWS[0][1:] + ["99999999999999999999"]]
    result = import_docket(district, _write(tmp_path / "t.csv", [header] + rows), actor="clerk")
    assert result.imported == 1
    assert [(r.row_number, r.reason) for r in result.rejects] == [
        (4, "编号：最多64个字，现在有65个字"), (5, "申请人姓名：最多100个字，现在有101个字"),
        (6, "涉及金额 1e+300 超出范围：最多 1e+12 元"), (8, "涉及人数 1e+20 超出范围：应在 0～100000 之间")]


def test_a_full_width_number_is_the_same_dispute(district, tmp_path):
    """ＴＯＯ１ typed by a Chinese input method finds the dispute T001 imported before: unchanged, not a second one."""
    import_docket(district, _write(tmp_path / "t.csv", [HEADER] + ROWS[:1]), actor="clerk")
    again = import_docket(district, _write(tmp_path / "u.csv", [HEADER, ["Ｔ００１ "] + ROWS[0][1:]]), actor="clerk")
    assert (again.imported, again.unchanged, district.count()) == (0, 1, 1)
