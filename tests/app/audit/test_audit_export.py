"""Exporting the audit log for an inspector: the contents read back, the header, the export audited."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from app.accounts.errors import PermissionDenied
from app.audit.query import AuditFilter
from app.audit.service import AuditService
from app.audit.filters import describe
from app.cases.errors import CaseError
from tests.app.audit.helpers import add_entries, principal


@pytest.fixture
def filled(database):
    add_entries(database, [(m, "zhang" if m % 2 else "li", "reveal" if m % 2 else "login", "person", None,
                            {"changes": {"phone": ["138****8000", None]}} if m == 3 else None) for m in range(6)])
    return database


def test_xlsx_export_holds_the_filter_the_exporter_and_the_rows(filled, tmp_path):
    """The workbook names the filter and who exported it, then the matching rows newest first."""
    audit = AuditService(filled, principal("auditor"))
    flt = AuditFilter(actor="zhang")
    result = audit.export(flt, tmp_path / "log.xlsx", filter_text=describe(flt))
    assert result.rows == 3
    sheet = load_workbook(result.path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "审计日志"
    assert values[1][:2] == ("筛选条件", "操作人：zhang")
    assert values[2][:2] == ("导出人", "auditor（审计员）")
    assert values[3][0] == "导出时间"
    heading = values.index(("时间", "登录名", "工作站", "操作", "对象", "记录", "详情"))
    rows = values[heading + 1:]
    assert [r[1] for r in rows] == ["zhang"] * 3
    assert rows[0][0] > rows[-1][0]
    assert any(r[6] == "电话：138****8000 → （空）" for r in rows)


def test_csv_export_is_utf8_with_bom(filled, tmp_path):
    """The CSV starts with a BOM and reads back in Chinese."""
    result = AuditService(filled, principal("auditor")).export(AuditFilter(), tmp_path / "log.csv")
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0] == ["审计日志"]
    assert lines[1] == ["筛选条件", "全部"]
    heading = lines.index(["时间", "登录名", "工作站", "操作", "对象", "记录", "详情"])
    assert len(lines) - heading - 1 == 6 == result.rows
    assert {line[3] for line in lines[heading + 1:]} == {"登录", "查看完整证件号/电话"}


def test_export_is_audited(filled, tmp_path):
    """The export writes an audit_export entry with the filter and the number of rows."""
    audit = AuditService(filled, principal("auditor"))
    audit.export(AuditFilter(action="login"), tmp_path / "x.csv", filter_text="类型：登录")
    entry = audit.page(AuditFilter(action="audit_export")).rows[0]
    assert entry.actor == "auditor" and entry.workstation == "desk-9"
    assert "类型：登录" in entry.detail and "行数：3" in entry.detail and "x.csv" in entry.detail


def test_export_refused_without_permission_writes_no_file(filled, tmp_path):
    """Without audit.view no file appears."""
    with pytest.raises(PermissionDenied):
        AuditService(filled, principal("nosy", permissions=())).export(AuditFilter(), tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_export_refuses_other_suffixes(filled, tmp_path):
    """Only .xlsx and .csv."""
    with pytest.raises(CaseError, match=r"\.xlsx 或 \.csv"):
        AuditService(filled).export(AuditFilter(), tmp_path / "x.pdf")
