"""The `gridcc` command line run in-process: db upgrade, demo, cases list/show/act/sweep/import."""

import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.cases.lights import Light
from app.cases.states import CaseStatus
from app.cli.main import main
from db.engine import Database
from db.migrate import head_revision
from db.schema import Case, Person, Region, Staff
from tests.cli_runs import DEMO_ADMIN_ENV, without_account_warning

LIST_KEYS = ["case_no", "external_no", "status", "category", "category_code", "urgency", "grid", "grid_code",
             "department", "reported_at", "due_at", "light", "overdue", "source", "title"]
DEMO_NOW = "2026-11-23T15:00+08:00"
DAY_AFTER_DEMO = "2026-11-24T15:00+08:00"
IMPORT_NOW = "2025-09-29T09:30+08:00"
ORDERS_CSV = (
    "工单编号,类别,标题,内容,上报时间\n"
    "RX001,0101,垃圾一,幸福路垃圾,2025-09-29 09:00\n"
    "RX002,0101,垃圾二,长江路垃圾,2025-09-29 09:10\n"
)
MIXED_CSV = (
    "工单编号,类别,标题,内容,上报时间\n"
    "RX101,0101,垃圾,幸福路垃圾,2025-09-29 09:00\n"
    "RX102,9999,未知,类别不存在,2025-09-29 09:00\n"
)
CASE_ONE = {
    "case_no": "SJ202509290001", "external_no": "RX001", "status": "registered", "category": "暴露垃圾",
    "category_code": "0101", "urgency": "一般", "grid": None, "grid_code": None, "department": None,
    "reported_at": "2025-09-29T09:00:00+08:00", "due_at": "2025-09-29T14:30:00+08:00", "light": "green",
    "overdue": False, "source": "12345热线", "title": "垃圾一",
}
CASE_TWO = dict(CASE_ONE, case_no="SJ202509290002", external_no="RX002", title="垃圾二",
                reported_at="2025-09-29T09:10:00+08:00", due_at="2025-09-29T14:40:00+08:00")


