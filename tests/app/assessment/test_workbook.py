"""The assessment workbook read back with openpyxl, and `gridcc report assess` on the command line."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import make_url

from app.assessment.figures import JSON_FIELDS
from app.assessment.table import assess
from app.assessment.workbook import COLUMNS, HEADER_ROW, write_workbook
from app.cli.main import main
from tests.cli_runs import without_account_warning
from tests.app.assessment.conftest import NOW
from tests.app.assessment.test_table import OCTOBER

_RATE_FIELDS = {name for name, _h, kind in COLUMNS if kind == "rate"}


def test_workbook_numbers_equal_the_figures(service, month, tmp_path):
    """Every cell of every unit row equals the assessment function's figure; rates are stored as
    fractions in percentage format; the header is frozen and printed on every A4 landscape page."""
    rows = assess(service.database, level="department", now=NOW, **OCTOBER)
    path = write_workbook(rows, tmp_path / "assess.xlsx", level="department", **OCTOBER)
    sheet = load_workbook(path).active
    assert sheet.cell(row=1, column=1).value == "部门考核表（2025-10-01 至 2025-10-31）"
    assert [sheet.cell(row=HEADER_ROW, column=c).value for c in range(1, len(COLUMNS) + 1)][:3] == [
        "单位", "编码", "立案数"]
    for offset, row in enumerate(rows, start=HEADER_ROW + 1):
        for column, (name, _heading, _kind) in enumerate(COLUMNS, start=1):
            expected = getattr(row, name)
            value = sheet.cell(row=offset, column=column).value
            assert value == (pytest.approx(expected) if isinstance(expected, float) else expected), name
    cgj = HEADER_ROW + 1 + [row.unit_code for row in rows].index("CGJ")
    close_rate = [name for name, _h, _k in COLUMNS].index("close_rate") + 1
    assert sheet.cell(row=cgj, column=close_rate).value == 0.75
    assert sheet.cell(row=cgj, column=close_rate).number_format == "0.0%"
    assert sheet.freeze_panes == "C3"
    assert sheet.print_title_rows == "$1:$2"
    assert (sheet.page_setup.orientation, str(sheet.page_setup.paperSize)) == ("landscape", "9")


def test_workbook_totals_row(service, month, tmp_path):
    """The 合计 row adds the counts up and divides the sums: 7 closed of 9 due in October."""
    rows = assess(service.database, level="department", now=NOW, **OCTOBER)
    sheet = load_workbook(write_workbook(rows, tmp_path / "a.xlsx", level="department", **OCTOBER)).active
    total = {name: sheet.cell(row=HEADER_ROW + 1 + len(rows), column=c).value
             for c, (name, _h, _k) in enumerate(COLUMNS, start=1)}
    assert (total["unit"], total["registered"], total["due_to_close"], total["closed"]) == ("合计", 10, 9, 7)
    assert total["close_rate"] == 7 / 9


def test_cli_json_lists_every_unit_with_exactly_the_fields(service, month, capsys):
    """`report assess --json` prints one row per department with exactly the documented fields."""
    url = make_url(service.database.url).render_as_string(hide_password=False)
    code = main(["--db", url, "--now", NOW.isoformat(), "report", "assess", "--from", "2025-10-01",
                 "--to", "2025-11-01", "--by", "department", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert all(list(row) == list(JSON_FIELDS) for row in data)
    cgj = next(row for row in data if row["unit_code"] == "CGJ")
    assert (cgj["due_to_close"], cgj["score"], cgj["grade"]) == (8, 73.2, "C")


def test_cli_refuses_bad_dates(service, capsys):
    """A malformed date, or --to not after --from, is one Chinese line and exit code 2."""
    url = make_url(service.database.url).render_as_string(hide_password=False)
    for start, end, text in (("2025-13-01", "2025-11-01", "--from 的值“2025-13-01”不是日期"),
                             ("2025-11-01", "2025-11-01", "--to（2025-11-01）应晚于 --from（2025-11-01）")):
        code = main(["--db", url, "report", "assess", "--from", start, "--to", end, "--by", "grid"])
        err = without_account_warning(capsys.readouterr().err)
        assert code == 2
        assert text in err and len(err.strip().splitlines()) == 1
