"""`gridcc disputes …` and `gridcc screening …` in-process: the JSON fields the issue names, the
actions with their options, the monthly table, screening reports and exit codes."""

import openpyxl
import pytest

from app.mediation.service import MediationService
from tests.app.cli.test_cli import gridcc
from tests.app.mediation.conftest import register

NOW = "2025-10-20T10:00+08:00"
LIST_KEYS = ["dispute_no", "status", "type", "level", "committee", "community", "source", "accepted_at", "due_at",
             "light", "result", "confirmation_due_on"]
SHOW_KEYS = ["parties", "sessions", "agreement", "obligations", "visits", "transfers", "events"]


@pytest.fixture(autouse=True)
def no_gridcc_environment(monkeypatch):
    """No GRIDCC_DB / GRIDCC_NOW / GRIDCC_USER from the shell."""
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def docket(database, clock):
    """One registered dispute at NOW; returns the --db text and its number."""
    from tests.conftest import local

    clock.set(local(2025, 10, 20, 9, 0))
    number = register(MediationService(database, now=clock))
    return database.url.render_as_string(hide_password=False), number


def run(capsys, url, *argv):
    return gridcc(capsys, "--db", url, "--now", NOW, *argv)


def test_list_and_show_json_fields(capsys, docket):
    """list --json gives the issue's keys; show --json adds parties, sessions, agreement and the rest."""
    url, number = docket
    listed = run(capsys, url, "disputes", "list", "--json").json()
    assert [list(item)[:len(LIST_KEYS)] for item in listed] == [LIST_KEYS]
    shown = run(capsys, url, "disputes", "show", "2025-1", "--json").json()
    assert shown["dispute_no"] == number and all(key in shown for key in SHOW_KEYS)


def test_act_through_agreement_with_duties(capsys, docket):
    """The workflow from the command line: notice, acceptance, a session, a written agreement with a duty."""
    url, number = docket
    assert run(capsys, url, "disputes", "act", number, "accept").code == 2
    for argv in (["notify"], ["accept"], ["session", "--note", "第一次调解", "--place", "调解室"],
                 ["agree_written", "--term", "赔偿500元", "--duty", "赔偿;500;2025-10-31;李四"]):
        result = run(capsys, url, "disputes", "act", number, *argv)
        assert result.code == 0, result.err
    shown = run(capsys, url, "disputes", "show", number, "--json").json()
    assert (shown["status"], shown["result"], shown["confirmation_due_on"]) == ("agreed", "书面协议", "2025-11-19")
    assert shown["obligations"][0]["due_on"] == "2025-10-31" and shown["agreement"]["terms"] == ["1. 赔偿500元"]


def test_refused_action_is_one_line_naming_the_state(capsys, docket):
    """Accepting before the notice: exit 2, one Chinese line naming the state."""
    url, number = docket
    result = run(capsys, url, "disputes", "act", number, "accept")
    assert result.code == 2
    assert result.err.strip() == "错误：纠纷当前状态为“待告知”，不能执行“受理”：受理前须先送达权利义务告知书"


def test_bad_duty_is_refused(capsys, docket):
    """A duty without a date is refused naming the option."""
    url, number = docket
    result = run(capsys, url, "disputes", "act", number, "agree_written", "--term", "x", "--duty", "赔偿;500")
    assert result.code == 2 and "--duty" in result.err


def test_stats_json_and_workbook(capsys, docket, tmp_path):
    """stats --month gives the table as JSON and writes a workbook with --xlsx."""
    url, number = docket
    for action in ("notify", "accept"):
        run(capsys, url, "disputes", "act", number, action)
    table = run(capsys, url, "disputes", "stats", "--month", "2025-10", "--json").json()
    total = next(r for r in table["by_type"] if r["label"] == "小计")
    assert total["accepted"] == 1 and table["columns"][0] == {"key": "accepted", "label": "受理数"}
    path = tmp_path / "table.xlsx"
    assert run(capsys, url, "disputes", "stats", "--month", "2025-10", "--xlsx", path).code == 0
    assert openpyxl.load_workbook(path)["按纠纷类型"]["A1"].value == "矛盾纠纷排查调处情况表（2025年10月）"
    assert run(capsys, url, "disputes", "stats", "--month", "2025-13").code == 2


def test_screening_report_and_missing(capsys, docket, database):
    """A zero report is filed; `missing` exits 1 listing who has not reported, an unknown community exits 2."""
    from db.schema import Region

    url, _number = docket
    with database.write() as session:
        session.add_all([Region(code="C1", name="渔港社区", level="community"),
                         Region(code="C2", name="山前社区", level="community")])
    assert "零报告" in run(capsys, url, "screening", "report", "渔港社区", "--month", "2025-10").out
    missing = run(capsys, url, "screening", "missing", "--month", "2025-10")
    assert missing.code == 1 and "山前社区" in missing.out and "渔港社区" not in missing.out
    assert run(capsys, url, "screening", "report", "火星", "--month", "2025-10").code == 2