@dataclass(frozen=True)
class Run:
    """What one command-line run gave: exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def json(self):
        """Stdout read as JSON."""
        return json.loads(self.out)


def gridcc(capsys, *argv) -> Run:
    """Run the command line in-process and capture its exit code, stdout and stderr."""
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return Run(code, out, without_account_warning(err))


def sqlite_url(path) -> str:
    """The --db text of a SQLite file."""
    return f"sqlite:///{path}"


def ready_url(template, path) -> str:
    """The --db text of a migrated, seeded SQLite file at `path` (ordinary commands never create one)."""
    shutil.copy(template, path)
    return sqlite_url(path)


def server_text(url_text: str) -> str:
    """How messages name a PostgreSQL database: 服务器 host:port/name."""
    url = make_url(url_text)
    return f"服务器 {url.host}:{url.port or 5432}/{url.database}"


def count_rows(url: str, model, *where) -> int:
    """How many rows of ``model`` the database at ``url`` holds."""
    database = Database(url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).select_from(model).where(*where))
    finally:
        database.dispose()


def copy_database(source, target):
    """Copy a closed SQLite database file (and its WAL, if one was left) to ``target``."""
    shutil.copy(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + "-wal"))
    return target


@pytest.fixture(autouse=True)
def no_gridcc_environment(monkeypatch):
    """Tests start without GRIDCC_DB and GRIDCC_NOW, whatever the shell has set, logged in as the
    demo's administrator (the demo databases have accounts; the others record it as the actor)."""
    for name in ("GRIDCC_DB", "GRIDCC_NOW"):
        monkeypatch.delenv(name, raising=False)
    for name, value in DEMO_ADMIN_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def demo_3000(tmp_path_factory):
    """A SQLite database holding the seed-1 demo of 3000 cases at DEMO_NOW (built once: ~10 s)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", sqlite_url(path), "--now", DEMO_NOW, "demo", "--seed", "1", "--cases", "3000",
                 "--persons", "0"]) == 0
    return path


@pytest.fixture
def demo_db(demo_3000, tmp_path):
    """A private copy of the 3000-case demo database for tests that change it."""
    return sqlite_url(copy_database(demo_3000, tmp_path / "demo.db"))


@pytest.fixture
def orders_file(tmp_path):
    """A CSV with two valid 暴露垃圾 work orders reported Monday 2025-09-29 at 09:00 and 09:10."""
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS_CSV, encoding="utf-8")
    return path


@pytest.fixture
def imported_db(tmp_path, orders_file, capsys, monkeypatch, sqlite_template):
    """A SQLite database with the two orders imported at IMPORT_NOW by user 'importer'."""
    monkeypatch.setenv("GRIDCC_USER", "importer")
    url = ready_url(sqlite_template, tmp_path / "cases.db")
    assert gridcc(capsys, "--db", url, "--now", IMPORT_NOW, "cases", "import", orders_file).code == 0
    return url


@pytest.fixture
def fresh_pg_url(empty_pg_url):
    """The --db text of a new, empty PostgreSQL database on the test server, dropped afterwards."""
    return empty_pg_url.render_as_string(hide_password=False)


# db upgrade ------------------------------------------------------------------------------------

def test_db_upgrade_twice_second_is_already_current(tmp_path, capsys):
    """The first upgrade of a new file applies the schema; the second says it is already current."""
    path = tmp_path / "x.db"
    first = gridcc(capsys, "--db", sqlite_url(path), "db", "upgrade")
    second = gridcc(capsys, "--db", sqlite_url(path), "db", "upgrade")
    assert first == Run(0, f"数据库（本地文件 {path}）已升级到最新结构版本 {head_revision()}\n", "")
    assert second == Run(0, f"数据库（本地文件 {path}）已是最新结构版本 {head_revision()}\n", "")


@pytest.mark.pg
def test_db_upgrade_on_postgresql_twice(fresh_pg_url, capsys):
    """`db upgrade` brings an empty PostgreSQL database to the head, then reports it current."""
    first = gridcc(capsys, "--db", fresh_pg_url, "db", "upgrade")
    second = gridcc(capsys, "--db", fresh_pg_url, "db", "upgrade")
    server = server_text(fresh_pg_url)
    assert first == Run(0, f"数据库（{server}）已升级到最新结构版本 {head_revision()}\n", "")
    assert second == Run(0, f"数据库（{server}）已是最新结构版本 {head_revision()}\n", "")


# demo ------------------------------------------------------------------------------------------

def test_demo_fills_empty_database_and_prints_counts(tmp_path, capsys):
    """`demo` on an empty database prints the grid, staff and case counts it stored."""
    path = tmp_path / "x.db"
    run = gridcc(capsys, "--db", sqlite_url(path), "--now", DEMO_NOW, "demo", "--seed", "1", "--cases", "200",
                "--persons", "300")
    assert run.code == 0 and run.err == ""
    match = re.fullmatch(r"演示辖区已生成：(\d+) 个网格，(\d+) 名工作人员，(\d+) 件案件，(\d+) 位居民（本地文件 (.+)，用时 \d+\.\d 秒）\n",
                         run.out.split("演示账户")[0])
    assert match is not None, run.out
    grids, staff, cases, persons = map(int, match.group(1, 2, 3, 4))
    url = sqlite_url(path)
    assert (grids, cases, match.group(5)) == (294, 200, str(path))
    assert persons >= 300 and persons == count_rows(url, Person)
    assert grids == count_rows(url, Region, Region.level == "grid")
    assert staff == count_rows(url, Staff, Staff.login.notlike("demo-%"))  # the demo accounts come on top
    assert cases == count_rows(url, Case)


def test_demo_refuses_non_empty_database(tmp_path, capsys):
    """A second `demo` on the same database stops with exit 2 and says what is already there."""
    path = tmp_path / "x.db"
    url = sqlite_url(path)
    assert gridcc(capsys, "--db", url, "--now", DEMO_NOW, "demo", "--cases", "200", "--persons", "0").code == 0
    regions = count_rows(url, Region)
    run = gridcc(capsys, "--db", url, "--now", DEMO_NOW, "demo", "--cases", "200", "--persons", "0")
    assert run == Run(2, "", f"错误：数据库（本地文件 {path}）不是空的：已有 {regions} 个区域、200 件案件；"
                             "演示数据只能填入空数据库\n")
    assert count_rows(url, Case) == 200


def test_demo_same_seed_and_now_gives_identical_cases(tmp_path, capsys):
    """Two empty databases filled with the same seed at the same --now list exactly the same cases."""
    outputs = []
    for name, seed in (("a.db", 7), ("b.db", 7), ("c.db", 8)):
        url = sqlite_url(tmp_path / name)
        assert gridcc(capsys, "--db", url, "--now", DEMO_NOW, "demo", "--seed", seed, "--cases", "300",
                      "--persons", "0").code == 0
        run = gridcc(capsys, "--db", url, "--now", DEMO_NOW, "cases", "list", "--json", "--limit", "0")
        assert run.code == 0
        outputs.append(run.out)
    assert len(json.loads(outputs[0])) == 300
    assert outputs[0] == outputs[1]
    assert outputs[0] != outputs[2]


def test_demo_covers_every_state_and_light(demo_3000, capsys):
    """The 3000-case demo at a fixed --now holds cases in every state and under every light."""
    run = gridcc(capsys, "--db", sqlite_url(demo_3000), "--now", DEMO_NOW, "cases", "list", "--json",
                 "--limit", "0")
    cases = run.json()
    assert len(cases) == 3000
    assert {c["status"] for c in cases} == {s.value for s in CaseStatus}
    assert {c["light"] for c in cases} == {light.value for light in Light} | {None}
    assert {c["light"] for c in cases if c["status"] in ("closed", "void")} == {None}


@pytest.mark.pg
def test_demo_on_postgresql_matches_sqlite(fresh_pg_url, tmp_path, capsys):
    """The same demo seed and --now list the same cases on PostgreSQL as on SQLite."""
    assert gridcc(capsys, "--db", fresh_pg_url, "db", "upgrade").code == 0
    outputs = []
    for url in (fresh_pg_url, sqlite_url(tmp_path / "x.db")):
        assert gridcc(capsys, "--db", url, "--now", DEMO_NOW, "demo", "--seed", "3", "--cases", "200",
                      "--persons", "0").code == 0
        outputs.append(gridcc(capsys, "--db", url, "--now", DEMO_NOW, "cases", "list", "--json",
                              "--limit", "0").out)
    assert len(json.loads(outputs[0])) == 200
    assert outputs[0] == outputs[1]


# cases list ------------------------------------------------------------------------------------

def test_list_json_has_exactly_the_documented_keys(demo_3000, capsys):
    """Each case in `cases list --json` has exactly the documented keys, in order, with +08:00 times."""
    run = gridcc(capsys, "--db", sqlite_url(demo_3000), "--now", DEMO_NOW, "cases", "list", "--json")
    cases = run.json()
    assert run.code == 0 and len(cases) == 100
    assert all(list(c) == LIST_KEYS for c in cases)
    assert all(c["reported_at"].endswith("+08:00") for c in cases)
    assert all(c["due_at"] is None or c["due_at"].endswith("+08:00") for c in cases)
    assert any(c["due_at"] is not None for c in cases)


def test_list_json_of_imported_cases_is_exact(imported_db, capsys):
    """Imported work orders are listed newest first with every value as stored and lit at --now."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "list", "--json")
    assert run.code == 0
    assert run.json() == [CASE_TWO, CASE_ONE]


