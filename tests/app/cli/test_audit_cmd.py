"""`gridcc audit list / export`: filters, JSON, the export file, and one line for every bad input."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.audit.query import AuditFilter
from app.audit.service import AuditService
from db.schema import AuditEntry
from tests.app.audit.helpers import add_entries
from tests.cli_runs import gridcc


@pytest.fixture
def url(database):
    """The test database's address, with eight entries by two people in it."""
    add_entries(database, [(m, "zhang" if m % 2 else "li", "login" if m < 4 else "reveal", "person", None, None)
                           for m in range(8)])
    return database.engine.url.render_as_string(hide_password=False)


def test_list_filters_by_user_and_kind(capsys, url):
    """--user and --kind narrow the list; the table names the act in Chinese."""
    code, out, err = gridcc(capsys, "--db", url, "audit", "list", "--user", "zhang", "--kind", "reveal")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "登录名" in lines[0]
    assert sum("查看完整证件号/电话" in line for line in lines) == 2
    assert lines[-1].startswith("共 2 条")
    assert gridcc(capsys, "--db", url, "audit", "list", "--actor", "zhang", "--kind", "reveal")[1] == out


def test_list_json_and_limit(capsys, url):
    """--json gives entries newest first; --limit caps them."""
    code, out, _ = gridcc(capsys, "--db", url, "audit", "list", "--json", "--limit", "3", "--since", "2025-09-01",
                          "--until", "2025-09-01")
    assert code == 0
    entries = json.loads(out)
    assert len(entries) == 3
    assert entries[0]["at"] > entries[1]["at"] > entries[2]["at"]
    assert {"actor", "workstation", "action", "action_label", "entity", "record", "detail"} <= set(entries[0])


def test_dates_outside_the_span_give_nothing(capsys, url):
    """A span before the entries lists none."""
    code, out, _ = gridcc(capsys, "--db", url, "audit", "list", "--json", "--until", "2025-08-31")
    assert (code, json.loads(out)) == (0, [])


def test_export_writes_the_file_and_is_audited(capsys, url, database, tmp_path):
    """export writes the workbook with the filter in its header, and the export is in the log."""
    target = tmp_path / "审计.xlsx"
    code, out, err = gridcc(capsys, "--db", url, "audit", "export", target, "--kind", "login")
    assert (code, err) == (0, "")
    assert "已导出 4 条" in out
    sheet = load_workbook(target).active
    assert sheet.cell(row=2, column=2).value == "类型：登录"
    assert AuditService(database).page(AuditFilter(action="audit_export")).rows[0].detail.count("行数：4") == 1


@pytest.mark.parametrize("argv, words", [
    (["list", "--since", "2025-13-01"], "不是日期"),
    (["list", "--since", "yesterday"], "不是日期"),
    (["list", "--until", "0001-01-01"], "超出范围"),
    (["list", "--limit", "0"], "超出范围"),
    (["list", "--limit", "99999999999"], "超出范围"),
    (["list", "--limit", "lots"], "不是整数"),
    (["list", "--since", "2025-09-10", "--until", "2025-09-01"], "早于"),
    (["list", "--record", "no-such-case"], "没有编号为"),
    (["export", "x.pdf"], ".xlsx 或 .csv"),
])
def test_bad_input_is_one_line_exit_2(capsys, url, argv, words, tmp_path, monkeypatch):
    """Every bad filter is refused with one line and exit code 2."""
    monkeypatch.chdir(tmp_path)
    code, out, err = gridcc(capsys, "--db", url, "audit", *argv)
    assert code == 2
    last = err.strip().splitlines()[-1]
    assert words in last and "Traceback" not in err


def test_refused_without_audit_view(capsys, url, database, monkeypatch):
    """An account without audit.view (a read-only viewer) is refused in one line naming the
    permission, and the refusal is itself audited."""
    accounts = AccountService(database)
    accounts.create_first_admin("chief", "主任", "Chief2026pw")
    accounts.create(NewAccount(login="nosy", name="好奇", role="viewer"), "First2026pw",
                    accounts.authenticate("chief", "Chief2026pw"))
    accounts.change_password("nosy", "First2026pw", "Nosy2026pw")
    monkeypatch.setenv("GRIDCC_PASSWORD", "Nosy2026pw")
    code, out, err = gridcc(capsys, "--db", url, "--user", "nosy", "audit", "list")
    assert code == 2 and "audit.view" in err and out == ""
    with database.read() as session:
        assert session.scalar(select(AuditEntry.detail).where(AuditEntry.actor == "nosy",
                                                              AuditEntry.action == "denied")) == {"permission": "audit.view"}
