"""`gridcc print …` in-process on SQLite and PostgreSQL: files written, exit codes and one-line
messages, the agreement's layout (written and oral), masked and revealed personal data, audit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.mediation.drafts import PartyDraft
from app.paper.rendering import register_renderer
from db.schema import AuditEntry
from tests.cli_runs import gridcc
from tests.app.mediation.conftest import advance, district, mediation, register  # noqa: F401 - fixtures
from tests.conftest import local
from tests.ui.paper.pdf_tools import add_staff, page_sizes, reported_case, squeezed, text
from ui.paper.engine import write_pdf

NOW = "2025-10-20T10:00+08:00"


@pytest.fixture(autouse=True)
def renderer(qapp, monkeypatch):
    """The Qt renderer, as the launcher registers it; no GRIDCC_* from the shell."""
    register_renderer(write_pdf)
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER"):
        monkeypatch.delenv(name, raising=False)


def run(capsys, database, *argv):
    return gridcc(capsys, "--db", database.url.render_as_string(hide_password=False), "--now", NOW, *argv)


def test_print_case_writes_an_a4_sheet(capsys, database, service, tmp_path):
    case_no = reported_case(service)
    target = tmp_path / "case.pdf"
    code, out, err = run(capsys, database, "print", "case", case_no, "--pdf", target, "--user", "disp1")
    assert (code, err) == (0, "")
    assert out.strip() == f"已写入 {target}（案件 {case_no} 派遣单，共 1 页）"
    assert page_sizes(target) == ["595 x 842"] and case_no in squeezed(text(target))


def test_unknown_case_is_one_line_and_exit_2(capsys, database, tmp_path):
    code, out, err = run(capsys, database, "print", "case", "SJ000", "--pdf", tmp_path / "x.pdf")
    assert code == 2 and out == "" and err.strip() == "错误：找不到案件“SJ000”"
    assert not (tmp_path / "x.pdf").exists()


def test_print_cases_one_sheet_per_case_and_refuses_more_than_the_limit(capsys, database, service, tmp_path):
    """Two dispatched cases: both printed, each from a new page; with --limit 1 nothing is written, exit 1."""
    first, second = reported_case(service), reported_case(service, description="井盖缺失")
    target = tmp_path / "all.pdf"
    code, out, _ = run(capsys, database, "print", "cases", "--status", "dispatched", "--pdf", target)
    assert code == 0 and "2 件案件派遣单，共 2 页" in out
    assert first in squeezed(text(target, page=1)) and second in squeezed(text(target, page=2))
    refused = tmp_path / "refused.pdf"
    code, out, err = run(capsys, database, "print", "cases", "--status", "dispatched", "--limit", "1", "--pdf", refused)
    assert code == 1 and out == "" and not refused.exists()
    assert err.strip() == ("错误：状态为“待签收”的案件有 2 件，超过本次最多打印的 1 件；"
                           "请用 --limit 放宽（最多 200）或先按其他条件筛选")


@pytest.mark.parametrize("limit", ["0", "201", "x"])
def test_print_cases_limit_is_bounded(capsys, database, tmp_path, limit):
    code, _, err = run(capsys, database, "print", "cases", "--status", "dispatched", "--limit", limit,
                       "--pdf", tmp_path / "x.pdf")
    assert code == 2 and "1–200" in err and "Traceback" not in err


def test_print_card_by_the_id_cases_show_gives(capsys, database, service, clock, tmp_path):
    """The card id from `cases show --json` prints its 督办通知单, addressed to the department."""
    case_no = reported_case(service)
    clock.set(local(2025, 9, 30, 14, 50))
    service.sweep()
    _, out, _ = run(capsys, database, "cases", "show", case_no, "--json")
    (card,) = json.loads(out)["cards"]
    target = tmp_path / "card.pdf"
    code, out, _ = run(capsys, database, "print", "card", card["id"], "--pdf", target)
    assert code == 0
    content = squeezed(text(target))
    for expected in ("督办通知单", "黄牌督办", case_no, "区城市管理局：", "签收人（签名）"):
        assert expected in content
    code, _, err = run(capsys, database, "print", "card", "not-a-card", "--pdf", target)
    assert code == 2 and err.strip() == "错误：督办单编号“not-a-card”无效"


@pytest.fixture
def agreed(district, clock):
    """A written agreement between 张三 (phone, ID number) and 李四, reached 2025-10-20 09:00."""
    clock.set(local(2025, 10, 20, 9, 0))
    parties = (PartyDraft(role="申请人", name="张三", sex="男", ethnicity="汉族", age=40, phone="13912345678",
                          id_number="370202198501010017", address="渔港社区1号"),
               PartyDraft(role="被申请人", name="李四", sex="女", age=38))
    number = register(district, parties=parties)
    advance(district, number, "notify", "accept", "session", "agree_written")
    return number


def test_agreement_follows_the_prescribed_layout_with_masked_particulars(capsys, database, agreed, tmp_path):
    target = tmp_path / "agreement.pdf"
    code, out, _ = run(capsys, database, "print", "agreement", agreed, "--pdf", target, "--user", "clerk")
    assert code == 0 and "人民调解协议书" in out
    content = squeezed(text(target))
    for expected in ("人民调解协议书", agreed, "申请人：张三，男，汉族，40岁",
                     "370202********0017", "139****5678", "纠纷主要事实、争议事项", "楼上卫生间漏水，损坏楼下吊顶",
                     "经调解，自愿达成如下协议：", "1.李四修复水管", "2.李四赔偿张三500元", "履行方式、地点、期限",
                     "本协议一式3份", "申请人（签名、盖章或按指印）", "人民调解员（签名）", "记录人（签名）",
                     "人民调解委员会（印）", "2025年10月20日", "司法确认", "青澜区"):
        assert expected in content, expected
    assert "13912345678" not in content


def test_agreement_in_clear_for_a_leader_is_audited(capsys, database, agreed, tmp_path):
    add_staff(database, "leader1", "leader")
    target = tmp_path / "agreement.pdf"
    assert run(capsys, database, "print", "agreement", agreed, "--pdf", target, "--user", "leader1")[0] == 0
    content = squeezed(text(target))
    assert "370202198501010017" in content and "13912345678" in content
    with database.read() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.actor == "leader1")).all()
    assert sorted((e.action, e.entity) for e in entries) == [("print", "dispute"), ("reveal", "dispute")]


def test_oral_agreement_prints_the_register_form(capsys, database, district, clock, tmp_path):
    clock.set(local(2025, 10, 20, 9, 0))
    number = register(district)
    advance(district, number, "notify", "accept", "session", "agree_oral")
    target = tmp_path / "oral.pdf"
    code, out, _ = run(capsys, database, "print", "agreement", number, "--pdf", target)
    assert code == 0 and "口头协议登记表" in out
    content = squeezed(text(target))
    assert "口头协议登记表" in content and "互相道歉" in content and "人民调解协议书" not in content


def test_dispute_without_agreement_is_refused(capsys, database, district, clock, tmp_path):
    clock.set(local(2025, 10, 20, 9, 0))
    number = register(district)
    code, _, err = run(capsys, database, "print", "agreement", number, "--pdf", tmp_path / "x.pdf")
    assert code == 2 and err.strip() == f"错误：纠纷 {number} 尚未达成调解协议，没有协议书可打印"


def test_unwritable_target_is_one_line_and_leaves_nothing(capsys, database, service, tmp_path):
    """A folder given as the file, or a folder that does not exist: exit 2, one line, no file."""
    case_no = reported_case(service)
    code, _, err = run(capsys, database, "print", "case", case_no, "--pdf", tmp_path)
    assert code == 2 and err.strip() == f"错误：“{tmp_path}”是文件夹，不是文件"
    missing = tmp_path / "no" / "x.pdf"
    code, _, err = run(capsys, database, "print", "case", case_no, "--pdf", missing)
    assert code == 2 and err.strip() == f"错误：文件夹不存在：{missing.parent}" and not missing.exists()