@pytest.mark.parametrize("status", ["handling", "closed", "parked", "registered"])
def test_list_status_filter_returns_exactly_that_status(demo_3000, capsys, status):
    """`--status` lists exactly the cases of that status among all cases."""
    base = ["--db", sqlite_url(demo_3000), "--now", DEMO_NOW, "cases", "list", "--json", "--limit", "0"]
    everything = gridcc(capsys, *base).json()
    filtered = gridcc(capsys, *base, "--status", status).json()
    assert filtered == [c for c in everything if c["status"] == status]
    assert filtered


@pytest.mark.parametrize("light", ["green", "yellow", "red"])
def test_list_light_filter_returns_exactly_that_light(demo_3000, capsys, light):
    """`--light` lists exactly the cases lit that colour at --now."""
    base = ["--db", sqlite_url(demo_3000), "--now", DEMO_NOW, "cases", "list", "--json", "--limit", "0"]
    everything = gridcc(capsys, *base).json()
    filtered = gridcc(capsys, *base, "--light", light).json()
    assert filtered == [c for c in everything if c["light"] == light]
    assert filtered


def test_list_light_filter_follows_now(imported_db, capsys):
    """The same cases are yellow at 14:00 and split red/yellow at 14:35, as --now says."""
    def numbers(now, light):
        run = gridcc(capsys, "--db", imported_db, "--now", now, "cases", "list", "--json", "--light", light)
        return [c["case_no"] for c in run.json()]

    assert numbers("2025-09-29T14:00+08:00", "yellow") == ["SJ202509290002", "SJ202509290001"]
    assert numbers("2025-09-29T14:00+08:00", "red") == []
    assert numbers("2025-09-29T14:35+08:00", "red") == ["SJ202509290001"]
    assert numbers("2025-09-29T14:35+08:00", "yellow") == ["SJ202509290002"]


def test_list_table_says_how_many_are_shown(imported_db, capsys):
    """The plain list ends with the total and, when limited, how many are shown."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "list", "--limit", "1")
    lines = run.out.splitlines()
    assert run.code == 0 and len(lines) == 3
    assert lines[1].startswith("SJ202509290002  ● 绿  待派遣  暴露垃圾")
    assert lines[2] == "共 2 件，显示 1 件（--limit 0 显示全部）"


# cases show / act ------------------------------------------------------------------------------

def test_show_json_has_events_and_cards(imported_db, capsys):
    """`cases show --json` lists each event (action, actor, at, note) and the cards filed."""
    base = ["--db", imported_db]
    gridcc(capsys, *base, "--now", IMPORT_NOW, "cases", "act", "SJ202509290001", "dispatch", "--user", "d1",
           "--note", "请尽快处理")
    gridcc(capsys, *base, "--now", "2025-09-29T14:00+08:00", "cases", "sweep")
    run = gridcc(capsys, *base, "--now", "2025-09-29T14:00+08:00", "cases", "show", "SJ202509290001", "--json")
    detail = run.json()
    assert run.code == 0
    assert [(e["action"], e["actor"], e["at"], e["note"]) for e in detail["events"]] == [
        ("report", "importer", "2025-09-29T09:00:00+08:00", None),
        ("register", "importer", "2025-09-29T09:30:00+08:00", None),
        ("dispatch", "d1", "2025-09-29T09:30:00+08:00", "请尽快处理"),
    ]
    card_ids = [card.pop("id") for card in detail["cards"]]
    assert len(card_ids) == 1 and card_ids[0]  # the id `gridcc print card` takes
    assert detail["cards"] == [{
        "color": "yellow", "origin": "sweep", "reason": "案件 SJ202509290001 即将到期，请抓紧处置",
        "issuer": "system", "department": "区城市管理局", "issued_at": "2025-09-29T14:00:00+08:00",
        "reply": None, "replied_at": None,
    }]
    assert list(detail)[:len(LIST_KEYS)] == LIST_KEYS
    assert (detail["status"], detail["light"], detail["time_limit"]) == ("dispatched", "yellow", "4工作时")


def test_show_unknown_case_is_exit_2(imported_db, capsys):
    """Showing a case number that does not exist is a one-line error with exit 2."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "show", "SJ209901010001")
    assert run == Run(2, "", "错误：找不到案件“SJ209901010001”\n")


def test_act_dispatch_without_dept_uses_category_default(imported_db, capsys):
    """`act X dispatch` without --dept sends the case to its category's default department."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "act", "SJ202509290001", "dispatch")
    assert run == Run(0, "SJ202509290001 已派遣，现为“待签收”  ● 绿\n", "")
    detail = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "show", "SJ202509290001",
                    "--json").json()
    assert (detail["status"], detail["department"]) == ("dispatched", "区城市管理局")
    assert detail["events"][-1]["department"] == "区城市管理局"


def test_act_dispatch_to_named_department(imported_db, capsys):
    """`--dept` by code dispatches to that department instead of the default one."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "act", "SJ202509290001", "dispatch",
                 "--dept", "ZFJ")
    assert run.code == 0
    listed = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "list", "--json",
                    "--status", "dispatched").json()
    assert [(c["case_no"], c["department"]) for c in listed] == [("SJ202509290001", "区综合行政执法局")]


def test_act_unknown_department_is_exit_2(imported_db, capsys):
    """Dispatching to a department that does not exist changes nothing and says which name failed."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "act", "SJ202509290001", "dispatch",
                 "--dept", "不存在局")
    assert run == Run(2, "", "错误：找不到部门“不存在局”\n")


def test_act_refused_names_the_state_without_traceback(imported_db, capsys):
    """An action the state does not allow exits 2 with the Chinese reason naming the state."""
    run = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "act", "SJ202509290002", "approve")
    assert run == Run(2, "", "错误：案件当前状态为“待派遣”，不能执行“核查通过”\n")
    listed = gridcc(capsys, "--db", imported_db, "--now", IMPORT_NOW, "cases", "list", "--json").json()
    assert [c["status"] for c in listed] == ["registered", "registered"]


# cases sweep -----------------------------------------------------------------------------------

def test_sweep_files_each_card_once(imported_db, capsys):
    """Sweeping at --now files the due yellow and red cards once; a repeat at the same time files none."""
    def sweep(now):
        return gridcc(capsys, "--db", imported_db, "--now", now, "cases", "sweep")

    assert sweep("2025-09-29T14:00+08:00") == Run(0, "新发黄牌 2 张，红牌 0 张\n", "")
    assert sweep("2025-09-29T14:00+08:00") == Run(0, "新发黄牌 0 张，红牌 0 张\n", "")
    assert sweep("2025-09-29T15:00+08:00") == Run(0, "新发黄牌 0 张，红牌 2 张\n", "")
    assert sweep("2025-09-29T15:00+08:00") == Run(0, "新发黄牌 0 张，红牌 0 张\n", "")


def test_sweep_on_demo_second_run_files_nothing(demo_db, capsys):
    """The demo filed its cards as it was built; a day later a sweep files some, a second none."""
    at_build = gridcc(capsys, "--db", demo_db, "--now", DEMO_NOW, "cases", "sweep")
    assert at_build == Run(0, "新发黄牌 0 张，红牌 0 张\n", "")
    first = gridcc(capsys, "--db", demo_db, "--now", DAY_AFTER_DEMO, "cases", "sweep")
    match = re.fullmatch(r"新发黄牌 (\d+) 张，红牌 (\d+) 张\n", first.out)
    assert first.code == 0 and match is not None
    assert int(match.group(1)) + int(match.group(2)) > 0
    second = gridcc(capsys, "--db", demo_db, "--now", DAY_AFTER_DEMO, "cases", "sweep")
    assert second == Run(0, "新发黄牌 0 张，红牌 0 张\n", "")


# cases import ----------------------------------------------------------------------------------

def test_import_all_good_exits_0(tmp_path, orders_file, capsys, sqlite_template):
    """A file whose rows are all valid exits 0 and prints the three counts; a rerun finds them unchanged."""
    url = ready_url(sqlite_template, tmp_path / "x.db")
    first = gridcc(capsys, "--db", url, "--now", IMPORT_NOW, "cases", "import", orders_file)
    second = gridcc(capsys, "--db", url, "--now", IMPORT_NOW, "cases", "import", orders_file)
    assert first == Run(0, "导入 2 条，未变 0 条，内容不同未更新 0 条，拒绝 0 条\n", "")
    assert second == Run(0, "导入 0 条，未变 2 条，内容不同未更新 0 条，拒绝 0 条\n", "")
    assert count_rows(url, Case) == 2


def test_import_some_rejected_exits_1(tmp_path, capsys, sqlite_template):
    """A file with a rejected row exits 1, prints the counts and where the reasons were written."""
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED_CSV, encoding="utf-8")
    run = gridcc(capsys, "--db", ready_url(sqlite_template, tmp_path / "x.db"), "--now", IMPORT_NOW, "cases", "import", path)
    report = tmp_path / "mixed.rejects.csv"
    assert run == Run(1, f"导入 1 条，未变 0 条，内容不同未更新 0 条，拒绝 1 条\n未导入的行及原因见：{report}\n", "")
    assert report.read_text(encoding="utf-8-sig").splitlines() == ["行号,工单编号,原因", "3,RX102,类别：“9999”不是已配置的事件类别"]


def test_import_unreadable_file_exits_2(tmp_path, capsys, sqlite_template):
    """A damaged .xlsx file exits 2 with one line naming it, and imports nothing."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"this is not a zip file")
    url = ready_url(sqlite_template, tmp_path / "x.db")
    run = gridcc(capsys, "--db", url, "--now", IMPORT_NOW, "cases", "import", path)
    assert run == Run(2, "", "错误：无法读取文件“bad.xlsx”：文件已损坏，或不是 .xlsx 格式\n")
    assert count_rows(url, Case) == 0


def test_import_missing_file_exits_2(tmp_path, capsys, sqlite_template):
    """A file that does not exist exits 2 with its path in the message."""
    path = tmp_path / "none.csv"
    run = gridcc(capsys, "--db", ready_url(sqlite_template, tmp_path / "x.db"), "--now", IMPORT_NOW, "cases", "import", path)
    assert run == Run(2, "", f"错误：找不到文件“{path}”\n")


@pytest.mark.pg
def test_import_list_and_act_on_postgresql(fresh_pg_url, orders_file, capsys, monkeypatch):
    """On PostgreSQL the import, list and dispatch give the same results as on SQLite."""
    monkeypatch.setenv("GRIDCC_USER", "importer")
    assert gridcc(capsys, "--db", fresh_pg_url, "db", "upgrade").code == 0
    base = ["--db", fresh_pg_url, "--now", IMPORT_NOW]
    assert gridcc(capsys, *base, "cases", "import", orders_file) == Run(
        0, "导入 2 条，未变 0 条，内容不同未更新 0 条，拒绝 0 条\n", "")
    assert gridcc(capsys, *base, "cases", "list", "--json").json() == [CASE_TWO, CASE_ONE]
    assert gridcc(capsys, *base, "cases", "act", "SJ202509290001", "dispatch").code == 0
    refused = gridcc(capsys, *base, "cases", "act", "SJ202509290002", "approve")
    assert refused == Run(2, "", "错误：案件当前状态为“待派遣”，不能执行“核查通过”\n")
    assert gridcc(capsys, "--db", fresh_pg_url, "--now", "2025-09-29T15:00+08:00", "cases", "sweep").out == \
        "新发黄牌 0 张，红牌 2 张\n"


def test_version_is_the_installed_programs(capsys):
    """`gridcc --version` prints the version pyproject.toml gives the package, exit 0."""
    version = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml").read_text(encoding="utf-8"))
    run = gridcc(capsys, "--version")
    assert run.code == 0 and run.out.strip() == f"gridcc {version['project']['version']}"
